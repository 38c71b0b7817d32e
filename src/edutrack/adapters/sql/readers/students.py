"""Student rows for lists and details: the profile joined with its user, in one statement (lists add one
COUNT), whatever the number of students."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.repositories.auth import MAX_ID
from edutrack.adapters.sql.repositories.students import COLUMNS
from edutrack.adapters.sql.rows import fetch_all, fetch_one, fetch_value
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.students import StudentFilter, StudentRow

S = StudentProfileModel

_PROFILE_COLUMNS = ("id", "user_id", "created_at", *COLUMNS)


def _select() -> Select[Any]:
    return select(
        *(S.__table__.c[name] for name in _PROFILE_COLUMNS),
        UserModel.username,
        UserModel.gmail,
        UserModel.is_active,
    ).join(UserModel, UserModel.id == S.user_id)


def _row(row: Any) -> StudentRow:
    values = dict(row._mapping)
    values["gmail"] = values["gmail"] or ""
    return StudentRow(**values)


def _conditions(filters: StudentFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.status is not None:
        conditions.append(S.status == filters.status.value)
    if filters.grade is not None:
        conditions.append(S.grade_id == filters.grade)
    if filters.school_type is not None:
        conditions.append(S.school_type_id == filters.school_type)
    if filters.search:
        needle = filters.search.lower()
        conditions.append(
            or_(
                *(
                    func.lower(column).contains(needle, autoescape=True)
                    for column in (S.name_ar, S.name_en, S.student_code, S.national_id)
                )
            )
        )
    return conditions


class SqlStudentReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def _one(self, condition: ColumnElement[bool]) -> StudentRow | None:
        async with self._sessions() as session:
            row = await fetch_one(session, _select().where(condition))
        return _row(row) if row else None

    async def get(self, student_id: int) -> StudentRow | None:
        if not 0 < student_id <= MAX_ID:
            return None
        return await self._one(S.id == student_id)

    async def get_by_user(self, user_id: int) -> StudentRow | None:
        if not 0 < user_id <= MAX_ID:
            return None
        return await self._one(S.user_id == user_id)

    async def list(self, filters: StudentFilter, page: PageRequest) -> Page[StudentRow]:
        conditions = _conditions(filters)
        async with self._sessions() as session:
            total = int(
                await fetch_value(session, select(func.count()).select_from(S).where(*conditions)) or 0
            )
            if total == 0 or page.limit == 0:
                return Page(total=total, items=[])
            statement = _select().where(*conditions).order_by(S.created_at.desc(), S.id.desc())
            statement = statement.offset(page.offset)
            if page.limit is not None:
                statement = statement.limit(page.limit)
            rows = await fetch_all(session, statement)
        return Page(total=total, items=[_row(row) for row in rows])
