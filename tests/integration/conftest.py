"""Integration fixtures: every test runs on SQLite and on PostgreSQL.

PostgreSQL: a database of our own is created for the session (so one per pytest-xdist worker), migrated,
truncated between tests and dropped at the end. Without a reachable server the PostgreSQL half is skipped
with one line; with ``CI=true`` it fails instead, so CI can never go green without it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from litestar import Litestar
from sqlalchemy import event

from edutrack.adapters.sql import migrate
from edutrack.composition import Container, build_container
from edutrack.core.actor import SYSTEM, Role
from edutrack.core.entities.users import User
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from edutrack.entrypoints.cli.main import main
from edutrack.entrypoints.http.app import create_app
from edutrack.entrypoints.http.logging import RequestLogMiddleware
from edutrack.settings import Settings
from tests.support.assistants import Teacher, teacher_with_login
from tests.support.catalog import Headers as CatalogHeaders
from tests.support.catalog import World, auth_headers, build_world
from tests.support.databases import (
    IN_CI,
    PG_ADMIN_URL,
    database,
    migrated_pg_database,
    pg_reachable,
    run_blocking,
)
from tests.support.http import BASE_URL, OWNER_PASSWORD, HeadersFor, MakeUser, StatementCounter
from tests.support.s3 import s3_bucket, s3_server  # noqa: F401 (fixtures of the object-storage tests)
from tests.support.servers import serving
from tests.support.students import Ref, build_ref
from tests.support.teachers import build_refs


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    problem = run_blocking(pg_reachable)
    if problem:
        if IN_CI:
            pytest.fail(
                f"CI=true but PostgreSQL is not reachable at {PG_ADMIN_URL}: {problem}", pytrace=False
            )
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL} ({problem}); set CI=true to make this fatal")
    # one database per process: per pytest-xdist worker (gw0, gw1, ...) or "main" without xdist
    with migrated_pg_database(f"edutrack_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}") as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    migrate.upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with database(request.param, request, tmp_path) as url:
        yield url


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
async def contract_container(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Container]:
    """For contract tests: the same test over the in-memory fakes and both SQL databases."""
    if request.param == "memory":
        yield build_container(Settings(environment="test", password_hashing="fast"), backend="memory")
        return
    async with database(request.param, request, tmp_path) as url:
        container = build_container(Settings(environment="test", database_url=url, password_hashing="fast"))
        try:
            yield container
        finally:
            await container.dispose()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        password_hashing="fast",
        log_json=True,
        media_dir=tmp_path / "media",
    )


@pytest.fixture
async def container(settings: Settings) -> AsyncIterator[Container]:
    container = build_container(settings)
    yield container
    await container.dispose()


@pytest.fixture
def app(settings: Settings, container: Container) -> Litestar:
    return create_app(settings, container)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=RequestLogMiddleware(app), client=("203.0.113.7", 50000))
    async with app.lifespan():
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            yield client


@pytest.fixture
def make_user(container: Container) -> MakeUser:
    """Create a user of any role straight through the unit of work (profiles come with later issues)."""

    async def make(
        role: Role = Role.SITE_OWNER,
        username: str | None = None,
        password: str = OWNER_PASSWORD,
        *,
        is_active: bool = True,
        gmail: str | None = None,
    ) -> User:
        username = username or f"{role.value}_{uuid.uuid4().hex[:6]}"
        if role is Role.SITE_OWNER and is_active:
            return await container.get(CreateSiteOwner).execute(
                SYSTEM, NewSiteOwner(username, password, gmail=gmail)
            )
        password_hash = await container.hasher.hash(password)
        now = container.clock.now()
        async with container.uow() as uow:
            user = await uow.users.add(
                User(
                    username=username,
                    password_hash=password_hash,
                    role=role,
                    name=username.title(),
                    gmail=gmail,
                    is_active=is_active,
                    created_at=now,
                    updated_at=now,
                )
            )
            await uow.commit()
        return user

    return make


@pytest.fixture
def headers_for(client: httpx.AsyncClient) -> HeadersFor:
    async def headers(username: str, password: str = OWNER_PASSWORD) -> dict[str, str]:
        response = await client.post("/accounts/token/", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access']}"}

    return headers


@pytest.fixture
async def owner(make_user: MakeUser) -> User:
    return await make_user(Role.SITE_OWNER, "owner")


@pytest.fixture
async def owner_headers(owner: User, headers_for: HeadersFor) -> dict[str, str]:
    return await headers_for(owner.username, OWNER_PASSWORD)


@pytest.fixture
def count_queries(container: Container) -> Callable[[], contextmanager]:
    """``with count_queries() as counter: ...`` counts the SQL statements the app sends meanwhile
    (on every engine: SQLite has a second one for reads)."""
    engines = [engine.sync_engine for engine in container.engines]

    @contextmanager
    def counting() -> Iterator[StatementCounter]:
        counter = StatementCounter(statements=[])

        def before(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
            if (
                statement.strip()
                .upper()
                .startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA"))
            ):
                return
            counter.count += 1
            counter.statements.append(statement)  # type: ignore[union-attr]

        for engine in engines:
            event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            for engine in engines:
                event.remove(engine, "before_cursor_execute", before)

    return counting


# --- people and reference data several test files use -------------------------------------------------


@pytest.fixture
async def world(container: Container) -> World:
    """The small catalog of the topic, lecture and video tests (``tests/support/catalog.py``)."""
    return await build_world(container)


@pytest.fixture
async def auth(world: World, headers_for: HeadersFor) -> CatalogHeaders:
    """The headers of every member of ``world``, by role name."""
    return await auth_headers(world, headers_for)


@pytest.fixture
def make_teacher(container: Container, headers_for: HeadersFor) -> Callable[..., Awaitable[Teacher]]:
    """``await make_teacher("username", name=None)``: a logged-in teacher with a profile."""

    async def make(username: str, name: str | None = None) -> Teacher:
        return await teacher_with_login(container, headers_for, username, name)

    return make


@pytest.fixture
async def ref(container: Container, owner: User) -> Ref:
    """The reference items a student registration points at."""
    return await build_ref(container, owner.as_actor())


@pytest.fixture
async def refs(container: Container) -> dict[str, int]:
    """The reference items a teacher points at."""
    return await build_refs(container)


# --- real servers for race tests (PostgreSQL only) ----------------------------------------------------


@pytest.fixture
async def pg_container(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Container]:
    """A container on the session's PostgreSQL database (emptied after the test), for race tests."""
    async with database("postgresql", request, tmp_path) as url:
        container = build_container(
            Settings(
                environment="test", database_url=url, password_hashing="fast", media_dir=tmp_path / "media"
            )
        )
        try:
            yield container
        finally:
            await container.dispose()


