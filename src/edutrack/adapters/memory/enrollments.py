"""Enrollments in memory: the repository (inside a unit of work) and the reader (committed state). Same
keys, the same "one open enrollment per student and course" rule, conditional decisions and order as the
SQL adapters."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from edutrack.adapters.memory import courses as memory_courses
from edutrack.adapters.memory.academics import AcademicTables
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.adapters.memory.students import StudentTables
from edutrack.adapters.memory.teachers import TeacherTables
from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.entities.enrollments import ALREADY_ENROLLED, Enrollment, EnrollmentStatus
from edutrack.core.errors import Conflict, RuleViolation
from edutrack.ports.enrollments import EnrollmentFilter, EnrollmentRow
from edutrack.ports.readers import Page, PageRequest

OPEN = (EnrollmentStatus.PENDING, EnrollmentStatus.APPROVED)
CONFLICT = "The request conflicts with the current state of the resource."


@dataclass
class EnrollmentTables:
    enrollments: dict[int, Enrollment] = field(default_factory=dict)


class MemoryEnrollmentRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(EnrollmentTables)

    async def is_approved(self, student_id: int, course_id: int) -> bool:
        return any(
            e.student_id == student_id and e.course_id == course_id and e.status == EnrollmentStatus.APPROVED
            for e in self._tables.enrollments.values()
        )

    async def get(self, enrollment_id: int) -> Enrollment | None:
        found = self._tables.enrollments.get(enrollment_id)
        return copy.deepcopy(found) if found is not None else None

    async def has_open(self, student_id: int, course_id: int) -> bool:
        return any(
            e.student_id == student_id and e.course_id == course_id and e.status in OPEN
            for e in self._tables.enrollments.values()
        )

    async def add(self, enrollment: Enrollment) -> Enrollment:
        """Mirrors the foreign keys and the partial unique index of the SQL schema."""
        if (
            enrollment.student_id not in self._state.of(StudentTables).students
            or enrollment.course_id not in self._state.of(memory_courses.CourseTables).courses
        ):
            raise Conflict(CONFLICT)
        if enrollment.status in OPEN and await self.has_open(enrollment.student_id, enrollment.course_id):
            raise RuleViolation(ALREADY_ENROLLED)
        enrollment.id = self._state.next_id("enrollments")
        self._tables.enrollments[enrollment.id] = copy.deepcopy(enrollment)
        return enrollment

    async def decide(
        self,
        enrollment_id: int,
        status: EnrollmentStatus,
        decided_by: int,
        responded_at: datetime,
        response_note: str | None,
    ) -> bool:
        found = self._tables.enrollments.get(enrollment_id)
        if found is None or found.status != EnrollmentStatus.PENDING:
            return False
        found.status = status
        found.approved_by = decided_by
        found.responded_at = responded_at
        found.response_note = response_note
        return True

    async def unenroll(self, student_id: int, course_id: int, at: datetime) -> int | None:
        for enrollment in self._tables.enrollments.values():
            if (
                enrollment.student_id == student_id
                and enrollment.course_id == course_id
                and enrollment.status in OPEN
            ):
                enrollment.status = EnrollmentStatus.UNENROLLED
                enrollment.responded_at = at
                return enrollment.id
        return None

    async def approve_pending(self, student_id: int, course_id: int, at: datetime) -> int | None:
        for enrollment in self._tables.enrollments.values():
            if (
                enrollment.student_id == student_id
                and enrollment.course_id == course_id
                and enrollment.status == EnrollmentStatus.PENDING
            ):
                enrollment.status = EnrollmentStatus.APPROVED
                enrollment.approved_by = None
                enrollment.responded_at = at
                return enrollment.id
        return None


def _matches(state: MemoryState, enrollment: Enrollment, filters: EnrollmentFilter) -> bool:
    courses = state.of(memory_courses.CourseTables).courses
    return (
        (filters.student_id is None or enrollment.student_id == filters.student_id)
        and (filters.course_id is None or enrollment.course_id == filters.course_id)
        and (filters.status is None or enrollment.status == filters.status)
        and (filters.teacher_id is None or courses[enrollment.course_id].teacher_id == filters.teacher_id)
    )


def _row(state: MemoryState, enrollment: Enrollment) -> EnrollmentRow:
    assert enrollment.id is not None
    users = state.of(AccountTables).users
    student = state.of(StudentTables).students[enrollment.student_id]
    course = state.of(memory_courses.CourseTables).courses[enrollment.course_id]
    teacher = state.of(TeacherTables).teachers[course.teacher_id]
    approver = users.get(enrollment.approved_by) if enrollment.approved_by is not None else None
    return EnrollmentRow(
        id=enrollment.id,
        student_id=enrollment.student_id,
        student_user_id=student.user_id,
        student_name=users[student.user_id].name,
        student_code=student.student_code,
        course_id=course.id or enrollment.course_id,
        course_name=course.name,
        grade_name=state.of(AcademicTables).reference[ReferenceKind.GRADE][course.grade_id].name,
        teacher_id=course.teacher_id,
        teacher_user_id=teacher.user_id,
        teacher_name=users[teacher.user_id].name,
        status=EnrollmentStatus(enrollment.status),
        enrolled_at=enrollment.enrolled_at,
        approved_by=approver.id if approver is not None else None,
        approved_by_name=approver.name if approver is not None else None,
        responded_at=enrollment.responded_at,
        response_note=enrollment.response_note,
    )


class MemoryEnrollmentReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def list(
        self, filters: EnrollmentFilter, page: PageRequest, *, oldest_first: bool = False
    ) -> Page[EnrollmentRow]:
        state = self._store.state
        found = [e for e in state.of(EnrollmentTables).enrollments.values() if _matches(state, e, filters)]
        found.sort(key=lambda e: (e.enrolled_at, e.id or 0), reverse=not oldest_first)
        end = None if page.limit is None else page.offset + page.limit
        return Page(total=len(found), items=[_row(state, e) for e in found[page.offset : end]])

    async def get(self, enrollment_id: int) -> EnrollmentRow | None:
        rows = await self.get_many([enrollment_id])
        return rows[0] if rows else None

    async def get_many(self, enrollment_ids: Sequence[int]) -> list[EnrollmentRow]:
        state = self._store.state
        stored = state.of(EnrollmentTables).enrollments
        return [_row(state, stored[i]) for i in sorted(set(enrollment_ids)) if i in stored]
