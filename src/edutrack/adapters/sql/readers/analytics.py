"""The Appsembler analytics batches in SQL: one statement each, read through a server-side cursor
(``AsyncSession.stream`` with ``yield_per``: asyncpg's cursor on PostgreSQL, chunked fetches on SQLite),
so the rows reach the response in chunks and never sit in one list."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.rows import fetch_value
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.enrollments import EnrollmentModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.ports.integrations import AccountBatchRow, EnrollmentBatchRow, TimeWindow

CHUNK = 500
U = UserModel
E = EnrollmentModel
S = StudentProfileModel


def _within(column: Any, window: TimeWindow) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if window.start is not None:
        conditions.append(column >= window.start)
    if window.until is not None:
        conditions.append(column < window.until)
    return conditions


class SqlAnalyticsReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def _stream(self, statement: Any) -> AsyncIterator[Any]:
        async with self._sessions() as session:
            result = await session.stream(statement.execution_options(yield_per=CHUNK))
            try:
                async for row in result:
                    yield row
            finally:
                await result.close()

    async def accounts(self, window: TimeWindow) -> AsyncIterator[AccountBatchRow]:
        statement = (
            select(U.id, U.username, U.gmail, U.is_active, U.created_at)
            .where(*_within(U.created_at, window))
            .order_by(U.id)
        )
        async for row in self._stream(statement):
            yield AccountBatchRow(
                id=row.id,
                username=row.username,
                email=row.gmail or "",
                is_active=row.is_active,
                date_joined=row.created_at,
            )

    async def enrollments(
        self, window: TimeWindow, course_id: int | None
    ) -> AsyncIterator[EnrollmentBatchRow]:
        enrolled = func.coalesce(E.responded_at, E.enrolled_at)
        conditions = [E.status == "approved", *_within(enrolled, window)]
        if course_id is not None:
            conditions.append(E.course_id == course_id)
        statement = (
            select(E.id, E.course_id, E.responded_at, E.enrolled_at, U.id.label("user_id"), U.username)
            .join(S, S.id == E.student_id)
            .join(U, U.id == S.user_id)
            .where(*conditions)
            .order_by(E.id)
        )
        async for row in self._stream(statement):
            yield EnrollmentBatchRow(
                enrollment_id=row.id,
                user_id=row.user_id,
                username=row.username,
                course_id=row.course_id,
                date_enrolled=row.responded_at or row.enrolled_at,
            )

    async def course_exists(self, course_id: int) -> bool:
        async with self._sessions() as session:
            return bool(await fetch_value(session, select(exists().where(CourseModel.id == course_id))))
