"""Background jobs, as the core sees them: a queue to hand work to (docs/adr/0009-background-jobs.md).

A job is registered by name in a feature's wiring (``c.job(name, run, every=...)``); a use case that
wants one run later enqueues it by that name with JSON-friendly arguments. Whether it then runs in this
process (``EDUTRACK_JOBS=inline``) or in an ``edutrack worker`` through the PostgreSQL queue
(``queue``) is the adapter's business. Either way a job may run more than once (a retry, two inline
schedulers): job functions are idempotent.
"""

from __future__ import annotations

from typing import Protocol

JobArgument = str | int | float | bool | None


class JobQueue(Protocol):
    async def enqueue(self, name: str, **arguments: JobArgument) -> None:
        """Have the job registered as ``name`` run soon with these keyword arguments."""
        ...

    async def aclose(self) -> None:
        """Let go of connections and wait (briefly) for jobs this process started; idempotent."""
        ...
