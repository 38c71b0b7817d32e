"""Jobs in this process: a small asyncio scheduler for the periodic jobs, and a queue that runs an
enqueued job as a background task. The default on SQLite (``EDUTRACK_JOBS=inline``), where the web
process's lifespan starts and stops them (docs/adr/0009-background-jobs.md).

Each periodic job has its own task: it runs the job, then sleeps what is left of ``every`` (a run longer
than the period is followed at once by the next, never overlapped by it). A failing run is logged and the
schedule goes on. Every process running a scheduler runs every job (several uvicorn workers on SQLite
each do): harmless, because jobs are idempotent.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence

from edutrack.adapters.jobs import BoundJob
from edutrack.ports.jobs import JobArgument

logger = logging.getLogger("edutrack.jobs")

Sleep = Callable[[float], Awaitable[object]]


class InProcessScheduler:
    """Runs every periodic job every ``every``, the first time at ``start``, until ``stop``."""

    def __init__(
        self,
        jobs: Sequence[BoundJob],
        *,
        sleep: Sleep = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.jobs = [job for job in jobs if job.every is not None]
        self._sleep = sleep
        self._monotonic = monotonic
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def running(self) -> bool:
        return any(not task.done() for task in self._tasks)

    async def start(self) -> None:
        if self._tasks:
            raise RuntimeError("the scheduler is already started")
        self._tasks = [
            asyncio.create_task(self._loop(job), name=f"edutrack-job:{job.name}") for job in self.jobs
        ]
        if self.jobs:
            logger.info("background jobs run in this process: %s", ", ".join(j.name for j in self.jobs))

    async def stop(self) -> None:
        """Cancel the loops (a run in progress is cancelled too: it is retried next period) and wait."""
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def run_until(self, stopped: asyncio.Event) -> None:
        """``start``, wait for ``stopped``, ``stop`` (``edutrack worker`` in inline mode)."""
        await self.start()
        try:
            await stopped.wait()
        finally:
            await self.stop()

    async def _loop(self, job: BoundJob) -> None:
        assert job.every is not None
        period = job.every.total_seconds()
        while True:
            began = self._monotonic()
            await run_logged(job)
            await self._sleep(max(0.0, period - (self._monotonic() - began)))


async def run_logged(job: BoundJob, **arguments: JobArgument) -> None:
    """Run a job once; an exception is logged with its traceback, never raised (cancellation is)."""
    try:
        result = await job.run(**arguments)
    except Exception:
        logger.exception("background job %s failed", job.name)
    else:
        logger.debug("background job %s done: %r", job.name, result)


class InlineJobQueue:
    """``JobQueue`` that runs an enqueued job at once in this process, as a background task."""

    def __init__(self, jobs: Sequence[BoundJob], *, close_timeout: float = 10.0) -> None:
        self._jobs = {job.name: job for job in jobs}
        self._running: set[asyncio.Task[None]] = set()
        self._close_timeout = close_timeout

    async def enqueue(self, name: str, **arguments: JobArgument) -> None:
        job = self._jobs.get(name)
        if job is None:
            raise LookupError(f"no background job is registered as {name!r}")
        task = asyncio.create_task(run_logged(job, **arguments), name=f"edutrack-job:{name}")
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def aclose(self) -> None:
        """Give the jobs in flight ``close_timeout`` seconds to finish, then cancel them."""
        running = list(self._running)
        if not running:
            return
        _done, pending = await asyncio.wait(running, timeout=self._close_timeout)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
