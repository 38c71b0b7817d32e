"""The site-owner dashboard in three statements, whatever the data size: one SELECT of scalar
subqueries for every counter, then one GROUP BY per breakdown."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, false, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.rows import fetch_all, fetch_row
from edutrack.adapters.sql.tables.academics import (
    AreaModel,
    DivisionModel,
    GovernorateModel,
    GradeModel,
    SchoolTypeModel,
    SubjectModel,
    VideoSecurityModel,
)
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.adapters.sql.tables.teachers import TeacherProfileModel, teacher_grades
from edutrack.core.actor import Role
from edutrack.core.entities.people import StudentStatus
from edutrack.ports.dashboards import SiteOwnerDashboard, StudentGroupRow, StudentsByStatus, TeacherGroupRow

U = UserModel
S = StudentProfileModel
T = TeacherProfileModel
STATUS_FIELDS = [status.value for status in StudentStatus]
REFERENCE_TOTALS = {
    "total_subjects": SubjectModel,
    "total_grades": GradeModel,
    "total_school_types": SchoolTypeModel,
    "total_divisions": DivisionModel,
    "total_governorates": GovernorateModel,
    "total_areas": AreaModel,
    "total_video_security_options": VideoSecurityModel,
}


def _count(source: Any, *where: ColumnElement[bool]) -> ScalarSelect[int]:
    return select(func.count()).select_from(source).where(*where).scalar_subquery()


def _counters(since: datetime, until: datetime) -> Any:
    this_month = (U.created_at >= since, U.created_at <= until)
    return select(
        _count(U, U.role == Role.STUDENT.value).label("total_students"),
        _count(U, U.role == Role.TEACHER.value).label("total_teachers"),
        _count(U, U.role == Role.ASSISTANT.value).label("total_assistants"),
        _count(U, *this_month).label("new_users_this_month"),
        _count(U, U.role == Role.STUDENT.value, *this_month).label("new_students_this_month"),
        _count(U, U.role == Role.TEACHER.value, *this_month).label("new_teachers_this_month"),
        _count(U, U.role == Role.TEACHER.value, U.is_active == true()).label("teachers_active_count"),
        _count(U, U.role == Role.TEACHER.value, U.is_active == false()).label("teachers_inactive_count"),
        *(_count(S, S.status == status).label(status) for status in STATUS_FIELDS),
        *(_count(model).label(name) for name, model in REFERENCE_TOTALS.items()),
    )


def _students_by_group() -> Any:
    return (
        select(
            GradeModel.name.label("grade"),
            SchoolTypeModel.name.label("school_type"),
            DivisionModel.name.label("division"),
            func.count().label("count"),
        )
        .select_from(S)
        .outerjoin(GradeModel, GradeModel.id == S.grade_id)
        .outerjoin(SchoolTypeModel, SchoolTypeModel.id == S.school_type_id)
        .outerjoin(DivisionModel, DivisionModel.id == S.division_id)
        .group_by(
            S.grade_id,
            S.school_type_id,
            S.division_id,
            GradeModel.order,
            GradeModel.name,
            SchoolTypeModel.name,
            DivisionModel.name,
        )
        .order_by(
            GradeModel.order.asc().nulls_last(),
            S.grade_id.asc().nulls_last(),
            S.school_type_id.asc().nulls_last(),
            S.division_id.asc().nulls_last(),
        )
    )


def _teachers_by_grade_subject() -> Any:
    return (
        select(
            GradeModel.name.label("grade"), SubjectModel.name.label("subject"), func.count().label("count")
        )
        .select_from(teacher_grades)
        .join(T, T.id == teacher_grades.c.teacher_id)
        .join(GradeModel, GradeModel.id == teacher_grades.c.grade_id)
        .outerjoin(SubjectModel, SubjectModel.id == T.subject_id)
        .group_by(GradeModel.id, GradeModel.order, GradeModel.name, T.subject_id, SubjectModel.name)
        .order_by(GradeModel.order, GradeModel.id, T.subject_id.asc().nulls_last())
    )


class SqlDashboardReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def site_owner(self, since: datetime, until: datetime) -> SiteOwnerDashboard:
        async with self._sessions() as session:
            counters = (await fetch_row(session, _counters(since, until)))._mapping
            students = await fetch_all(session, _students_by_group())
            teachers = await fetch_all(session, _teachers_by_grade_subject())
        return SiteOwnerDashboard(
            total_students=counters["total_students"],
            total_teachers=counters["total_teachers"],
            total_assistants=counters["total_assistants"],
            new_users_this_month=counters["new_users_this_month"],
            new_students_this_month=counters["new_students_this_month"],
            new_teachers_this_month=counters["new_teachers_this_month"],
            students_by_status=StudentsByStatus(**{status: counters[status] for status in STATUS_FIELDS}),
            students_by_grade_school_division=[
                StudentGroupRow(grade=r.grade, school_type=r.school_type, division=r.division, count=r.count)
                for r in students
            ],
            teachers_active_count=counters["teachers_active_count"],
            teachers_inactive_count=counters["teachers_inactive_count"],
            teachers_by_grade_subject=[
                TeacherGroupRow(grade=r.grade, subject=r.subject, count=r.count) for r in teachers
            ],
            **{name: counters[name] for name in REFERENCE_TOTALS},
        )
