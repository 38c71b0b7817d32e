"""Assistant rows for lists and details: the profile joined with its user and its teacher's user, built in
one statement (a list is one COUNT and one page query, whatever its size)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import fetch_all, fetch_one, fetch_value
from edutrack.adapters.sql.tables.assistants import AssistantProfileModel
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.teachers import TeacherProfileModel
from edutrack.ports.assistants import AssistantFilter, AssistantRow
from edutrack.ports.readers import Page, PageRequest

A = AssistantProfileModel
AssistantUser = aliased(UserModel, name="assistant_user")
TeacherUser = aliased(UserModel, name="teacher_user")


def _select() -> Select[Any]:
    return (
        select(
            A.id,
            A.user_id,
            AssistantUser.username,
            AssistantUser.name,
            A.phone,
            AssistantUser.gmail,
            A.gender,
            A.profile_picture,
            AssistantUser.is_active,
            A.created_at,
            A.teacher_id,
            TeacherUser.name.label("teacher_name"),
        )
        .join(AssistantUser, AssistantUser.id == A.user_id)
        .join(TeacherProfileModel, TeacherProfileModel.id == A.teacher_id)
        .join(TeacherUser, TeacherUser.id == TeacherProfileModel.user_id)
    )


def _row(r: Any) -> AssistantRow:
    return AssistantRow(
        id=r.id,
        user_id=r.user_id,
        username=r.username,
        name=r.name,
        phone=r.phone,
        gmail=r.gmail,
        gender=r.gender,
        profile_picture=r.profile_picture,
        is_active=r.is_active,
        created_at=r.created_at,
        teacher=r.teacher_id,
        teacher_name=r.teacher_name,
    )


def _conditions(filters: AssistantFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.teacher is not None:
        conditions.append(A.teacher_id == filters.teacher)
    if filters.search:
        needle = filters.search.lower()
        conditions.append(
            or_(
                func.lower(AssistantUser.name).contains(needle, autoescape=True),
                func.lower(A.phone).contains(needle, autoescape=True),
                func.lower(AssistantUser.gmail).contains(needle, autoescape=True),
            )
        )
    return conditions


class SqlAssistantReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(self, filters: AssistantFilter, page: PageRequest) -> Page[AssistantRow]:
        conditions = _conditions(filters)
        count = (
            select(func.count())
            .select_from(A)
            .join(AssistantUser, AssistantUser.id == A.user_id)
            .where(*conditions)
        )
        statement = (_select().where(*conditions).order_by(A.created_at.desc(), A.id.desc())).offset(
            page.offset
        )
        if page.limit is not None:
            statement = statement.limit(page.limit)
        async with self._sessions() as session:
            total = await fetch_value(session, count)
            rows = await fetch_all(session, statement) if page.limit != 0 else []
        return Page(total=int(total or 0), items=[_row(r) for r in rows])

    async def get(self, assistant_id: int) -> AssistantRow | None:
        if not valid_id(assistant_id):
            return None
        async with self._sessions() as session:
            row = await fetch_one(session, _select().where(A.id == assistant_id))
        return _row(row) if row else None
