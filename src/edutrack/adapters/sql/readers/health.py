"""The database probe behind ``/health/ready``: the primary, and the read replica when there is one."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


class SqlHealthProbe:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        replica_sessions: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self._sessions = sessions
        self._replica_sessions = replica_sessions

    async def database_ready(self) -> bool:
        return await _answers(self._sessions)

    async def replica_ready(self) -> bool | None:
        return None if self._replica_sessions is None else await _answers(self._replica_sessions)


async def _answers(sessions: async_sessionmaker[AsyncSession]) -> bool:
    try:
        async with sessions() as session:
            await session.execute(text("SELECT 1"))
    except Exception:
        return False
    return True
