"""The site-owner dashboard over the committed memory state, mirroring the SQL aggregation and order."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from edutrack.adapters.memory.academics import AcademicTables
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.adapters.memory.students import StudentTables
from edutrack.adapters.memory.teachers import TeacherTables
from edutrack.core.actor import Role
from edutrack.core.entities.academics import Grade, ReferenceKind
from edutrack.core.entities.people import StudentStatus
from edutrack.ports.dashboards import SiteOwnerDashboard, StudentGroupRow, StudentsByStatus, TeacherGroupRow


def _last(value: int | None) -> tuple[bool, int]:
    """Sort key putting missing values last, like ``NULLS LAST``."""
    return (value is None, value or 0)


def _name(state: MemoryState, kind: ReferenceKind, item_id: int | None) -> str | None:
    item = state.of(AcademicTables).reference[kind].get(item_id) if item_id is not None else None
    return item.name if item is not None else None


def _grade_order(state: MemoryState, grade_id: int | None) -> int | None:
    grades = state.of(AcademicTables).reference[ReferenceKind.GRADE]
    grade = grades.get(grade_id) if grade_id is not None else None
    return grade.order if isinstance(grade, Grade) else None


def _students_by_group(state: MemoryState) -> list[StudentGroupRow]:
    students = state.of(StudentTables).students.values()
    groups = Counter((s.grade_id, s.school_type_id, s.division_id) for s in students)
    ordered = sorted(
        groups,
        key=lambda k: (_last(_grade_order(state, k[0])), _last(k[0]), _last(k[1]), _last(k[2])),
    )
    return [
        StudentGroupRow(
            grade=_name(state, ReferenceKind.GRADE, grade_id),
            school_type=_name(state, ReferenceKind.SCHOOL_TYPE, school_type_id),
            division=_name(state, ReferenceKind.DIVISION, division_id),
            count=groups[(grade_id, school_type_id, division_id)],
        )
        for grade_id, school_type_id, division_id in ordered
    ]


def _teachers_by_grade_subject(state: MemoryState) -> list[TeacherGroupRow]:
    groups = Counter(
        (grade_id, teacher.subject_id)
        for teacher in state.of(TeacherTables).teachers.values()
        for grade_id in set(teacher.grade_ids)
    )
    ordered = sorted(groups, key=lambda k: (_grade_order(state, k[0]) or 0, k[0], _last(k[1])))
    return [
        TeacherGroupRow(
            grade=_name(state, ReferenceKind.GRADE, grade_id) or "",
            subject=_name(state, ReferenceKind.SUBJECT, subject_id),
            count=groups[(grade_id, subject_id)],
        )
        for grade_id, subject_id in ordered
    ]


class MemoryDashboardReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def site_owner(self, since: datetime, until: datetime) -> SiteOwnerDashboard:
        state = self._store.state
        users = list(state.of(AccountTables).users.values())
        roles = Counter(u.role for u in users)
        new = [u for u in users if since <= u.created_at <= until]
        new_roles = Counter(u.role for u in new)
        teachers = [u for u in users if u.role is Role.TEACHER]
        statuses = Counter(s.status.value for s in state.of(StudentTables).students.values())
        totals = {kind: len(items) for kind, items in state.of(AcademicTables).reference.items()}
        return SiteOwnerDashboard(
            total_students=roles[Role.STUDENT],
            total_teachers=roles[Role.TEACHER],
            total_assistants=roles[Role.ASSISTANT],
            new_users_this_month=len(new),
            new_students_this_month=new_roles[Role.STUDENT],
            new_teachers_this_month=new_roles[Role.TEACHER],
            students_by_status=StudentsByStatus(**{s.value: statuses[s.value] for s in StudentStatus}),
            students_by_grade_school_division=_students_by_group(state),
            teachers_active_count=sum(1 for u in teachers if u.is_active),
            teachers_inactive_count=sum(1 for u in teachers if not u.is_active),
            teachers_by_grade_subject=_teachers_by_grade_subject(state),
            total_subjects=totals[ReferenceKind.SUBJECT],
            total_grades=totals[ReferenceKind.GRADE],
            total_school_types=totals[ReferenceKind.SCHOOL_TYPE],
            total_divisions=totals[ReferenceKind.DIVISION],
            total_governorates=totals[ReferenceKind.GOVERNORATE],
            total_areas=totals[ReferenceKind.AREA],
            total_video_security_options=totals[ReferenceKind.VIDEO_SECURITY],
        )
