"""EDUTRACK_DATABASE_READ_URL (issue 16, ADR 0015): the setting, the engines it
makes and which use cases read through the replica. No database is contacted: engines connect lazily. Where
the requests really go is shown over two PostgreSQL databases in tests/integration/test_read_replica.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from edutrack.composition import Container, build_container
from edutrack.core.use_cases.auth.authenticate import Authenticate
from edutrack.core.use_cases.courses.get_course import GetCourse
from edutrack.core.use_cases.courses.list_courses import ListCourses
from edutrack.core.use_cases.dashboards.site_owner import ComputeSiteOwnerDashboard
from edutrack.core.use_cases.lessons.topics import CreateTopic, GetTopic, ListTopics
from edutrack.core.use_cases.materials.read_materials import ListMaterials
from edutrack.core.use_cases.purchases.purchase_lecture import PurchaseLecture
from edutrack.core.use_cases.revenue.reports import ComputeRevenueSummary
from edutrack.core.use_cases.wallets.export_codes import ExportRechargeCodes
from edutrack.ports.auth import AccountReader
from edutrack.ports.courses import CourseReader
from edutrack.ports.dashboards import DashboardReader
from edutrack.ports.lessons import ContentReader
from edutrack.ports.purchases import LectureAccess, PurchaseReader
from edutrack.ports.revenue import RevenueReader
from edutrack.ports.wallets import RechargeCodeReader
from edutrack.settings import Settings, SettingsError

pytestmark = pytest.mark.anyio
PRIMARY = "postgresql+asyncpg://app@primary.invalid/edutrack"
REPLICA = "postgresql+asyncpg://app@replica.invalid/edutrack"


# --- the setting -------------------------------------------------------------------------------------


def test_no_read_url_by_default() -> None:
    assert Settings.from_env({}).database_read_url == ""
    assert Settings.from_env({"EDUTRACK_DATABASE_URL": PRIMARY}).database_read_url == ""


def test_a_read_url_is_taken_with_the_asyncpg_driver() -> None:
    settings = Settings.from_env(
        {"EDUTRACK_DATABASE_URL": PRIMARY, "EDUTRACK_DATABASE_READ_URL": "postgres://app@replica.invalid/db"}
    )
    assert settings.database_read_url == "postgresql+asyncpg://app@replica.invalid/db"


def test_sqlite_refuses_a_read_url_at_start_up() -> None:
    with pytest.raises(SettingsError, match=r"EDUTRACK_DATABASE_READ_URL .* needs PostgreSQL"):
        Settings.from_env({"EDUTRACK_DATABASE_READ_URL": REPLICA})
    with pytest.raises(SettingsError, match=r"EDUTRACK_DATABASE_READ_URL .* needs PostgreSQL"):
        Settings(database_url="sqlite+aiosqlite:///x.db", database_read_url=REPLICA)


def test_a_read_url_must_be_postgresql() -> None:
    with pytest.raises(SettingsError, match="EDUTRACK_DATABASE_READ_URL must be"):
        Settings.from_env({"EDUTRACK_DATABASE_URL": PRIMARY, "EDUTRACK_DATABASE_READ_URL": "mysql://x/y"})


# --- the engines -------------------------------------------------------------------------------------


def _settings(read_url: str = "") -> Settings:
    return Settings(
        environment="test",
        database_url=PRIMARY,
        database_read_url=read_url,
        password_hashing="fast",
        db_pool_size=7,
        db_max_overflow=3,
    )


@pytest.fixture
async def plain() -> AsyncIterator[Container]:
    container = build_container(_settings())
    yield container
    await container.dispose()


@pytest.fixture
async def replicated() -> AsyncIterator[Container]:
    container = build_container(_settings(REPLICA))
    yield container
    await container.dispose()


async def test_without_a_read_url_there_is_one_engine_and_every_read_is_the_primary(plain: Container) -> None:
    assert plain.replica_engine is None and plain.replica_sessions is None
    assert len(plain.engines) == 1
    for reader in (CourseReader, ContentReader, RevenueReader):
        assert plain.replica(reader) is plain.get(reader)
    assert plain.get(ListCourses)._reader is plain.get(CourseReader)


async def test_sqlite_keeps_its_two_engines_and_no_replica() -> None:
    container = build_container(Settings(environment="test", password_hashing="fast"))
    try:
        assert container.replica_engine is None and len(container.engines) == 2
    finally:
        await container.dispose()


async def test_the_replica_has_its_own_pool_sized_like_the_primary_and_reads_only(
    replicated: Container,
) -> None:
    primary, replica = replicated.engines
    assert replica is replicated.replica_engine
    assert replica.url.host == "replica.invalid" and primary.url.host == "primary.invalid"
    assert replica.pool is not primary.pool
    assert (replica.pool.size(), replica.pool._max_overflow, replica.pool._timeout) == (7, 3, 2.0)  # type: ignore[attr-defined]
    assert replica.sync_engine.dialect._on_connect_isolation_level == "AUTOCOMMIT"  # type: ignore[attr-defined]
    # the primary keeps its defaults: units of work need BEGIN ... COMMIT
    assert primary.sync_engine.dialect._on_connect_isolation_level is None  # type: ignore[attr-defined]


# --- which use cases read the replica ----------------------------------------------------------------


def _sessions_of(reader: Any) -> Any:
    return reader._sessions


@pytest.mark.parametrize(
    ("use_case", "reader"),
    [
        (ListCourses, CourseReader),  # a list
        (ListTopics, ContentReader),
        (ComputeSiteOwnerDashboard, DashboardReader),  # a dashboard
        (ComputeRevenueSummary, RevenueReader),  # analytics
        (ExportRechargeCodes, RechargeCodeReader),  # an export
    ],
)
async def test_pure_reads_get_readers_on_the_replica(
    replicated: Container, use_case: type, reader: type
) -> None:
    built = replicated.get(use_case)
    assert built._reader is replicated.replica(reader)
    assert built._reader is not replicated.get(reader)
    assert _sessions_of(built._reader) is replicated.replica_sessions
    assert _sessions_of(replicated.get(reader)) is replicated.read_sessions


@pytest.mark.parametrize(
    ("use_case", "reader"),
    [
        (CreateTopic, ContentReader),  # writes, and answers with what it reads back
        (PurchaseLecture, PurchaseReader),
        (GetTopic, ContentReader),  # a single object: read-your-writes
        (GetCourse, CourseReader),
        (Authenticate, AccountReader),  # who is calling: a deactivated user must not pass on lag
    ],
)
async def test_writes_details_and_authentication_read_the_primary(
    replicated: Container, use_case: type, reader: type
) -> None:
    parts = list(vars(replicated.get(use_case)).values())
    assert any(part is replicated.get(reader) for part in parts)
    assert not any(part is replicated.replica(reader) for part in parts)
    assert _sessions_of(replicated.get(reader)) is replicated.read_sessions


async def test_a_pure_read_still_checks_access_on_the_primary(replicated: Container) -> None:
    materials = replicated.get(ListMaterials)
    assert _sessions_of(materials._reader) is replicated.replica_sessions
    # the lecture-access check decides what a student may see: a purchase just made must count
    assert materials._access is replicated.get(LectureAccess)
    assert _sessions_of(materials._access) is replicated.read_sessions


async def test_a_replica_read_cannot_take_a_unit_of_work() -> None:
    container = build_container(Settings(environment="test", password_hashing="fast"), backend="memory")

    class Sneaky:
        def __init__(self, uow: object) -> None:
            self.uow = uow

    container.use_case(Sneaky, lambda c: Sneaky(c.uow()), replica=True)
    with pytest.raises(TypeError, match="Sneaky is registered with replica=True but takes a unit of work"):
        container.get(Sneaky)


async def test_every_registered_use_case_builds(plain: Container, replicated: Container) -> None:
    """A use case registered with replica=True that takes a unit of work would fail here."""
    memory = build_container(Settings(environment="test", password_hashing="fast"), backend="memory")
    for container in (memory, plain, replicated):
        for kind in container.provided():
            container.get(kind)
