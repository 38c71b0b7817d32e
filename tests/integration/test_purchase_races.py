"""Purchases racing through the 2-worker live server on PostgreSQL: a balance is never spent twice, and one
student clicking "buy" many times at once gets one purchase. Each runs five times per CI run."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import func, select

from edutrack.adapters.sql.tables.purchases import PurchaseModel
from edutrack.adapters.sql.tables.wallets import LedgerEntryModel, WalletModel
from edutrack.composition import Container
from tests.support.money import Shop, add_lecture, approve, build_shop, fund, seed_purchase
from tests.support.people import PASSWORD, student_id

pytestmark = pytest.mark.anyio

INSUFFICIENT = {"error": "Insufficient balance"}
ACTIVE = {"error": "You already have active access to this lecture"}


async def _bearer(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    response = await client.post("/accounts/token/", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access']}"}


async def _money(container: Container, shop: Shop) -> tuple[Decimal, Decimal, int, int]:
    """Wallet balance, the sum of its ledger, the number of purchase debits and of purchases."""
    me, course = student_id(shop.cast.student), shop.cast.course
    assert container.read_sessions is not None
    async with container.read_sessions() as session:
        balance = await session.scalar(
            select(WalletModel.balance).where(WalletModel.student_id == me, WalletModel.course_id == course)
        )
        ledger = await session.scalar(
            select(func.coalesce(func.sum(LedgerEntryModel.amount), 0)).where(
                LedgerEntryModel.student_id == me, LedgerEntryModel.course_id == course
            )
        )
        debits = await session.scalar(
            select(func.count()).where(LedgerEntryModel.student_id == me, LedgerEntryModel.kind == "purchase")
        )
        purchases = await session.scalar(select(func.count()).where(PurchaseModel.student_id == me))
    return Decimal(balance), Decimal(ledger), int(debits or 0), int(purchases or 0)


@pytest.mark.parametrize("attempt", range(5))
async def test_a_balance_for_ten_lectures_buys_exactly_ten_of_thirty(
    live_server: str, pg_container: Container, attempt: int
) -> None:
    shop = await build_shop(pg_container)
    cast = shop.cast
    await approve(pg_container, cast.student, cast.course)
    lectures = [
        await add_lecture(pg_container, cast.teacher.actor, shop.topic, f"Race {n}", price="12.50")
        for n in range(30)
    ]
    await fund(pg_container, cast.student, cast.course, "125.00")
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        headers = await _bearer(client, cast.student.username)
        responses = await asyncio.gather(
            *(client.post(f"/courses/lectures/{lecture}/purchase/", headers=headers) for lecture in lectures)
        )
    statuses = Counter(response.status_code for response in responses)
    assert statuses == {201: 10, 400: 20}, [r.text for r in responses if r.status_code not in (201, 400)]
    assert all(r.json() == INSUFFICIENT for r in responses if r.status_code == 400)
    assert all(r.json()["amount_paid"] == "12.50" for r in responses if r.status_code == 201)
    balance, ledger, debits, purchases = await _money(pg_container, shop)
    assert (balance, ledger, debits, purchases) == (Decimal("0.00"), Decimal("0.00"), 10, 10)


@pytest.mark.parametrize("attempt", range(5))
async def test_one_lecture_bought_twenty_times_at_once_is_bought_once(
    live_server: str, pg_container: Container, attempt: int
) -> None:
    shop = await build_shop(pg_container)
    cast = shop.cast
    await approve(pg_container, cast.student, cast.course)
    await fund(pg_container, cast.student, cast.course, "1000.00")
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        headers = await _bearer(client, cast.student.username)
        path = f"/courses/lectures/{shop.lecture}/purchase/"
        responses = await asyncio.gather(*(client.post(path, headers=headers) for _ in range(20)))
    statuses = Counter(response.status_code for response in responses)
    assert statuses == {201: 1, 400: 19}, [r.text for r in responses if r.status_code not in (201, 400)]
    assert all(r.json() == ACTIVE for r in responses if r.status_code == 400)
    balance, ledger, debits, purchases = await _money(pg_container, shop)
    assert (balance, ledger, debits, purchases) == (Decimal("920.00"), Decimal("920.00"), 1, 1)


@pytest.mark.parametrize("attempt", range(5))
async def test_a_free_lecture_bought_twenty_times_at_once_is_bought_once(
    live_server: str, pg_container: Container, attempt: int
) -> None:
    """No wallet to lock here: the partial unique index on the current purchase decides."""
    shop = await build_shop(pg_container)
    cast = shop.cast
    await approve(pg_container, cast.student, cast.course)
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        headers = await _bearer(client, cast.student.username)
        path = f"/courses/lectures/{shop.free}/purchase/"
        responses = await asyncio.gather(*(client.post(path, headers=headers) for _ in range(20)))
    statuses = Counter(response.status_code for response in responses)
    assert statuses == {201: 1, 400: 19}, [r.text for r in responses if r.status_code not in (201, 400)]
    assert all(r.json() == ACTIVE for r in responses if r.status_code == 400)
    assert pg_container.read_sessions is not None
    async with pg_container.read_sessions() as session:
        count = await session.scalar(select(func.count()).select_from(PurchaseModel))
    assert count == 1


REPLACED = {
    "error": "This purchase was replaced by a newer purchase of the same lecture; extend that one instead"
}


@pytest.mark.parametrize("attempt", range(5))
async def test_a_reopen_racing_a_rebuy_never_leaves_two_unexpired_purchases(
    live_server: str, pg_container: Container, attempt: int
) -> None:
    """The student's purchase has expired; at the same moment the teacher extends it and the student buys
    the lecture again. Both row-lock the old purchase, so exactly one wins: either access is extended and
    the purchase is refused (no charge), or the lecture is bought and the reopen finds the purchase
    replaced. Never both: one unexpired purchase, one charge at most."""
    shop = await build_shop(pg_container)
    cast = shop.cast
    await approve(pg_container, cast.student, cast.course)
    await fund(pg_container, cast.student, cast.course, "80.00")
    now = pg_container.clock.now()
    old = await seed_purchase(pg_container, cast.student, shop.lecture, at=now - timedelta(days=31))
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        student, teacher = (
            await _bearer(client, cast.student.username),
            await _bearer(client, cast.teacher.username),
        )
        bought, reopened = await asyncio.gather(
            client.post(f"/courses/lectures/{shop.lecture}/purchase/", headers=student),
            client.patch(f"/courses/purchases/{old}/reopen/", json={"extra_days": 10}, headers=teacher),
        )
    outcome = (bought.status_code, reopened.status_code)
    assert outcome in {(400, 200), (201, 400)}, (bought.text, reopened.text)
    balance, ledger, debits, purchases = await _money(pg_container, shop)
    assert pg_container.read_sessions is not None
    async with pg_container.read_sessions() as session:
        rows = (
            await session.execute(
                select(PurchaseModel.id, PurchaseModel.is_current, PurchaseModel.extra_days).order_by(
                    PurchaseModel.id
                )
            )
        ).all()
    if outcome == (400, 200):
        assert bought.json() == ACTIVE
        assert (balance, ledger, debits, purchases) == (Decimal("80.00"), Decimal("80.00"), 0, 1)
        assert [tuple(r) for r in rows] == [(old, True, 10)]
    else:
        assert reopened.json() == REPLACED
        assert (balance, ledger, debits, purchases) == (Decimal("0.00"), Decimal("0.00"), 1, 2)
        assert [tuple(r) for r in rows] == [(old, False, 0), (bought.json()["id"], True, 0)]
