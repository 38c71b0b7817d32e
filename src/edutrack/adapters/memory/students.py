"""Students in memory: the repository (in a unit of work) and the reader (committed state), behaving like
the SQL adapters (unique national id and code, the same ordering, filters and search)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.core.entities.people import StudentProfile
from edutrack.core.errors import Conflict, ValidationFailed
from edutrack.core.policies.students import NATIONAL_ID_TAKEN
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.students import StudentFilter, StudentRow


@dataclass
class StudentTables:
    students: dict[int, StudentProfile] = field(default_factory=dict)


class MemoryStudentRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(StudentTables)

    def _check_unique(self, student: StudentProfile) -> None:
        for other in self._tables.students.values():
            if other.id == student.id:
                continue
            if student.national_id is not None and other.national_id == student.national_id:
                raise ValidationFailed.field("national_id", NATIONAL_ID_TAKEN)
            if other.student_code == student.student_code:
                raise Conflict("Could not allocate a student code; please retry.")

    async def add(self, student: StudentProfile) -> StudentProfile:
        self._check_unique(student)
        student.id = self._state.next_id("students")
        self._tables.students[student.id] = copy.copy(student)
        return student

    async def get(self, student_id: int) -> StudentProfile | None:
        student = self._tables.students.get(student_id)
        return copy.copy(student) if student else None

    async def get_by_user(self, user_id: int) -> StudentProfile | None:
        for student in self._tables.students.values():
            if student.user_id == user_id:
                return copy.copy(student)
        return None

    async def save(self, student: StudentProfile) -> None:
        assert student.id is not None and student.id in self._tables.students
        self._check_unique(student)
        self._tables.students[student.id] = copy.copy(student)

    async def national_id_taken(self, national_id: str, exclude_student_id: int | None = None) -> bool:
        wanted = national_id.strip()
        return any(
            s.national_id == wanted and s.id != exclude_student_id for s in self._tables.students.values()
        )

    async def code_taken(self, student_code: str) -> bool:
        return any(s.student_code == student_code for s in self._tables.students.values())


def _row(state: MemoryState, student: StudentProfile) -> StudentRow:
    assert student.id is not None
    user = state.of(AccountTables).users[student.user_id]
    return StudentRow(
        id=student.id,
        user_id=student.user_id,
        username=user.username,
        student_code=student.student_code,
        name_ar=student.name_ar,
        name_en=student.name_en,
        phone_number=student.phone_number,
        father_number=student.father_number,
        mother_number=student.mother_number,
        father_job=student.father_job,
        educational_state=student.educational_state.value,
        school_type_id=student.school_type_id,
        grade_id=student.grade_id,
        division_id=student.division_id,
        school_name=student.school_name,
        national_id=student.national_id,
        birth_date=student.birth_date,
        gender=student.gender.value if student.gender else None,
        gmail=user.gmail or "",
        facebook_link=student.facebook_link,
        governorate_id=student.governorate_id,
        area_id=student.area_id,
        status=student.status.value,
        is_active=user.is_active,
        created_at=student.created_at,
        updated_at=student.updated_at,
    )


def _matches(student: StudentProfile, filters: StudentFilter) -> bool:
    if filters.status is not None and student.status != filters.status:
        return False
    if filters.grade is not None and student.grade_id != filters.grade:
        return False
    if filters.school_type is not None and student.school_type_id != filters.school_type:
        return False
    if filters.search:
        needle = filters.search.lower()
        fields = (student.name_ar, student.name_en, student.student_code, student.national_id)
        return any(needle in value.lower() for value in fields)
    return True


class MemoryStudentReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def get(self, student_id: int) -> StudentRow | None:
        state = self._store.state
        student = state.of(StudentTables).students.get(student_id)
        return _row(state, student) if student else None

    async def get_by_user(self, user_id: int) -> StudentRow | None:
        state = self._store.state
        for student in state.of(StudentTables).students.values():
            if student.user_id == user_id:
                return _row(state, student)
        return None

    async def list(self, filters: StudentFilter, page: PageRequest) -> Page[StudentRow]:
        state = self._store.state
        found = [s for s in state.of(StudentTables).students.values() if _matches(s, filters)]
        found.sort(key=lambda s: (s.created_at, s.id or 0), reverse=True)
        end = None if page.limit is None else page.offset + page.limit
        return Page(total=len(found), items=[_row(state, s) for s in found[page.offset : end]])
