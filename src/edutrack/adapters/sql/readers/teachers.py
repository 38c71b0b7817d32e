"""Teacher rows for lists and details, built by the database in a fixed number of statements: one COUNT,
one page query (profile + user + video security joined), one for the grades and the reference reader's
subject queries, each ``IN (...)`` over the whole page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.readers.academics import grades_of, load_subject_rows
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import fetch_all, fetch_value
from edutrack.adapters.sql.tables.academics import SubjectModel, VideoSecurityModel
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.teachers import TeacherProfileModel, teacher_grades
from edutrack.ports.academics import SubjectRow, VideoSecurityRow
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.teachers import TeacherFilter, TeacherRow

T = TeacherProfileModel
U = UserModel
V = VideoSecurityModel


def _base() -> Select[Any]:
    return (
        select(
            T.id,
            T.user_id,
            U.username,
            U.name,
            U.gmail,
            U.is_active,
            T.phone,
            T.secondary_phone,
            T.gender,
            T.profile_picture,
            T.biography,
            T.facebook,
            T.created_at,
            T.subject_id,
            T.video_security_id,
            V.name.label("video_security_name"),
            V.price_per_student,
        )
        .join(U, U.id == T.user_id)
        .outerjoin(V, V.id == T.video_security_id)
    )


def _conditions(filters: TeacherFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.is_active is not None:
        conditions.append(U.is_active.is_(filters.is_active))
    if filters.subject_id is not None:
        conditions.append(T.subject_id == filters.subject_id)
    if filters.grade_id is not None:
        conditions.append(
            T.id.in_(select(teacher_grades.c.teacher_id).where(teacher_grades.c.grade_id == filters.grade_id))
        )
    if filters.search:
        conditions.append(func.lower(U.name).contains(filters.search.lower(), autoescape=True))
    return conditions


async def _rows(session: AsyncSession, rows: Sequence[Any]) -> list[TeacherRow]:
    if not rows:
        return []
    grades = await grades_of(session, teacher_grades, "teacher_id", [r.id for r in rows])
    subject_ids = sorted({r.subject_id for r in rows if r.subject_id is not None})
    subjects: dict[int, SubjectRow] = {}
    if subject_ids:
        subject_rows = (
            await session.execute(
                select(SubjectModel.id, SubjectModel.name).where(SubjectModel.id.in_(subject_ids))
            )
        ).all()
        subjects = {
            s.id: s for s in await load_subject_rows(session, subject_rows) if isinstance(s, SubjectRow)
        }
    return [
        TeacherRow(
            id=r.id,
            user_id=r.user_id,
            username=r.username,
            name=r.name,
            gmail=r.gmail,
            is_active=r.is_active,
            phone=r.phone,
            secondary_phone=r.secondary_phone,
            gender=r.gender,
            profile_picture=r.profile_picture,
            biography=r.biography,
            facebook=r.facebook,
            created_at=r.created_at,
            subject=subjects.get(r.subject_id) if r.subject_id is not None else None,
            grades=grades[r.id],
            video_security=(
                VideoSecurityRow(
                    id=r.video_security_id, name=r.video_security_name, price_per_student=r.price_per_student
                )
                if r.video_security_id is not None
                else None
            ),
        )
        for r in rows
    ]


class SqlTeacherReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(self, filters: TeacherFilter, page: PageRequest) -> Page[TeacherRow]:
        conditions = _conditions(filters)
        statement = _base().where(*conditions).order_by(T.id.desc()).offset(page.offset)
        if page.limit is not None:
            statement = statement.limit(page.limit)
        count = select(func.count()).select_from(T).join(U, U.id == T.user_id).where(*conditions)
        async with self._sessions() as session:
            total = await fetch_value(session, count)
            rows = await fetch_all(session, statement) if page.limit != 0 else []
            items = await _rows(session, rows)
        return Page(total=int(total or 0), items=items)

    async def get(self, teacher_id: int) -> TeacherRow | None:
        if not valid_id(teacher_id):
            return None
        async with self._sessions() as session:
            rows = await fetch_all(session, _base().where(T.id == teacher_id))
            items = await _rows(session, rows)
        return items[0] if items else None
