"""Enrollments (Teacher §6, API_SUPPLEMENT §5): the write-side repository (in a unit of work) and the
reader with its rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from edutrack.core.entities.enrollments import Enrollment, EnrollmentStatus
from edutrack.ports.readers import Page, PageRequest


class EnrollmentRepository(Protocol):
    async def is_approved(self, student_id: int, course_id: int) -> bool:
        """The student has an approved enrollment in the course (needed to redeem, add balance, buy)."""
        ...

    async def get(self, enrollment_id: int) -> Enrollment | None:
        """The enrollment as stored, or None (also for an id outside the database's range)."""
        ...

    async def has_open(self, student_id: int, course_id: int) -> bool:
        """A pending or approved enrollment of the student in the course exists."""
        ...

    async def add(self, enrollment: Enrollment) -> Enrollment:
        """Insert and assign ``enrollment.id``. A pending or approved enrollment of the same student in the
        same course (one the caller's check could not see: a race) raises ``RuleViolation(ALREADY_ENROLLED)``
        — the database's partial unique index decides."""
        ...

    async def decide(
        self,
        enrollment_id: int,
        status: EnrollmentStatus,
        decided_by: int,
        responded_at: datetime,
        response_note: str | None,
    ) -> bool:
        """Answer a PENDING enrollment in one conditional statement (``UPDATE … WHERE id = … AND status =
        'pending'``): True when this call changed it, False when it was no longer pending (or is missing).
        Never read-then-write: two concurrent decisions on one enrollment give exactly one True."""
        ...

    async def unenroll(self, student_id: int, course_id: int, at: datetime) -> int | None:
        """Take the student out of the course in one conditional statement: their open (pending or
        approved) enrollment becomes ``unenrolled`` (``responded_at = at``). The id of the enrollment this
        call changed, or None when there was none open (never read-then-write)."""
        ...

    async def approve_pending(self, student_id: int, course_id: int, at: datetime) -> int | None:
        """The student's PENDING request for the course becomes ``approved`` without a deciding user
        (``approved_by`` None, ``responded_at = at``: an integration enrolled them) in one conditional
        statement. The id of the enrollment this call changed, or None when none was pending."""
        ...


@dataclass(frozen=True, slots=True)
class EnrollmentRow:
    """An enrollment as the API shows it, plus the user ids the notifications go to. ``approved_by`` is the
    user who decided (approved or rejected), ``approved_by_name`` that user's name."""

    id: int
    student_id: int
    student_user_id: int
    student_name: str
    student_code: str
    course_id: int
    course_name: str
    grade_name: str
    teacher_id: int
    teacher_user_id: int
    teacher_name: str
    status: EnrollmentStatus
    enrolled_at: datetime
    approved_by: int | None
    approved_by_name: str | None
    responded_at: datetime | None
    response_note: str | None


@dataclass(frozen=True, slots=True)
class EnrollmentFilter:
    """``student_id``: that student's enrollments; ``teacher_id``: those in that teacher's courses;
    ``course_id`` and ``status`` narrow further. Unset fields do not filter."""

    student_id: int | None = None
    teacher_id: int | None = None
    course_id: int | None = None
    status: EnrollmentStatus | None = None


class EnrollmentReader(Protocol):
    async def list(
        self, filters: EnrollmentFilter, page: PageRequest, *, oldest_first: bool = False
    ) -> Page[EnrollmentRow]:
        """Matching enrollments by (enrolled_at, id), newest first unless ``oldest_first``; one COUNT and
        one page query whatever the page size."""
        ...

    async def get(self, enrollment_id: int) -> EnrollmentRow | None: ...

    async def get_many(self, enrollment_ids: Sequence[int]) -> list[EnrollmentRow]:
        """The existing ones among ``enrollment_ids``, by id, in one query."""
        ...
