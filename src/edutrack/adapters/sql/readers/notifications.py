"""The caller's notifications: one COUNT and one page query per list, one COUNT for the unread badge."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.tables.notifications import NotificationModel
from edutrack.ports.notifications import NotificationRow
from edutrack.ports.readers import Page, PageRequest

N = NotificationModel


class SqlNotificationReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list_for(self, user_id: int, is_read: bool | None, page: PageRequest) -> Page[NotificationRow]:
        conditions: list[ColumnElement[bool]] = [N.user_id == user_id]
        if is_read is not None:
            conditions.append(N.is_read == is_read)
        async with self._sessions() as session:
            total = (await session.scalar(select(func.count()).select_from(N).where(*conditions))) or 0
            if page.limit == 0 or total <= page.offset:
                return Page(total=total, items=[])
            query = (
                select(N.id, N.notification_type, N.title, N.message, N.is_read, N.metadata_, N.created_at)
                .where(*conditions)
                .order_by(N.created_at.desc(), N.id.desc())
                .offset(page.offset)
                .limit(page.limit)
            )
            rows = (await session.execute(query)).all()
        return Page(
            total=total,
            items=[
                NotificationRow(
                    id=r.id,
                    notification_type=r.notification_type,
                    title=r.title,
                    message=r.message,
                    is_read=r.is_read,
                    metadata=r.metadata_,
                    created_at=r.created_at,
                )
                for r in rows
            ],
        )

    async def count_unread(self, user_id: int) -> int:
        async with self._sessions() as session:
            count = await session.scalar(
                select(func.count()).select_from(N).where(N.user_id == user_id, N.is_read == false())
            )
        return count or 0
