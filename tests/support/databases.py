"""The test databases: a PostgreSQL database per session, a migrated SQLite copy per test."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import asyncpg
import pytest

from edutrack.adapters.sql import migrate
from edutrack.adapters.sql.tables import load_all

Base = load_all()

PG_ADMIN_URL = os.environ.get("EDUTRACK_TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
TABLES = [table.name for table in reversed(Base.metadata.sorted_tables)]


async def pg_reachable() -> str | None:
    try:
        conn = await asyncpg.connect(PG_ADMIN_URL, timeout=3)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    await conn.close()
    return None


def run_blocking(coroutine_function: Callable[[], Awaitable[object]]) -> object:
    """Run a coroutine to completion from sync code, even when called inside a running event loop
    (session fixtures may be first requested from an async fixture)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine_function()).result()


def asyncpg_url(admin_url: str, database: str) -> str:
    base = admin_url.rsplit("/", 1)[0]
    return base.replace("postgresql://", "postgresql+asyncpg://", 1) + "/" + database


async def pg_admin(sql: str) -> None:
    """Run one statement (CREATE/DROP DATABASE) on the server's maintenance database."""
    conn = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@contextmanager
def migrated_pg_database(prefix: str) -> Iterator[str]:
    """A new PostgreSQL database ``<prefix>_<unique>``, migrated to head; its asyncpg URL; dropped after.
    Callers ask for the ``pg_database`` fixture first, so they skip (or fail under CI) like the others."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    run_blocking(lambda: pg_admin(f'CREATE DATABASE "{name}"'))
    url = asyncpg_url(PG_ADMIN_URL, name)
    try:
        migrate.upgrade(url)
        yield url
    finally:
        run_blocking(lambda: pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@asynccontextmanager
async def database(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A migrated, empty database of the given kind for one test."""
    if kind == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = tmp_path / "edutrack.db"
        shutil.copyfile(template, target)
        yield f"sqlite+aiosqlite:///{target}"
        return
    url: str = request.getfixturevalue("pg_database")
    try:
        yield url
    finally:
        conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
        try:
            await conn.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        finally:
            await conn.close()
