"""Migrations build exactly the schema the models describe, on both databases, and unwind on PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine

from edutrack.adapters.sql import migrate
from edutrack.adapters.sql.tables import load_all
from tests.support.databases import PG_ADMIN_URL, asyncpg_url, pg_admin

Base = load_all()

EXPECTED_TABLES = {t.name for t in Base.metadata.sorted_tables} | {"alembic_version"}
# Case-insensitive unique indexes on expressions: autogenerate cannot compare them, so check them by name.
EXPRESSION_INDEXES = {
    ix.name for t in Base.metadata.sorted_tables for ix in t.indexes if str(ix.name).endswith("_lower")
}

pytestmark = pytest.mark.filterwarnings("ignore:.*expression-based index")


async def _inspect(url: str) -> tuple[list[object], set[str], set[str]]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:

            def work(sync_conn):  # type: ignore[no-untyped-def]
                context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
                diffs = compare_metadata(context, Base.metadata)
                tables = set(inspect(sync_conn).get_table_names())
                # expression indexes (lower(username)) are invisible to the inspector: ask the catalog
                catalog = (
                    "SELECT name FROM sqlite_master WHERE type = 'index'"
                    if sync_conn.dialect.name == "sqlite"
                    else "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
                )
                indexes = set(sync_conn.exec_driver_sql(catalog).scalars())
                return diffs, tables, indexes

            return await conn.run_sync(work)
    finally:
        await engine.dispose()


def _check_head(url: str) -> None:
    diffs, tables, user_indexes = asyncio.run(_inspect(url))
    assert tables == EXPECTED_TABLES
    assert diffs == [], diffs
    assert len(EXPRESSION_INDEXES) == 9
    assert user_indexes >= EXPRESSION_INDEXES


def test_sqlite_upgrade_from_empty_to_head_matches_the_models(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    migrate.upgrade(url)
    _check_head(url)


@pytest.fixture
def fresh_pg_url(pg_database: str) -> Iterator[str]:  # pg_database: skip/fail exactly like the other PG tests
    name = f"edutrack_migrate_{uuid.uuid4().hex[:8]}"
    asyncio.run(pg_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield asyncpg_url(PG_ADMIN_URL, name)
    finally:
        asyncio.run(pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_postgresql_upgrade_downgrade_upgrade(fresh_pg_url: str) -> None:
    migrate.upgrade(fresh_pg_url)
    _check_head(fresh_pg_url)
    migrate.downgrade(fresh_pg_url, "base")
    _, tables, _ = asyncio.run(_inspect(fresh_pg_url))
    assert tables == {"alembic_version"}
    migrate.upgrade(fresh_pg_url)
    _check_head(fresh_pg_url)
