"""Throttles and refresh rotation under bursts (issue 11): simultaneous requests against
``edutrack serve --workers 2`` on PostgreSQL, and through the in-process app on SQLite and PostgreSQL.

Every attempt is counted by one atomic statement before the password or the code is checked, so a
burst gets at most the limit's number of checks (non-429 answers); parallel refreshes of one token
all get the same successor inside the grace window."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Role
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from tests.support.http import OWNER_PASSWORD, MakeUser
from tests.support.money import STUDENT_PASSWORD, make_money

pytestmark = pytest.mark.anyio

TOO_MANY = {"detail": "Too many attempts. Try again later."}
WRONG = "Wrong-pass-1"


def statuses(responses: list[httpx.Response]) -> Counter[int]:
    return Counter(r.status_code for r in responses)


def checked(responses: list[httpx.Response]) -> int:
    """Answers that were not throttled: each one cost a password check or a code lookup."""
    assert all(r.json() == TOO_MANY for r in responses if r.status_code == 429)
    return sum(r.status_code != 429 for r in responses)


async def burst(
    client: httpx.AsyncClient, path: str, bodies: list[dict], **extra: object
) -> list[httpx.Response]:
    return list(await asyncio.gather(*(client.post(path, json=body, **extra) for body in bodies)))  # type: ignore[arg-type]


async def wrong_logins(client: httpx.AsyncClient) -> None:
    responses = await burst(client, "/accounts/token/", [{"username": "owner", "password": WRONG}] * 60)
    assert checked(responses) <= 5, statuses(responses)
    assert set(statuses(responses)) <= {401, 429} and statuses(responses)[429] >= 55


async def right_password_in_a_burst(client: httpx.AsyncClient) -> None:
    bodies = [{"username": "owner", "password": WRONG}] * 29
    bodies.insert(15, {"username": "owner", "password": OWNER_PASSWORD})
    responses = await burst(client, "/accounts/token/", bodies)
    assert checked(responses) <= 5, statuses(responses)
    if responses[15].status_code == 429:  # the limit was used up: the right password stays refused
        again = await client.post("/accounts/token/", json={"username": "owner", "password": OWNER_PASSWORD})
        assert again.status_code == 429


async def unknown_usernames(client: httpx.AsyncClient) -> None:
    bodies = [{"username": f"nobody{n}", "password": WRONG} for n in range(60)]
    responses = await burst(client, "/accounts/token/", bodies)
    assert checked(responses) <= 50, statuses(responses)
    assert statuses(responses)[429] >= 10


async def parallel_refreshes(client: httpx.AsyncClient) -> None:
    tokens = await client.post("/accounts/token/", json={"username": "owner", "password": OWNER_PASSWORD})
    assert tokens.status_code == 200, tokens.text
    responses = await burst(client, "/accounts/token/refresh/", [{"refresh": tokens.json()["refresh"]}] * 20)
    assert statuses(responses) == {200: 20}, [r.text for r in responses if r.status_code != 200]
    successors = {r.json()["refresh"] for r in responses}
    assert len(successors) == 1
    [successor] = successors
    then = await client.post("/accounts/token/refresh/", json={"refresh": successor})
    assert then.status_code == 200, then.text


# --- the 2-worker live server on PostgreSQL ------------------------------------------------------------


async def live_owner(container: Container) -> None:
    await container.get(CreateSiteOwner).execute(SYSTEM, NewSiteOwner("owner", OWNER_PASSWORD))


async def test_live_wrong_logins_burst(live_server: str, pg_container: Container) -> None:
    await live_owner(pg_container)
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        await wrong_logins(client)


async def test_live_right_password_in_a_burst(live_server: str, pg_container: Container) -> None:
    await live_owner(pg_container)
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        await right_password_in_a_burst(client)


async def test_live_unknown_usernames_burst(live_server: str, pg_container: Container) -> None:
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        await unknown_usernames(client)


async def test_live_random_codes_burst(live_server: str, pg_container: Container) -> None:
    money = await make_money(pg_container, password_hash=await pg_container.hasher.hash(STUDENT_PASSWORD))
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        tokens = await client.post(
            "/accounts/token/", json={"username": money.student.username, "password": STUDENT_PASSWORD}
        )
        assert tokens.status_code == 200, tokens.text
        headers = {"Authorization": f"Bearer {tokens.json()['access']}"}
        bodies = [{"code": f"AAAA-AAAA-AAAA-{n:04d}"} for n in range(30)]
        responses = await burst(client, "/payments/codes/redeem/", bodies, headers=headers)
    assert checked(responses) <= 10, statuses(responses)
    assert set(statuses(responses)) <= {404, 429}


async def test_live_parallel_refreshes(live_server: str, pg_container: Container) -> None:
    await live_owner(pg_container)
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        await parallel_refreshes(client)


# --- the in-process app (SQLite serialises writers; PostgreSQL through one process) ----------------------


async def test_in_process_login_bursts(client: httpx.AsyncClient, make_user: MakeUser) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    await wrong_logins(client)
    await unknown_usernames(client)


async def test_in_process_right_password_in_a_burst(client: httpx.AsyncClient, make_user: MakeUser) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    await right_password_in_a_burst(client)


async def test_in_process_parallel_refreshes(client: httpx.AsyncClient, make_user: MakeUser) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    await parallel_refreshes(client)
