from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.models import UserModel
from edutrack.adapters.sql.repositories.accounts import MAX_ID
from edutrack.ports.readers import UserRow


class SqlAccountReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def principal(self, user_id: int) -> UserRow | None:
        if not 0 < user_id <= MAX_ID:
            return None
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(
                        UserModel.id, UserModel.username, UserModel.role, UserModel.name, UserModel.is_active
                    ).where(UserModel.id == user_id)
                )
            ).one_or_none()
        return (
            UserRow(id=row.id, username=row.username, role=row.role, name=row.name, is_active=row.is_active)
            if row
            else None
        )


class SqlHealthProbe:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def database_ready(self) -> bool:
        try:
            async with self._sessions() as session:
                await session.execute(text("SELECT 1"))
        except Exception:
            return False
        return True
