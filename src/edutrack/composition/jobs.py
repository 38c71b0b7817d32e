"""Background jobs: where the jobs the features registered (``c.job(...)``) run, per ``EDUTRACK_JOBS``.

- ``inline`` (the default on SQLite): the web process's lifespan runs a small asyncio scheduler for the
  periodic jobs (``background_jobs``), and ``JobQueue.enqueue`` runs a job as a background task.
- ``queue`` (the default on PostgreSQL): the web processes run no periodic job; ``JobQueue.enqueue``
  defers to procrastinate's PostgreSQL queue, and ``edutrack worker`` processes run everything
  (``run_worker``).

docs/adr/0009-background-jobs.md has the why. The job library is imported only on the ``queue`` path.
"""

from __future__ import annotations

import asyncio
import functools
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from edutrack.adapters.jobs import BoundJob
from edutrack.adapters.jobs.inline import InlineJobQueue, InProcessScheduler
from edutrack.composition.container import Container
from edutrack.ports.jobs import JobQueue


def wire(c: Container) -> None:
    c.component(JobQueue, _job_queue)


def bound_jobs(c: Container) -> list[BoundJob]:
    """The registered jobs with this container bound as their first argument."""
    return [BoundJob(spec.name, functools.partial(spec.run, c), spec.every) for spec in c.jobs()]


def _job_queue(c: Container) -> JobQueue:
    if c.settings.jobs == "queue":
        from edutrack.adapters.jobs.postgres_queue import ProcrastinateJobQueue, build_app, libpq_url

        conninfo = libpq_url(c.settings.database_url)
        return ProcrastinateJobQueue(build_app(conninfo, bound_jobs(c), max_connections=2), conninfo)
    return InlineJobQueue(bound_jobs(c))


def background_jobs(c: Container) -> Callable[[object], AbstractAsyncContextManager[None]]:
    """The web app's lifespan part: with ``EDUTRACK_JOBS=inline`` the periodic jobs run in this process
    from start-up to shutdown; either way the job queue is closed at shutdown."""

    @asynccontextmanager
    async def lifespan(_app: object) -> AsyncIterator[None]:
        scheduler = InProcessScheduler(bound_jobs(c)) if c.settings.jobs == "inline" else None
        if scheduler is not None:
            await scheduler.start()
        try:
            yield
        finally:
            if scheduler is not None:
                await scheduler.stop()
            await c.get(JobQueue).aclose()

    return lifespan


async def run_worker(
    c: Container,
    *,
    name: str,
    concurrency: int,
    stopped: asyncio.Event | None = None,
) -> None:
    """``edutrack worker``: until SIGINT/SIGTERM (or ``stopped``, or cancellation).

    ``queue``: a procrastinate worker (periodic deferrer + the jobs of the ``edutrack`` queue).
    ``inline``: the in-process scheduler, in the foreground (on SQLite, the web processes run it too)."""
    if c.settings.jobs == "queue":
        from edutrack.adapters.jobs.postgres_queue import build_app, libpq_url
        from edutrack.adapters.jobs.postgres_queue import run_worker as run_queue_worker

        conninfo = libpq_url(c.settings.database_url)
        app = build_app(conninfo, bound_jobs(c), max_connections=concurrency + 2)
        worker = asyncio.create_task(
            run_queue_worker(
                app, conninfo, name=name, concurrency=concurrency, install_signal_handlers=stopped is None
            )
        )
        if stopped is None:
            await worker
            return
        waiter = asyncio.create_task(stopped.wait())
        try:
            await asyncio.wait({worker, waiter}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()
            if not worker.done():
                worker.cancel()  # procrastinate stops gracefully: running jobs finish, then it returns
            (outcome,) = await asyncio.gather(worker, return_exceptions=True)
        if isinstance(outcome, Exception):
            raise outcome
        return
    if stopped is None:
        stopped = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stopped.set)
    try:
        await InProcessScheduler(bound_jobs(c)).run_until(stopped)
    finally:
        await c.get(JobQueue).aclose()
