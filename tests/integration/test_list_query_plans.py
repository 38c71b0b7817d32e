"""Every list endpoint's page query is served by an index on PostgreSQL (issue 16).

A fresh database gets tens of thousands of rows per listed table (``tests/support/bulk_rows.py``) and
``ANALYZE``. Each endpoint then runs through the app; the page query it actually sent (the statement with
``LIMIT``, with its parameters) goes to ``EXPLAIN (FORMAT JSON)``. A plan fails on a sequential scan of a
loaded table or on a ``Sort`` whose input is more than a page's worth of rows (sorting the whole table or
a big slice of it); a top-N taken from an index, or an incremental sort of equal keys, passes. The counts
that need no other table must not join one. PostgreSQL only: the planner is what is under test.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy import event

from edutrack.adapters.sql import migrate
from edutrack.composition import Container
from edutrack.core.actor import Role
from edutrack.ports.integrations import AnalyticsReader, TimeWindow
from tests.support.bulk_rows import catalogue, fill
from tests.support.databases import PG_ADMIN_URL, asyncpg_url, pg_admin
from tests.support.http import OWNER_PASSWORD, HeadersFor, MakeUser

# a table with at least this many rows is "loaded": a sequential scan of it fails the plan (the smaller
# ones, courses and the reference tables, fit in a few pages, where a scan is the right plan)
LOADED_ROWS = 4000
BIG_SORT = 500  # rows into a Sort node above which it sorts (a slice of) the table, not a page or two

# (who, path): the list endpoints and the filters the API documents, as the site owner (owner), a student
# (s2: a verified one) or a teacher (t1); the course/topic/student ids exist in the loaded rows
ENDPOINTS = [
    ("owner", "/courses/"),
    ("owner", "/courses/?teacher=1"),
    ("owner", "/courses/topics/"),
    ("owner", "/courses/topics/?course=7"),
    ("owner", "/courses/lectures/"),
    ("owner", "/courses/lectures/?topic=70"),
    ("student", "/courses/lectures/"),
    ("owner", "/courses/videos/"),
    ("owner", "/courses/videos/?lecture=700"),
    ("owner", "/accounts/students/"),
    ("owner", "/accounts/students/?status=pending"),
    ("student", "/courses/enrollments/my/"),
    ("teacher", "/courses/enrollments/pending/"),
    ("teacher", "/courses/enrollments/pending/?course=50"),
    ("owner", "/courses/purchases/"),
    ("owner", "/courses/purchases/?lecture=700"),
    ("owner", "/courses/purchases/?student_id=2"),
    ("owner", "/courses/purchases/?course=7"),
    ("student", "/courses/purchases/my/"),
    ("owner", "/payments/codes/"),
    ("owner", "/payments/codes/?course=7"),
    ("owner", "/notifications/"),
    ("owner", "/notifications/?is_read=false"),
    ("owner", "/question-bank/questions/"),
    ("owner", "/question-bank/questions/?question_type=written"),
    ("owner", "/question-bank/questions/?difficulty=hard&question_type=mcq_single"),
    ("owner", "/question-bank/questions/?is_global=true"),
    ("teacher", "/question-bank/questions/"),
    ("teacher", "/question-bank/questions/?mine=true"),
    ("owner", "/learning/homeworks/1/submissions/"),
    ("owner", "/learning/quizzes/1/submissions/"),
]
# counts over one table: with these paths (no filter on a parent), the count must not join
SINGLE_TABLE_COUNTS = {"/courses/lectures/", "/courses/topics/", "/courses/videos/", "/courses/purchases/"}

pytestmark = pytest.mark.anyio


@pytest.fixture
def database_url(pg_database: str) -> Iterator[str]:  # pg_database: skip/fail like the other PG tests
    """A database of this test's own (it is filled, not truncated, and dropped at the end)."""
    name = f"edutrack_plans_{uuid.uuid4().hex[:8]}"
    asyncio.run(pg_admin(f'CREATE DATABASE "{name}"'))
    try:
        url = asyncpg_url(PG_ADMIN_URL, name)
        migrate.upgrade(url)
        yield url
    finally:
        asyncio.run(pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


class Captured:
    """The statements (with parameters) the app sends while a request runs."""

    def __init__(self, container: Container) -> None:
        self.engines = [engine.sync_engine for engine in container.engines]
        self.statements: list[tuple[str, Any]] = []

    def _before(self, _conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        self.statements.append((statement, parameters))

    def __enter__(self) -> Captured:
        for engine in self.engines:
            event.listen(engine, "before_cursor_execute", self._before)
        return self

    def __exit__(self, *_: object) -> None:
        for engine in self.engines:
            event.remove(engine, "before_cursor_execute", self._before)

    def page_query(self) -> tuple[str, Any]:
        pages = [(s, p) for s, p in self.statements if " LIMIT " in s and not _is_count(s)]
        assert pages, [s for s, _ in self.statements]
        return pages[0]

    def counts(self) -> list[str]:
        return [s for s, _ in self.statements if _is_count(s)]


def _is_count(statement: str) -> bool:
    return statement.lstrip().upper().startswith("SELECT COUNT(*)")


def problems(plan: dict[str, Any], loaded: set[str]) -> list[str]:
    """What in a JSON plan reads a loaded table whole: a Seq Scan of it, or a big Sort."""
    found: list[str] = []
    kind = plan["Node Type"]
    if kind == "Seq Scan" and plan.get("Relation Name") in loaded:
        found.append(f"Seq Scan on {plan['Relation Name']} ({plan['Plan Rows']} rows)")
    if kind == "Sort":
        into = sum(child["Plan Rows"] for child in plan.get("Plans", []))
        if into > BIG_SORT:
            found.append(f"Sort of {into} rows by {plan.get('Sort Key')}")
    for child in plan.get("Plans", []):
        found.extend(problems(child, loaded))
    return found


async def explain(dsn: str, statement: str, parameters: Any) -> dict[str, Any]:
    conn = await asyncpg.connect(dsn)
    try:
        raw = await conn.fetchval("EXPLAIN (FORMAT JSON) " + statement, *(parameters or ()))
    finally:
        await conn.close()
    return (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]


async def loaded_tables(dsn: str) -> set[str]:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace "
            "AND reltuples >= $1",
            LOADED_ROWS,
        )
    finally:
        await conn.close()
    return {row["relname"] for row in rows}


async def check(dsn: str, loaded: set[str], label: str, statement: str, parameters: Any) -> list[str]:
    """The plan's problems, each line labelled; the statement and plan are printed when there are some."""
    plan = await explain(dsn, statement, parameters)
    found = problems(plan, loaded)
    if found:
        print(f"--- {label}\n{statement}\n{parameters}\n{json.dumps(plan, indent=1)}")
    return [f"{label}: {problem}" for problem in found]


@pytest.fixture
async def loaded(database_url: str, make_user: MakeUser, container: Container) -> AsyncIterator[str]:
    owner = await make_user(Role.SITE_OWNER, "owner")
    password_hash = await container.hasher.hash(OWNER_PASSWORD)
    rows = catalogue(
        users_from=owner.id,  # type: ignore[arg-type]
        password_hash=password_hash,
        courses=100,  # 1,000 topics, 10,000 lectures and videos
        students=6_000,
        rows=10_000,
    )
    await fill(_dsn(database_url), rows)
    yield _dsn(database_url)


async def test_every_list_page_query_reads_an_index(
    loaded: str, client: httpx.AsyncClient, headers_for: HeadersFor, container: Container
) -> None:
    headers = {
        "owner": await headers_for("owner"),
        "student": await headers_for("s2"),
        "teacher": await headers_for("t1"),
    }
    tables = await loaded_tables(loaded)
    assert {"lectures", "enrollments", "purchases", "notifications", "bank_questions"} <= tables, tables
    failures: list[str] = []
    for who, path in ENDPOINTS:
        with Captured(container) as captured:
            response = await client.get(path, headers=headers[who])
        assert response.status_code == 200, (path, response.text)
        assert response.json()["count"] > 0, path
        failures += await check(loaded, tables, f"{who} {path}", *captured.page_query())
        if path in SINGLE_TABLE_COUNTS and who == "owner":
            joined = [count for count in captured.counts() if " JOIN " in count]
            if joined:
                failures.append(f"{who} {path}: the count joins: {joined[0]}")

    # the Appsembler enrollments batch (streamed, not paged): approved enrolments in a time window
    window = TimeWindow(start=datetime(2026, 1, 2, tzinfo=UTC), until=datetime(2026, 1, 3, tzinfo=UTC))
    with Captured(container) as captured:
        batch = [row async for row in container.get(AnalyticsReader).enrollments(window, None)]
    assert batch
    failures += await check(loaded, tables, "enrollments batch", *captured.statements[-1])
    assert not failures, "\n".join(failures)
