"""Enrollment rows built by the database: one COUNT and one page query joining the student (profile and
user), the course with its grade and teacher's user, and the deciding user — whatever the page size."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from edutrack.adapters.sql.readers.counting import count_of
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import fetch_all, fetch_value
from edutrack.adapters.sql.tables.academics import GradeModel
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.enrollments import EnrollmentModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.adapters.sql.tables.teachers import TeacherProfileModel
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.ports.enrollments import EnrollmentFilter, EnrollmentRow
from edutrack.ports.readers import Page, PageRequest

E = EnrollmentModel
C = CourseModel
StudentUser = aliased(UserModel, name="student_user")
TeacherUser = aliased(UserModel, name="teacher_user")
Approver = aliased(UserModel, name="approver")


def _base() -> Select[Any]:
    return (
        select(
            E.id,
            E.student_id,
            StudentProfileModel.user_id.label("student_user_id"),
            StudentUser.name.label("student_name"),
            StudentProfileModel.student_code,
            E.course_id,
            C.name.label("course_name"),
            GradeModel.name.label("grade_name"),
            C.teacher_id,
            TeacherProfileModel.user_id.label("teacher_user_id"),
            TeacherUser.name.label("teacher_name"),
            E.status,
            E.enrolled_at,
            E.approved_by,
            Approver.name.label("approved_by_name"),
            E.responded_at,
            E.response_note,
        )
        .join(StudentProfileModel, StudentProfileModel.id == E.student_id)
        .join(StudentUser, StudentUser.id == StudentProfileModel.user_id)
        .join(C, C.id == E.course_id)
        .join(GradeModel, GradeModel.id == C.grade_id)
        .join(TeacherProfileModel, TeacherProfileModel.id == C.teacher_id)
        .join(TeacherUser, TeacherUser.id == TeacherProfileModel.user_id)
        .outerjoin(Approver, Approver.id == E.approved_by)
    )


def _conditions(filters: EnrollmentFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.student_id is not None:
        conditions.append(E.student_id == filters.student_id)
    if filters.course_id is not None:
        conditions.append(E.course_id == filters.course_id)
    if filters.status is not None:
        conditions.append(E.status == filters.status.value)
    if filters.teacher_id is not None:
        conditions.append(C.teacher_id == filters.teacher_id)  # the page query joins the course
    return conditions


def _row(r: Any) -> EnrollmentRow:
    return EnrollmentRow(
        id=r.id,
        student_id=r.student_id,
        student_user_id=r.student_user_id,
        student_name=r.student_name,
        student_code=r.student_code,
        course_id=r.course_id,
        course_name=r.course_name,
        grade_name=r.grade_name,
        teacher_id=r.teacher_id,
        teacher_user_id=r.teacher_user_id,
        teacher_name=r.teacher_name,
        status=EnrollmentStatus(r.status),
        enrolled_at=r.enrolled_at,
        approved_by=r.approved_by,
        approved_by_name=r.approved_by_name,
        responded_at=r.responded_at,
        response_note=r.response_note,
    )


class SqlEnrollmentReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(
        self, filters: EnrollmentFilter, page: PageRequest, *, oldest_first: bool = False
    ) -> Page[EnrollmentRow]:
        conditions = _conditions(filters)
        order = (E.enrolled_at, E.id) if oldest_first else (E.enrolled_at.desc(), E.id.desc())
        statement = _base().where(*conditions).order_by(*order).offset(page.offset)
        if page.limit is not None:
            statement = statement.limit(page.limit)
        count = count_of(E, conditions, lambda s: s.join(C, C.id == E.course_id))
        async with self._sessions() as session:
            total = await fetch_value(session, count)
            rows = await fetch_all(session, statement) if page.limit != 0 else []
        return Page(total=int(total or 0), items=[_row(r) for r in rows])

    async def get(self, enrollment_id: int) -> EnrollmentRow | None:
        if not valid_id(enrollment_id):
            return None
        rows = await self.get_many([enrollment_id])
        return rows[0] if rows else None

    async def get_many(self, enrollment_ids: Sequence[int]) -> list[EnrollmentRow]:
        ids = sorted({i for i in enrollment_ids if valid_id(i)})
        if not ids:
            return []
        async with self._sessions() as session:
            rows = await fetch_all(session, _base().where(E.id.in_(ids)).order_by(E.id))
        return [_row(r) for r in rows]
