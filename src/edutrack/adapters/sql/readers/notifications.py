"""The caller's notifications: one COUNT and one page query per list, one COUNT for the unread badge. The
statements are built once (per shape: whether the read flag is filtered, whether the page is limited),
select the columns of ``NotificationRow`` in its order (read by position: ``metadata_``'s column is named
``metadata``) and run as Core reads (ADR 0016)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement, Integer, Select, bindparam, false, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.rows import fetch_all, fetch_value
from edutrack.adapters.sql.tables.notifications import NotificationModel
from edutrack.ports.notifications import NotificationRow
from edutrack.ports.readers import Page, PageRequest

N = NotificationModel
USER = bindparam("user_id", type_=Integer())


def _mine(by_read: bool) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [N.user_id == USER]
    if by_read:
        conditions.append(N.is_read == bindparam("is_read", type_=Boolean()))
    return conditions


def _page(by_read: bool, limited: bool) -> Select[Any]:
    statement = (
        select(N.id, N.notification_type, N.title, N.message, N.is_read, N.metadata_, N.created_at)
        .where(*_mine(by_read))
        .order_by(N.created_at.desc(), N.id.desc())
        .offset(bindparam("offset", type_=Integer()))
    )
    return statement.limit(bindparam("limit", type_=Integer())) if limited else statement


COUNTS = {by_read: select(func.count()).select_from(N).where(*_mine(by_read)) for by_read in (False, True)}
FLAGS = (False, True)
PAGES = {(by_read, limited): _page(by_read, limited) for by_read in FLAGS for limited in FLAGS}
UNREAD = select(func.count()).select_from(N).where(N.user_id == USER, N.is_read == false())


class SqlNotificationReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list_for(self, user_id: int, is_read: bool | None, page: PageRequest) -> Page[NotificationRow]:
        by_read = is_read is not None
        values = {"user_id": user_id, "is_read": is_read, "offset": page.offset, "limit": page.limit}
        async with self._sessions() as session:
            total = (await fetch_value(session, COUNTS[by_read], values)) or 0
            if page.limit == 0 or total <= page.offset:
                return Page(total=total, items=[])
            rows = await fetch_all(session, PAGES[by_read, page.limit is not None], values)
        return Page(total=total, items=[NotificationRow(*r) for r in rows])

    async def count_unread(self, user_id: int) -> int:
        async with self._sessions() as session:
            count = await fetch_value(session, UNREAD, {"user_id": user_id})
        return count or 0
