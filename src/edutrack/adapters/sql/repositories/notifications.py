"""Notifications in SQL: marking them read (in the unit of work) and sending them (own transaction)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import false, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.repositories.auth import MAX_ID
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.notifications import NotificationModel
from edutrack.core.entities.notifications import NewNotification
from edutrack.ports.clock import Clock


class SqlNotificationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def mark_read(self, user_id: int, notification_id: int) -> bool:
        if not 0 < notification_id <= MAX_ID:
            return False
        result = await self._session.execute(
            update(NotificationModel)
            .where(NotificationModel.id == notification_id, NotificationModel.user_id == user_id)
            .values(is_read=True)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def mark_all_read(self, user_id: int) -> int:
        result = await self._session.execute(
            update(NotificationModel)
            .where(NotificationModel.user_id == user_id, NotificationModel.is_read == false())
            .values(is_read=True)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


class SqlNotifier:
    """Records notifications in a transaction of its own: one SELECT of the recipients that still exist
    (a user deleted since the caller's commit is skipped, not an error), then one multi-row INSERT."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def send(self, notifications: Sequence[NewNotification]) -> None:
        if not notifications:
            return
        now = self._clock.now()
        recipients = sorted({n.user_id for n in notifications if 0 < n.user_id <= MAX_ID})
        async with self._sessions() as session, session.begin():
            existing = set(
                (await session.scalars(select(UserModel.id).where(UserModel.id.in_(recipients)))).all()
            )
            rows = [
                {
                    "user_id": n.user_id,
                    "notification_type": n.notification_type.value,
                    "title": n.title,
                    "message": n.message,
                    "is_read": False,
                    "metadata": dict(n.metadata) if n.metadata is not None else None,
                    "created_at": now,
                }
                for n in notifications
                if n.user_id in existing
            ]
            if rows:
                await session.execute(insert(NotificationModel.__table__).values(rows))