@pytest.fixture(scope="session")
def live_server(pg_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``edutrack serve --workers 2`` on the session's PostgreSQL database: several processes and
    connections, so race tests race real requests. Tests reach it over loopback with bearer tokens."""
    settings = {
        "EDUTRACK_DATABASE_URL": pg_database,
        "EDUTRACK_MEDIA_DIR": str(tmp_path_factory.mktemp("live-media")),
        "EDUTRACK_DB_POOL_SIZE": "10",
    }
    with serving(settings) as base_url:
        yield base_url


# --- the command line, in-process, on a fresh SQLite file -------------------------------------------------


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """EDUTRACK_* variables for a fresh SQLite file; returns its URL."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    for name in list(os.environ):
        if name.startswith("EDUTRACK_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("EDUTRACK_DATABASE_URL", url)
    monkeypatch.setenv("EDUTRACK_PASSWORD_HASHING", "fast")
    monkeypatch.setenv("EDUTRACK_ENV", "test")
    monkeypatch.setenv("EDUTRACK_MEDIA_DIR", str(tmp_path / "media"))
    return url


@pytest.fixture
def migrated(cli_env: str, capsys: pytest.CaptureFixture[str]) -> str:
    """``cli_env``, migrated to head with ``edutrack db upgrade``."""
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    return cli_env
