"""Enrollment codes (API_SUPPLEMENT §11): the repository a unit of work holds. Redeeming is one conditional
statement and a status change locks the code's row, so no caller decides on a value another transaction
is changing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from edutrack.core.entities.enrollment_codes import CodeStatus, EnrollmentCode


@dataclass(frozen=True, slots=True)
class ClaimedCode:
    id: int
    course_id: int


@dataclass(frozen=True, slots=True)
class CodeStudent:
    """A student an enrollment code may enroll: the profile id and the user id (notifications go there)."""

    id: int
    user_id: int


class EnrollmentCodeRepository(Protocol):
    async def add_many(self, codes: list[EnrollmentCode]) -> list[EnrollmentCode]:
        """Insert the codes (distinct ``code`` values); those whose ``code`` already exists are skipped
        without failing the transaction. Returns the stored ones, with their ids, in the given order."""
        ...

    async def claim(self, code: str, student_id: int, now: datetime) -> ClaimedCode | None:
        """Mark the code used by the student in ONE conditional statement (``UPDATE … WHERE code = … AND
        status = 'active' AND used_by IS NULL RETURNING``): the code when this call won it, None when it is
        unknown, cancelled or already used. Of concurrent claims of one code exactly one wins."""
        ...

    async def attach(self, code_id: int, enrollment_id: int) -> None:
        """Record the enrollment the code (claimed in this transaction) made."""
        ...

    async def get_for_update(self, code: str) -> EnrollmentCode | None:
        """The code, its row locked until the transaction ends (``SELECT … FOR UPDATE`` on PostgreSQL;
        SQLite's ``BEGIN IMMEDIATE`` already holds the one writer lock), or None when unknown."""
        ...

    async def reset(self, code_id: int, status: CodeStatus, now: datetime) -> None:
        """Set the status and clear the use (``used_by``, ``used_at``, ``enrollment_id``)."""
        ...

    async def student_by_email(self, email: str) -> CodeStudent | None:
        """The student whose account has that email (case-insensitive), or None (no account, or not a
        student's)."""
        ...
