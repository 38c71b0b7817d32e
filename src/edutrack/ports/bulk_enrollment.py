"""Bulk enrollment (Appsembler API, issue 14): the repository of a bulk request's unit of work
(``uow.enrollment_allowances``): the remembered allowances, and the lookups the request makes inside its
transaction (who the identifiers are, their open enrollments)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from edutrack.core.actor import Role
from edutrack.core.entities.bulk_enrollment import EnrollmentAllowance
from edutrack.core.entities.enrollments import EnrollmentStatus


@dataclass(frozen=True, slots=True)
class Account:
    """The account an identifier names (username exactly, case-insensitively, or gmail likewise)."""

    user_id: int
    username: str
    name: str
    gmail: str | None
    role: Role
    student_id: int | None


@dataclass(frozen=True, slots=True)
class OpenEnrollment:
    id: int
    student_id: int
    course_id: int
    status: EnrollmentStatus  # pending or approved


class EnrollmentAllowanceRepository(Protocol):
    async def accounts(self, identifiers: Collection[str]) -> dict[str, Account]:
        """The accounts the identifiers name, by identifier as given (one query). An identifier with an
        ``@`` is looked up by gmail, any other by username; both case-insensitively."""
        ...

    async def open_enrollments(
        self, student_ids: Collection[int], course_ids: Collection[int]
    ) -> list[OpenEnrollment]:
        """The pending or approved enrollments of those students in those courses (one query)."""
        ...

    async def allowances(
        self, emails: Collection[str], course_ids: Collection[int]
    ) -> list[EnrollmentAllowance]:
        """The allowances remembered for those (lower-case) emails in those courses (one query)."""
        ...

    async def remember(self, allowance: EnrollmentAllowance) -> None:
        """Insert the allowance, or update ``auto_enroll`` of the one remembered for its email and course."""
        ...

    async def forget(self, email: str, course_id: int) -> bool:
        """Delete the allowance of the email in the course; True when there was one."""
        ...

    async def take(self, email: str) -> Sequence[int]:
        """Delete every allowance of the email (any case); the course ids of those with ``auto_enroll``,
        ascending. In the caller's transaction: an account creation that rolls back keeps them."""
        ...
