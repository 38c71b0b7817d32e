"""Two procrastinate workers on one PostgreSQL database (EDUTRACK_JOBS=queue): a periodic job runs once
per period whichever worker takes it, a sweep closes each row once, and enqueued jobs run once each.

The test has a throwaway database of its own, migrated by our chain, so the library's schema (created
at worker start, outside our metadata) sits beside our tables as in production.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Iterator
from datetime import timedelta

import asyncpg
import pytest
from sqlalchemy import text

from edutrack.composition import Container, build_container
from edutrack.composition.jobs import run_worker
from edutrack.ports.jobs import JobQueue
from edutrack.settings import Settings
from tests.support.databases import migrated_pg_database

pytestmark = pytest.mark.anyio

PERIOD = timedelta(seconds=2)
TEST_TABLES = """
CREATE TABLE job_test_attempts (
    id integer PRIMARY KEY,
    deadline timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'open',
    closed_count integer NOT NULL DEFAULT 0
);
CREATE TABLE job_test_runs (
    id serial PRIMARY KEY,
    job text NOT NULL,
    arg integer,
    at timestamptz NOT NULL DEFAULT clock_timestamp()
);
"""


@pytest.fixture
def jobs_db(pg_database: str) -> Iterator[str]:  # pg_database: skip/fail exactly like the other PG tests
    with migrated_pg_database("edutrack_jobs") as url:
        yield url


async def _sweep(c: Container) -> int:
    """What the quiz sweep does: a conditional UPDATE, so concurrent runs close each row once."""
    assert c.write_sessions is not None
    async with c.write_sessions() as session:
        await session.execute(text("INSERT INTO job_test_runs (job) VALUES ('sweep')"))
        closed = await session.execute(
            text(
                "UPDATE job_test_attempts SET status = 'closed', closed_count = closed_count + 1 "
                "WHERE status = 'open' AND deadline < now()"
            )
        )
        await session.commit()
    return closed.rowcount  # type: ignore[attr-defined,no-any-return]


async def _record(c: Container, n: int) -> None:
    assert c.write_sessions is not None
    async with c.write_sessions() as session:
        await session.execute(text("INSERT INTO job_test_runs (job, arg) VALUES ('record', :n)"), {"n": n})
        await session.commit()


def _worker_container(url: str) -> Container:
    container = build_container(Settings(environment="test", database_url=url, password_hashing="fast"))
    assert container.settings.jobs == "queue"
    container.job("test.sweep", _sweep, every=PERIOD)
    container.job("test.record", _record)
    return container


async def test_two_workers_run_each_period_once_and_each_enqueued_job_once(jobs_db: str) -> None:
    db = await asyncpg.connect(jobs_db.replace("postgresql+asyncpg://", "postgresql://", 1))
    containers = [_worker_container(jobs_db) for _ in range(3)]  # two workers and a web process
    stopped = asyncio.Event()
    workers: list[asyncio.Task[None]] = []
    try:
        await db.execute(TEST_TABLES)
        await db.execute(
            "INSERT INTO job_test_attempts (id, deadline) SELECT i, now() - interval '1 minute' "
            "FROM generate_series(1, 5) i"
        )
        await db.execute("INSERT INTO job_test_attempts (id, deadline) VALUES (6, now() + interval '1 hour')")
        began = time.monotonic()
        workers = [
            asyncio.create_task(run_worker(c, name=f"w{i}", concurrency=2, stopped=stopped))
            for i, c in enumerate(containers[:2])
        ]
        web_queue = containers[2].get(JobQueue)
        for n in range(10):
            await web_queue.enqueue("test.record", n=n)
        await web_queue.aclose()

        async with asyncio.timeout(30):
            while (  # noqa: ASYNC110 - the workers are other tasks writing to the database
                await db.fetchval("SELECT count(*) FROM job_test_runs WHERE job = 'record'") < 10
                or await db.fetchval("SELECT count(*) FROM job_test_runs WHERE job = 'sweep'") < 4
            ):
                await asyncio.sleep(0.2)
        stopped.set()
        await asyncio.gather(*workers)
        elapsed = time.monotonic() - began

        records = await db.fetch("SELECT arg FROM job_test_runs WHERE job = 'record' ORDER BY arg")
        assert [r["arg"] for r in records] == list(range(10))  # each enqueued job ran once
        sweeps = [
            r["at"] for r in await db.fetch("SELECT at FROM job_test_runs WHERE job = 'sweep' ORDER BY at")
        ]
        # one run per 2-second period, whichever worker took it: never two in the same period (the first
        # run comes at start-up, for the period under way, so it may fall close to the second)
        gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(sweeps[1:])]
        assert len(gaps) >= 2
        assert all(gap > 1.0 for gap in gaps), gaps
        assert len(sweeps) <= elapsed / PERIOD.total_seconds() + 2
        attempts = await db.fetch("SELECT id, status, closed_count FROM job_test_attempts ORDER BY id")
        assert [(a["status"], a["closed_count"]) for a in attempts] == [("closed", 1)] * 5 + [("open", 0)]
        # the library's tables sit beside ours; successful jobs are deleted, nothing failed
        assert await db.fetchval("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
        assert await db.fetchval("SELECT count(*) FROM procrastinate_jobs WHERE status = 'failed'") == 0
    finally:
        stopped.set()
        await asyncio.gather(*workers, return_exceptions=True)
        for c in containers:
            await c.dispose()
        await db.close()
