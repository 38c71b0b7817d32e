"""Races on one ``Idempotency-Key`` through the 2-worker live server on PostgreSQL: simultaneous retries
have one effect and all get the same answer. Each runs five times per CI run."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import httpx
import pytest

from edutrack.composition import Container
from tests.support.money import balance_of, open_shop, purchases_of
from tests.support.people import PASSWORD

pytestmark = pytest.mark.anyio

ATTEMPTS = 20


async def _bearer(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    response = await client.post("/accounts/token/", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access']}"}


@pytest.mark.parametrize("attempt", range(5))
async def test_concurrent_purchases_with_one_key_buy_once_and_answer_alike(
    live_server: str, pg_container: Container, attempt: int
) -> None:
    shop = await open_shop(pg_container, balance="250", price="100")
    async with httpx.AsyncClient(base_url=live_server, timeout=30) as client:
        headers = {**await _bearer(client, "pupil"), "Idempotency-Key": f"double-click-{attempt}"}
        path = f"/courses/lectures/{shop.lecture}/purchase/"
        responses = await asyncio.gather(*(client.post(path, headers=headers) for _ in range(ATTEMPTS)))
    answers = {(response.status_code, response.content) for response in responses}
    assert len(answers) == 1, answers
    assert responses[0].status_code == 201, responses[0].text
    assert sum(r.headers.get("idempotent-replayed") == "true" for r in responses) == ATTEMPTS - 1
    assert await purchases_of(pg_container, shop) == 1
    assert await balance_of(pg_container, shop) == Decimal("150.00")


@pytest.mark.parametrize("attempt", range(5))
async def test_concurrent_balance_additions_with_one_key_add_once(
    live_server: str, pg_container: Container, attempt: int
) -> None:
    shop = await open_shop(pg_container, balance="250")
    body = {"student_id": str(shop.student_id), "course_id": shop.world.course, "amount": "50.00"}
    async with httpx.AsyncClient(base_url=live_server, timeout=30) as client:
        headers = {**await _bearer(client, shop.world.teacher.username), "Idempotency-Key": f"add-{attempt}"}
        responses = await asyncio.gather(
            *(client.post("/payments/balance/add/", json=body, headers=headers) for _ in range(ATTEMPTS))
        )
    answers = {(response.status_code, response.content) for response in responses}
    assert len(answers) == 1, answers
    assert responses[0].status_code == 200, responses[0].text
    assert await balance_of(pg_container, shop) == Decimal("300.00")
