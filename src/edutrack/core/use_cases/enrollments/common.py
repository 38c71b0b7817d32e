"""What the enrollment use cases share: the documented messages, the student and staff gates, one
decision on one enrollment (used alone and in bulk) and the notifications they send."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from edutrack.core.actor import Actor, Role
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.entities.notifications import NewNotification, NotificationType
from edutrack.core.entities.people import StudentProfile, StudentStatus
from edutrack.core.errors import AccountNotVerified, NotFound, PermissionDenied, RuleViolation
from edutrack.core.policies.access import require_role
from edutrack.core.policies.content import owns_course
from edutrack.ports.clock import Clock
from edutrack.ports.enrollments import EnrollmentReader, EnrollmentRow
from edutrack.ports.notifications import Notifier
from edutrack.ports.uow import UnitOfWork

ENROLLMENT_NOT_FOUND = "Enrollment not found"
NOT_YOUR_COURSE = "You can only manage enrollments for your own courses"
NO_STUDENT_PROFILE = "Student profile not found."
NO_TEACHER_PROFILE = "Teacher profile not found."


class Decision(StrEnum):
    """What a teacher (or assistant) answers to a pending enrollment."""

    APPROVE = "approve"
    REJECT = "reject"

    @property
    def status(self) -> EnrollmentStatus:
        return EnrollmentStatus.APPROVED if self is Decision.APPROVE else EnrollmentStatus.REJECTED


def cannot_decide(decision: Decision, status: str) -> str:
    return f"Cannot {decision.value} enrollment with status: {status}"


def require_staff(actor: Actor) -> int:
    """Teachers and assistants (PermissionDenied otherwise); the teacher profile they act for."""
    require_role(actor, Role.TEACHER, Role.ASSISTANT)
    if actor.teacher_id is None:
        raise NotFound(NO_TEACHER_PROFILE)
    return actor.teacher_id


def require_student(actor: Actor) -> int:
    """Students only (PermissionDenied otherwise); their student profile id."""
    require_role(actor, Role.STUDENT)
    if actor.student_id is None:
        raise NotFound(NO_STUDENT_PROFILE)
    return actor.student_id


async def verified_student(uow: UnitOfWork, actor: Actor) -> StudentProfile:
    """The calling student's profile, which must be ``verified`` (AccountNotVerified otherwise)."""
    student_id = require_student(actor)
    student = await uow.students.get(student_id)
    if student is None:
        raise NotFound(NO_STUDENT_PROFILE)
    if student.status != StudentStatus.VERIFIED:
        raise AccountNotVerified()
    return student


@dataclass(frozen=True, slots=True)
class DecisionCommand:
    """Approve or reject the enrollment ``enrollment_id``; ``response_note`` is trimmed text of at most
    1000 characters, or None."""

    enrollment_id: int
    response_note: str | None = None


async def decide_one(
    uow: UnitOfWork,
    actor: Actor,
    enrollment_id: int,
    decision: Decision,
    note: str | None,
    now: datetime,
) -> None:
    """Inside the caller's transaction: the enrollment exists (NotFound ``{"error"}``), is in the actor's
    teacher's course (PermissionDenied ``{"error"}``), and is answered by ONE conditional statement that
    only changes a pending enrollment; when that statement changed nothing, the status read afterwards
    names the reason (RuleViolation ``{"error"}``). A failure here writes nothing."""
    enrollment = await uow.enrollments.get(enrollment_id)
    if enrollment is None:
        raise NotFound(ENROLLMENT_NOT_FOUND, key="error")
    course = await uow.courses.get(enrollment.course_id)
    if course is None or not owns_course(actor, course.teacher_id):
        raise PermissionDenied(NOT_YOUR_COURSE, key="error")
    if await uow.enrollments.decide(enrollment_id, decision.status, actor.user_id, now, note):
        return
    current = await uow.enrollments.get(enrollment_id)
    status = (current or enrollment).status
    raise RuleViolation(cannot_decide(decision, EnrollmentStatus(status).value), key="error")


def requested_notification(row: EnrollmentRow) -> NewNotification:
    return NewNotification(
        user_id=row.teacher_user_id,
        notification_type=NotificationType.ENROLLMENT_REQUESTED,
        title="New enrollment request",
        message=f"{row.student_name} ({row.student_code}) asked to join {row.course_name}.",
        metadata={"enrollment_id": row.id, "course_id": row.course_id, "student_id": row.student_id},
    )


def decided_notification(row: EnrollmentRow) -> NewNotification:
    approved = row.status == EnrollmentStatus.APPROVED
    message = (
        f"Your enrollment in {row.course_name} has been approved."
        if approved
        else f"Your enrollment request for {row.course_name} has been rejected."
    )
    if row.response_note:
        message += f" Note: {row.response_note}"
    return NewNotification(
        user_id=row.student_user_id,
        notification_type=(
            NotificationType.ENROLLMENT_APPROVED if approved else NotificationType.ENROLLMENT_REJECTED
        ),
        title="Enrollment approved" if approved else "Enrollment rejected",
        message=message,
        metadata={"enrollment_id": row.id, "course_id": row.course_id, "status": row.status.value},
    )


class EnrollmentWriter:
    """What the enrollment writers are built from: the unit of work, the clock, the notifier of the
    student or staff, and the reader of the row they answer with."""

    def __init__(self, uow: UnitOfWork, clock: Clock, notifier: Notifier, reader: EnrollmentReader) -> None:
        self._uow = uow
        self._clock = clock
        self._notifier = notifier
        self._reader = reader


class SingleDecision(EnrollmentWriter):
    """What ApproveEnrollment and RejectEnrollment share: one enrollment decided in its own transaction,
    then the answer and the student's notification (after the commit)."""

    decision: ClassVar[Decision]

    async def execute(self, actor: Actor, command: DecisionCommand) -> EnrollmentRow:
        require_staff(actor)
        enrollment_id, note = command.enrollment_id, command.response_note
        async with self._uow as uow:
            await decide_one(uow, actor, enrollment_id, self.decision, note, self._clock.now())
            await uow.commit()
        row = await self._reader.get(enrollment_id)
        if row is None:  # deleted in the instant since the commit
            raise NotFound(ENROLLMENT_NOT_FOUND, key="error")
        await self._notifier.send([decided_notification(row)])
        return row
