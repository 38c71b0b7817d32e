"""Bulk enrollment in memory: the allowances (one per lower-case email and course, like the SQL UNIQUE key)
and the lookups of a bulk request, over the same tables the other fakes keep."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from edutrack.adapters.memory import courses as memory_courses
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.enrollments import OPEN, EnrollmentTables
from edutrack.adapters.memory.store import MemoryState
from edutrack.adapters.memory.students import StudentTables
from edutrack.core.entities.bulk_enrollment import EnrollmentAllowance
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.errors import Conflict
from edutrack.ports.bulk_enrollment import Account, OpenEnrollment


@dataclass
class AllowanceTables:
    allowances: dict[tuple[str, int], EnrollmentAllowance] = field(default_factory=dict)


class MemoryEnrollmentAllowanceRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(AllowanceTables)

    async def accounts(self, identifiers: Collection[str]) -> dict[str, Account]:
        users = self._state.of(AccountTables).users.values()
        students = {s.user_id: s.id for s in self._state.of(StudentTables).students.values()}
        found: dict[str, Account] = {}
        for identifier in identifiers:
            wanted = identifier.lower()
            for user in users:
                key = user.gmail if "@" in identifier else user.username
                if key is not None and key.lower() == wanted and user.id is not None:
                    found[identifier] = Account(
                        user.id, user.username, user.name, user.gmail, user.role, students.get(user.id)
                    )
                    break
        return found

    async def open_enrollments(
        self, student_ids: Collection[int], course_ids: Collection[int]
    ) -> list[OpenEnrollment]:
        return [
            OpenEnrollment(e.id, e.student_id, e.course_id, EnrollmentStatus(e.status))
            for e in self._state.of(EnrollmentTables).enrollments.values()
            if e.id is not None
            and e.student_id in student_ids
            and e.course_id in course_ids
            and e.status in OPEN
        ]

    async def allowances(
        self, emails: Collection[str], course_ids: Collection[int]
    ) -> list[EnrollmentAllowance]:
        return [
            a
            for (email, course), a in self._tables.allowances.items()
            if email in emails and course in course_ids
        ]

    async def remember(self, allowance: EnrollmentAllowance) -> None:
        if allowance.course_id not in self._state.of(memory_courses.CourseTables).courses:
            raise Conflict("The request conflicts with the current state of the resource.")
        key = (allowance.email.lower(), allowance.course_id)
        existing = self._tables.allowances.get(key)
        if existing is not None:
            self._tables.allowances[key] = dataclasses.replace(existing, auto_enroll=allowance.auto_enroll)
        else:
            self._tables.allowances[key] = dataclasses.replace(allowance, email=key[0])

    async def forget(self, email: str, course_id: int) -> bool:
        return self._tables.allowances.pop((email.lower(), course_id), None) is not None

    async def take(self, email: str) -> Sequence[int]:
        wanted = email.lower()
        taken = [
            self._tables.allowances.pop(key) for key in list(self._tables.allowances) if key[0] == wanted
        ]
        return sorted(a.course_id for a in taken if a.auto_enroll)
