"""How many jobs wait or run in the PostgreSQL queue (``EDUTRACK_JOBS=queue``), for the metrics scrape.

Read from ``procrastinate_jobs`` itself, so every web worker reports the same numbers. Before the first
``edutrack worker`` created the queue's schema the table does not exist: the depth is then zero."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

STATUSES = ("todo", "doing")

_DEPTH = text(
    "SELECT status::text, count(*) FROM procrastinate_jobs WHERE status::text IN ('todo', 'doing') "
    "GROUP BY status"
)
_PRESENT = text("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")


async def queue_depth(engine: AsyncEngine) -> dict[str, int]:
    """Jobs by status, every status of ``STATUSES`` present (0 when none)."""
    depth = dict.fromkeys(STATUSES, 0)
    async with engine.connect() as conn:
        if not (await conn.execute(_PRESENT)).scalar():
            return depth
        for status, count in (await conn.execute(_DEPTH)).all():
            depth[str(status)] = int(count)
    return depth
