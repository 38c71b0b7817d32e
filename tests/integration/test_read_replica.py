"""Read replicas (issue 16, ADR 0015): EDUTRACK_DATABASE_URL points at one
PostgreSQL database and EDUTRACK_DATABASE_READ_URL at a second one, migrated alike. The second is filled
with a copy of the first (what streaming replication would have sent), then drifts on purpose: its courses
and topics get another name, so an answer shows which database it was read from. Statements are also
counted per engine.

Lists, dashboards, analytics and exports read the replica; writes (and the reads they decide on or answer
with), single-object reads and authentication read the primary."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy import event, exc, text

from edutrack.composition import Container, build_container
from edutrack.core.use_cases.wallets.generate_codes import CodeRequest, GenerateRechargeCodes
from edutrack.entrypoints.http.app import create_app
from edutrack.settings import Settings
from tests.support.catalog import Headers, World, add_topic
from tests.support.databases import TABLES, migrated_pg_database

pytestmark = [pytest.mark.anyio, pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)]
DRIFT = " (replica)"
DISABLED = {"detail": "User account is disabled."}


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


@pytest.fixture(scope="module")
def replica_database(pg_database: str) -> Iterator[str]:
    """A second database, migrated like the primary (``pg_database`` brings the skip-or-fail-in-CI rule)."""
    with migrated_pg_database("edutrack_replica") as url:
        yield url


@pytest.fixture
async def replica_url(replica_database: str) -> AsyncIterator[str]:
    yield replica_database
    async with _connected(replica_database) as conn:
        await conn.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")


@pytest.fixture
def settings(database_url: str, replica_url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        database_read_url=replica_url,
        password_hashing="fast",
        media_dir=tmp_path / "media",
    )


async def replicate(primary_url: str, replica_url: str) -> None:
    """Copy every table of the primary into the (empty) replica, then let the replica drift: its courses
    and topics are renamed, so an answer read there says so."""
    source = await asyncpg.connect(_plain(primary_url))
    target = await asyncpg.connect(_plain(replica_url))
    try:
        await target.execute("SET session_replication_role = replica")  # no FK checks, as a standby
        for table in reversed(TABLES):
            data = io.BytesIO()
            await source.copy_from_table(table, output=data, format="binary")
            data.seek(0)
            await target.copy_to_table(table, source=data, format="binary")
        await target.execute(f"UPDATE courses SET name = name || '{DRIFT}'")
        await target.execute(f"UPDATE topics SET name = name || '{DRIFT}'")
    finally:
        await source.close()
        await target.close()


@asynccontextmanager
async def _connected(url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(_plain(url))
    try:
        yield conn
    finally:
        await conn.close()


@dataclass
class Seeded:
    world: World
    auth: Headers
    topic: int


@pytest.fixture
async def seeded(
    container: Container, world: World, auth: Headers, database_url: str, replica_url: str
) -> Seeded:
    topic = await add_topic(container, world, name="Kinematics")
    await container.get(GenerateRechargeCodes).execute(
        world.owner.actor, CodeRequest(course_id=world.course, value=Decimal("50.00"), count=2)
    )
    await replicate(database_url, replica_url)
    return Seeded(world, auth, topic)


@dataclass
class Where:
    """The statements each engine ran, and the transaction statements sent on the wire, per database."""

    primary: list[str] = field(default_factory=list)
    replica: list[str] = field(default_factory=list)
    transactions: Counter[tuple[str, str]] = field(default_factory=Counter)  # (database, BEGIN|COMMIT|...)

    def reset(self) -> None:
        self.primary.clear()
        self.replica.clear()
        self.transactions.clear()

    @property
    def only_authentication_on_the_primary(self) -> bool:
        """The principal read (one statement on ``users``) is all the primary saw."""
        return len(self.primary) == 1 and "FROM users" in self.primary[0]


@pytest.fixture
def where(container: Container, monkeypatch: pytest.MonkeyPatch) -> Iterator[Where]:
    seen = Where()
    primary, replica = container.engines[0].sync_engine, container.replica_engine
    assert replica is not None and container.engines == [container.engines[0], replica]
    replica_db = replica.url.database

    def on(into: list[str]) -> Any:
        def before(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
            into.append(statement)

        return before

    listeners = [(primary, on(seen.primary)), (replica.sync_engine, on(seen.replica))]
    for engine, listener in listeners:
        event.listen(engine, "before_cursor_execute", listener)
    original = asyncpg.Connection.execute

    async def execute(self: asyncpg.Connection, query: str, *args: Any, **kwargs: Any) -> Any:
        word = query.split(maxsplit=1)[0].rstrip(";").upper() if query.strip() else ""
        if word in {"BEGIN", "COMMIT", "ROLLBACK"}:
            database = self._params.database  # type: ignore[attr-defined]
            seen.transactions["replica" if database == replica_db else "primary", word] += 1
        return await original(self, query, *args, **kwargs)

    monkeypatch.setattr(asyncpg.Connection, "execute", execute)
    try:
        yield seen
    finally:
        for engine, listener in listeners:
            event.remove(engine, "before_cursor_execute", listener)


# --- pure reads: the replica ---------------------------------------------------------------------------


async def test_a_list_reads_the_replica(client: httpx.AsyncClient, seeded: Seeded, where: Where) -> None:
    response = await client.get(
        "/courses/topics/", params={"course": seeded.world.course}, headers=seeded.auth["teacher"]
    )

    assert response.status_code == 200, response.text
    [topic] = response.json()["results"]
    assert (topic["name"], topic["course_name"]) == ("Kinematics" + DRIFT, "Physics 1" + DRIFT)
    assert where.replica and where.only_authentication_on_the_primary, where
    # autocommit on both, as the primary's reads since ADR 0010: no BEGIN, no ROLLBACK
    assert not where.transactions, where.transactions


async def test_a_dashboard_and_analytics_read_the_replica(
    client: httpx.AsyncClient, seeded: Seeded, where: Where
) -> None:
    owner = seeded.auth["owner"]
    dashboard = await client.get("/dashboards/site-owner/", headers=owner)
    assert dashboard.status_code == 200, dashboard.text
    assert where.replica and where.only_authentication_on_the_primary, where

    where.reset()
    summary = await client.get("/payments/revenue/summary/", headers=owner)
    assert summary.status_code == 200, summary.text
    assert where.replica and where.only_authentication_on_the_primary, where
    assert "Physics 1" + DRIFT in summary.text


async def test_an_export_reads_the_replica(client: httpx.AsyncClient, seeded: Seeded, where: Where) -> None:
    response = await client.get("/payments/codes/export/", headers=seeded.auth["owner"])

    assert response.status_code == 200, response.text
    rows = response.text.strip().splitlines()
    assert len(rows) == 3
    assert all("Physics 1" + DRIFT in row for row in rows[1:])
    assert where.replica and where.only_authentication_on_the_primary, where


# --- writes, single objects and authentication: the primary --------------------------------------------


async def test_a_write_and_the_reads_inside_it_go_to_the_primary(
    client: httpx.AsyncClient, seeded: Seeded, where: Where, database_url: str, replica_url: str
) -> None:
    response = await client.post(
        "/courses/topics/",
        json={"course": seeded.world.course, "name": "Optics"},
        headers=seeded.auth["teacher"],
    )

    assert response.status_code == 201, response.text
    # the answer is read back from the primary: its course name has not drifted
    assert (response.json()["name"], response.json()["course_name"]) == ("Optics", "Physics 1")
    assert where.replica == []
    assert where.transactions == {("primary", "BEGIN"): 1, ("primary", "COMMIT"): 1}, where.transactions
    assert any(statement.startswith("INSERT INTO topics") for statement in where.primary)
    for url, expected in ((database_url, 1), (replica_url, 0)):
        async with _connected(url) as conn:
            assert await conn.fetchval("SELECT count(*) FROM topics WHERE name = 'Optics'") == expected


async def test_a_single_object_reads_the_primary(
    client: httpx.AsyncClient, seeded: Seeded, where: Where
) -> None:
    """Read-your-writes: a client that has just created or changed it asks for it by id."""
    response = await client.get(f"/courses/topics/{seeded.topic}/", headers=seeded.auth["teacher"])

    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Kinematics"
    assert where.replica == []


async def test_authentication_reads_the_primary(
    client: httpx.AsyncClient, seeded: Seeded, database_url: str, replica_url: str
) -> None:
    """A user deactivated on the primary is refused at once, even on a route whose data the replica
    serves and where the replica (lagging) still has them active; a change seen only by the replica
    changes nothing."""
    list_topics = "/courses/topics/"
    async with _connected(replica_url) as replica:
        await replica.execute("UPDATE users SET is_active = false WHERE username = 'mr_ahmed'")
    assert (await client.get(list_topics, headers=seeded.auth["teacher"])).status_code == 200

    async with _connected(database_url) as primary:
        await primary.execute("UPDATE users SET is_active = false WHERE username = 'content_owner'")
    refused = await client.get(list_topics, headers=seeded.auth["owner"])
    assert refused.status_code == 403
    assert refused.json() == DISABLED


# --- the replica's engine ------------------------------------------------------------------------------


async def test_a_write_sent_to_the_replica_fails_loudly(container: Container, replica_url: str) -> None:
    assert container.replica_sessions is not None
    with pytest.raises(exc.DBAPIError, match="read-only transaction"):
        async with container.replica_sessions() as session:
            await session.execute(text("UPDATE courses SET name = 'x'"))


async def test_readiness_reports_the_replica_and_its_reads_fail_alone_while_it_is_down(
    client: httpx.AsyncClient, settings: Settings, auth: Headers
) -> None:
    ready = await client.get("/health/ready")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready", "database": "ok", "replica": "ok"})

    gone = Settings(
        environment="test",
        database_url=settings.database_url,
        database_read_url="postgresql+asyncpg://postgres@127.0.0.1:1/edutrack",  # nothing listens there
        password_hashing="fast",
        media_dir=settings.media_dir,
    )
    container = build_container(gone)
    try:
        app = create_app(gone, container)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as c:
            answer = await c.get("/health/ready")
            listed = await c.get("/courses/topics/", headers=auth["teacher"])
            detail = await c.get("/accounts/me/", headers=auth["teacher"])
    finally:
        await container.dispose()
    # the primary decides readiness (writes and authentication need it); the replica is reported
    assert (answer.status_code, answer.json()) == (
        200,
        {"status": "ready", "database": "ok", "replica": "unreachable"},
    )
    assert (listed.status_code, listed.headers.get("retry-after")) == (503, "5"), listed.text
    assert detail.status_code == 200, detail.text
