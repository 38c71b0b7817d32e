"""Jobs through PostgreSQL with procrastinate (docs/adr/0009-background-jobs.md): ``EDUTRACK_JOBS=queue``.

Every registered job becomes a procrastinate task of the same name on the ``edutrack`` queue; a periodic
one is also a periodic task whose cron has a seconds column when ``every`` is under a minute. Any number
of ``edutrack worker`` processes, on any machines, share the queue: each runs the periodic deferrer, and
the database defers a period's job once (a unique row per task and timestamp), then one worker fetches it
(``FOR UPDATE SKIP LOCKED``). A periodic task carries a queueing lock, so a backlog never holds more than
one waiting run of it.

The library's tables, functions and triggers (``procrastinate_*``) live beside ours, outside our metadata
and our Alembic chain: ``ensure_schema`` creates them, once, under an advisory lock, when a worker starts
or a web process first enqueues.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import timedelta

import procrastinate
import psycopg
from procrastinate.schema import SchemaManager
from sqlalchemy.engine import make_url

from edutrack.adapters.jobs import BoundJob
from edutrack.ports.jobs import JobArgument

logger = logging.getLogger("edutrack.jobs")

QUEUE = "edutrack"
# pg_advisory_xact_lock key taken while the schema is checked and created (any fixed bigint)
SCHEMA_LOCK = 0x6564_7574_6A6F_6273  # "edutjobs"


def libpq_url(database_url: str) -> str:
    """``postgresql+asyncpg://…`` (our setting) as the ``postgresql://…`` URL psycopg connects with."""
    url = make_url(database_url).set(drivername="postgresql")
    ssl = url.query.get("ssl")
    if isinstance(ssl, str):  # asyncpg's ?ssl=require is libpq's ?sslmode=require
        url = url.difference_update_query(["ssl"]).update_query_dict({"sslmode": ssl})
    return url.render_as_string(hide_password=False)


def cron_for(every: timedelta) -> str:
    """The cron expression that fires every ``every``: whole seconds dividing a minute, whole minutes
    dividing an hour, or whole hours dividing a day (croniter's sixth column is the seconds)."""
    seconds = every.total_seconds()
    if seconds < 1 or seconds != int(seconds):
        raise ValueError(f"a job period must be a whole number of seconds, got {every}")
    s = int(seconds)
    if s < 60 and 60 % s == 0:
        return f"* * * * * */{s}"
    if s % 60 == 0 and s < 3600 and 60 % (s // 60) == 0:
        return f"*/{s // 60} * * * *"
    if s % 3600 == 0 and s <= 86400 and 24 % (s // 3600) == 0:
        return f"0 */{s // 3600} * * *"
    raise ValueError(
        f"a job period must divide a minute, an hour or a day evenly (10 s, 15 s, 5 min, 6 h...), got {every}"
    )


def build_app(conninfo: str, jobs: Sequence[BoundJob], *, max_connections: int = 4) -> procrastinate.App:
    """A procrastinate App (not opened) knowing every job. ``max_connections``: its psycopg pool."""
    connector = procrastinate.PsycopgConnector(conninfo=conninfo, min_size=1, max_size=max_connections)
    app = procrastinate.App(connector=connector)
    for job in jobs:
        _register(app, job)
    return app


def _register(app: procrastinate.App, job: BoundJob) -> None:
    run = job.run

    async def task(timestamp: int | None = None, **arguments: JobArgument) -> object:
        # ``timestamp``: the period a periodic job was deferred for; our jobs read the clock themselves
        return await run(**arguments)

    task.__name__ = task.__qualname__ = job.name.replace(".", "_")
    periodic = job.every is not None
    registered = app.task(name=job.name, queue=QUEUE, queueing_lock=job.name if periodic else None)(task)
    if job.every is not None:
        app.periodic(cron=cron_for(job.every), periodic_id=job.name)(registered)


async def ensure_schema(conninfo: str) -> bool:
    """Create procrastinate's schema unless present; True when it was created. Safe to race: the check
    and the creation hold a transaction-level advisory lock."""
    async with await psycopg.AsyncConnection.connect(conninfo) as conn:
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            cursor = await conn.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
            row = await cursor.fetchone()
            if row is not None and row[0]:
                return False
            await conn.execute(SchemaManager.get_schema())  # type: ignore[arg-type]  # a script, no params
    logger.info("created the procrastinate job-queue schema (procrastinate %s)", procrastinate.__version__)
    return True


async def run_worker(
    app: procrastinate.App,
    conninfo: str,
    *,
    name: str = "edutrack-worker",
    concurrency: int = 2,
    install_signal_handlers: bool = True,
    fetch_job_polling_interval: float = 5.0,
) -> None:
    """Run one worker until SIGINT/SIGTERM (or until cancelled): periodic deferrer, listener, jobs.
    Successful jobs are deleted; failed ones stay in ``procrastinate_jobs`` for inspection."""
    await ensure_schema(conninfo)
    async with app.open_async():
        await app.run_worker_async(
            queues=[QUEUE],
            name=name,
            concurrency=concurrency,
            wait=True,
            delete_jobs="successful",
            install_signal_handlers=install_signal_handlers,
            fetch_job_polling_interval=fetch_job_polling_interval,
        )


class ProcrastinateJobQueue:
    """``JobQueue`` that defers to the PostgreSQL queue (an ``edutrack worker`` runs the job). The
    connection pool opens on the first ``enqueue``, so a web process that never enqueues holds none."""

    def __init__(self, app: procrastinate.App, conninfo: str) -> None:
        self._app = app
        self._conninfo = conninfo
        self._opened = False
        self._opening = asyncio.Lock()

    async def enqueue(self, name: str, **arguments: JobArgument) -> None:
        if name not in self._app.tasks:
            raise LookupError(f"no background job is registered as {name!r}")
        async with self._opening:
            if not self._opened:
                await ensure_schema(self._conninfo)
                await self._app.open_async()
                self._opened = True
        await self._app.configure_task(name, allow_unknown=False).defer_async(**arguments)

    async def aclose(self) -> None:
        if self._opened:
            self._opened = False
            await self._app.close_async()
