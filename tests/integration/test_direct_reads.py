"""Reads straight on the driver (ADR 0017, adapters/sql/direct.py), on PostgreSQL: a reader's
statement, from its second use on, runs as a prepared fetch on asyncpg instead of through SQLAlchemy's
execution. The answers are the same bytes either way, a NUL is still refused, a driver error hands the
read back to SQLAlchemy, a killed connection is replaced, and anyone listening to the statements
(statement counters, the fault injector) sees them all.

"Through SQLAlchemy" is counted at its asyncpg cursor adapter, "at the driver" at asyncpg's
``PreparedStatement.fetch`` and ``Connection.fetch``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import pytest
from asyncpg.prepared_stmt import PreparedStatement
from sqlalchemy import event
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_cursor

from edutrack.composition import Container
from edutrack.core.actor import Role
from tests.support.courses import add_content, add_course, build_people, detail
from tests.support.http import Headers, HeadersFor, MakeUser

pytestmark = [pytest.mark.anyio, pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    seen: Counter[str] = Counter()

    def spy(cls: type, name: str, label: str) -> None:
        original = getattr(cls, name)

        async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            seen[label] += 1
            return await original(self, *args, **kwargs)

        monkeypatch.setattr(cls, name, wrapper)

    spy(AsyncAdapt_asyncpg_cursor, "_prepare_and_execute", "sqlalchemy")
    spy(PreparedStatement, "fetch", "driver")  # SQLAlchemy's statements, and a direct read's first fetch
    spy(asyncpg.Connection, "fetch", "driver")  # the direct reads (asyncpg's own statement cache)
    yield seen


async def _urls(
    container: Container, make_user: MakeUser, headers_for: HeadersFor, owner: Headers
) -> tuple[list[str], list[str]]:
    people = await build_people(container, make_user, headers_for, owner)
    course_id = await add_course(container, people.world, "Algebra")
    content = await add_content(container, course_id, topics=2, lectures=3, videos=2)
    topic_id, lecture_id = content.topics[0], content.lectures[0]
    # readers whose statements are built once per shape: every read of theirs goes to the driver
    built_once = [
        detail(course_id),
        f"/courses/topics/{topic_id}/",
        f"/courses/lectures/{lecture_id}/",
        f"/courses/lectures/?topic={topic_id}&search=Lecture&ordering=-order",
        "/payments/revenue/summary/",
    ]
    # and readers that build theirs per call (filters): those keep SQLAlchemy's compiled cache
    return built_once, ["/courses/?page_size=2", "/accounts/teachers/"]


async def _bodies(client: httpx.AsyncClient, urls: list[str], headers: Headers) -> list[bytes]:
    bodies = []
    for url in urls:
        response = await client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.text)
        bodies.append(response.content)
    return bodies


async def test_warm_reads_go_to_the_driver_and_answer_the_same_bytes(
    client: httpx.AsyncClient,
    container: Container,
    make_user: MakeUser,
    headers_for: HeadersFor,
    owner_headers: Headers,
    calls: Counter[str],
) -> None:
    built_once, per_call = await _urls(container, make_user, headers_for, owner_headers)
    urls = built_once + per_call
    cold = await _bodies(client, urls, owner_headers)

    calls.clear()
    warm = await _bodies(client, built_once, owner_headers)
    assert calls["sqlalchemy"] == 0, calls
    assert calls["driver"] >= 2 * len(built_once), calls  # authentication and at least one read each
    warm += await _bodies(client, per_call, owner_headers)

    engine = container.engines[0].sync_engine
    listened: list[str] = []

    def listener(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        listened.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        calls.clear()
        heard = await _bodies(client, urls, owner_headers)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert calls["sqlalchemy"] == calls["driver"] == len(listened) > 2 * len(urls), calls
    assert cold == warm == heard


async def test_a_nul_in_a_warm_read_is_still_refused(
    client: httpx.AsyncClient, owner_headers: Headers, calls: Counter[str]
) -> None:
    url = "/courses/lectures/?search=a%00b"
    answers = [await client.get(url, headers=owner_headers) for _ in range(3)]
    assert [a.status_code for a in answers] == [400, 400, 400]
    assert answers[0].json() == answers[2].json()


async def test_a_driver_error_on_a_direct_read_hands_the_read_back_to_sqlalchemy(
    client: httpx.AsyncClient,
    owner_headers: Headers,
    calls: Counter[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = "/payments/revenue/summary/"
    first = await client.get(url, headers=owner_headers)
    await client.get(url, headers=owner_headers)
    fetch = asyncpg.Connection.fetch  # the spy of ``calls``
    failures = [asyncpg.exceptions.QueryCanceledError("canceling statement due to user request")]

    async def failing_once(self: asyncpg.Connection, *args: Any, **kwargs: Any) -> Any:
        if failures:
            raise failures.pop()
        return await fetch(self, *args, **kwargs)

    monkeypatch.setattr(asyncpg.Connection, "fetch", failing_once)
    calls.clear()
    again = await client.get(url, headers=owner_headers)

    assert not failures
    assert again.status_code == 200 and again.content == first.content
    assert calls["sqlalchemy"] == 1, calls  # the failed read, run again by SQLAlchemy


async def test_a_connection_killed_between_requests_is_replaced(
    client: httpx.AsyncClient, make_user: MakeUser, headers_for: HeadersFor, database_url: str
) -> None:
    await make_user(Role.SITE_OWNER, "boss")
    headers = await headers_for("boss")
    for _ in range(3):  # the statements are known: the next reads go to the driver
        assert (await client.get("/accounts/teachers/", headers=headers)).status_code == 200

    admin = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        killed = await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await admin.close()
    assert killed >= 1

    # the first request may still meet a killed connection (if the driver has not yet read the server's
    # goodbye): it answers 503, never 500; the pool then holds none of them
    first = await client.get("/accounts/teachers/", headers=headers)
    assert first.status_code in (200, 503), first.text
    for _ in range(2):
        assert (await client.get("/accounts/teachers/", headers=headers)).status_code == 200
