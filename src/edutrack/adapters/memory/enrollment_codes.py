"""Enrollment codes in memory: the repository (inside a unit of work), with the SQL schema's UNIQUE(code),
foreign keys and conditional claim. Transactions are serialised by the store's lock, so the row lock of
``get_for_update`` has nothing more to do here."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.courses import CourseTables
from edutrack.adapters.memory.store import MemoryState
from edutrack.adapters.memory.students import StudentTables
from edutrack.core.actor import Role
from edutrack.core.entities.enrollment_codes import CodeStatus, EnrollmentCode
from edutrack.core.errors import Conflict
from edutrack.ports.enrollment_codes import ClaimedCode, CodeStudent

CONFLICT = "The request conflicts with the current state of the resource."


@dataclass
class EnrollmentCodeTables:
    codes: dict[int, EnrollmentCode] = field(default_factory=dict)


class MemoryEnrollmentCodeRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(EnrollmentCodeTables)

    def _by_code(self, code: str) -> EnrollmentCode | None:
        return next((stored for stored in self._tables.codes.values() if stored.code == code), None)

    async def add_many(self, codes: list[EnrollmentCode]) -> list[EnrollmentCode]:
        taken = {code.code for code in self._tables.codes.values()}
        stored = []
        for code in codes:
            if code.code in taken:
                continue
            if code.course_id not in self._state.of(CourseTables).courses:
                raise Conflict(CONFLICT)
            code.id = self._state.next_id("enrollment_codes")
            self._tables.codes[code.id] = replace(code)
            taken.add(code.code)
            stored.append(code)
        return stored

    async def claim(self, code: str, student_id: int, now: datetime) -> ClaimedCode | None:
        stored = self._by_code(code)
        if stored is None or stored.id is None or stored.status is not CodeStatus.ACTIVE or stored.is_used:
            return None
        if student_id not in self._state.of(StudentTables).students:
            raise Conflict(CONFLICT)
        stored.used_by, stored.used_at, stored.updated_at = student_id, now, now
        return ClaimedCode(id=stored.id, course_id=stored.course_id)

    async def attach(self, code_id: int, enrollment_id: int) -> None:
        stored = self._tables.codes.get(code_id)
        if stored is not None:
            stored.enrollment_id = enrollment_id

    async def get_for_update(self, code: str) -> EnrollmentCode | None:
        stored = self._by_code(code)
        return replace(stored) if stored is not None else None

    async def reset(self, code_id: int, status: CodeStatus, now: datetime) -> None:
        stored = self._tables.codes.get(code_id)
        if stored is not None:
            stored.status, stored.updated_at = status, now
            stored.used_by = stored.used_at = stored.enrollment_id = None

    async def student_by_email(self, email: str) -> CodeStudent | None:
        wanted = email.strip().lower()
        if not wanted:
            return None
        users = self._state.of(AccountTables).users
        for student in self._state.of(StudentTables).students.values():
            user = users.get(student.user_id)
            if user is not None and user.role == Role.STUDENT and (user.gmail or "").lower() == wanted:
                assert student.id is not None
                return CodeStudent(id=student.id, user_id=student.user_id)
        return None
