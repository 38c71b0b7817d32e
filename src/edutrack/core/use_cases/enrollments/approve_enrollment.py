"""Approve a pending enrollment (Teacher §6, POST /courses/enrollments/{id}/approve/)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.use_cases.enrollments.common import Decision, decide_single
from edutrack.ports.clock import Clock
from edutrack.ports.enrollments import EnrollmentReader, EnrollmentRow
from edutrack.ports.notifications import Notifier
from edutrack.ports.uow import UnitOfWork


class ApproveEnrollment:
    """The course's teacher or one of their assistants (other roles: PermissionDenied).

    Invariants: unknown enrollment: NotFound ``{"error": "Enrollment not found"}``; another teacher's
    course: PermissionDenied ``{"error": "You can only manage enrollments for your own courses"}``; only a
    pending enrollment is approved, by one conditional statement, so of two concurrent decisions exactly
    one wins and the other gets RuleViolation ``{"error": "Cannot approve enrollment with status: X"}``.
    The decision is kept: ``approved_by`` (the deciding user), ``responded_at`` and the optional note (at
    most 1000 characters; blank is none). After the commit the student gets ``enrollment_approved``.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, notifier: Notifier, reader: EnrollmentReader) -> None:
        self._uow = uow
        self._clock = clock
        self._notifier = notifier
        self._reader = reader

    async def execute(
        self, actor: Actor, enrollment_id: int, response_note: str | None = None
    ) -> EnrollmentRow:
        return await decide_single(
            self._uow,
            self._reader,
            self._notifier,
            self._clock,
            actor,
            enrollment_id,
            Decision.APPROVE,
            response_note,
        )
