"""An integration client enrolls a student with an enrollment code (Appsembler API:
POST /appsembler_api/v0/enrollment-codes/enroll-user)."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor
from edutrack.core.entities.enrollment_codes import ALREADY_ENROLLED, CODE_ERROR, USER_NOT_FOUND
from edutrack.core.entities.enrollments import Enrollment, EnrollmentStatus
from edutrack.core.entities.integrations import AuditAction, AuditEntry
from edutrack.core.errors import RuleViolation
from edutrack.core.policies.course_keys import course_key
from edutrack.core.policies.enrollment_codes import is_code_shaped
from edutrack.core.policies.integrations import require_integration
from edutrack.core.use_cases.enrollment_codes.common import CodeRefused, enrolled_notification
from edutrack.ports.clock import Clock
from edutrack.ports.notifications import Notifier
from edutrack.ports.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class CodeRedemption:
    """The student's account email (any case) and the code (exact, case-sensitive; surrounding spaces
    are the edge's to trim)."""

    email: str
    code: str


@dataclass(frozen=True, slots=True)
class Redeemed:
    enrollment_id: int
    course_id: int
    student_id: int


class EnrollWithCode:
    """Integration clients only (anyone else: PermissionDenied).

    Everything happens in one transaction, and a refusal writes nothing (``CodeRefused``, the document's
    400 ``{"success": "false", "reason": ...}``), checked in this order:
    no student account has the email → "User not found."; the code is claimed by ONE conditional
    statement (active and unused → used by this student), so under any concurrency one caller wins a
    code and every other gets "Enrollment code error." (also for an unknown or cancelled code); the
    code's course is inactive → "Enrollment code error." (the document's "Enrollment closed"); the student
    already has an approved enrollment in the course → "Already enrolled." (the claim is rolled back, the
    code stays usable). Then the student's pending request for the course, if any, is approved (by no
    user), else an approved enrollment is created — the database's one-open-enrollment index answers a
    racing enrollment with "Already enrolled." too; the code records the enrollment, and a ``code_used``
    audit entry names the client, the student and the enrollment. After the commit the student gets
    ``enrollment_approved``."""

    def __init__(self, uow: UnitOfWork, clock: Clock, notifier: Notifier) -> None:
        self._uow = uow
        self._clock = clock
        self._notifier = notifier

    async def execute(self, actor: Actor, command: CodeRedemption) -> Redeemed:
        client = require_integration(actor)
        now = self._clock.now()
        async with self._uow as uow:
            student = await uow.enrollment_codes.student_by_email(command.email)
            if student is None:
                raise CodeRefused(USER_NOT_FOUND)
            student_id = student.id
            claimed = (
                await uow.enrollment_codes.claim(command.code, student_id, now)
                if is_code_shaped(command.code)
                else None
            )
            if claimed is None:
                raise CodeRefused(CODE_ERROR)
            course = await uow.courses.get(claimed.course_id)
            if course is None or not course.is_active:
                raise CodeRefused(CODE_ERROR)
            enrollment_id = await uow.enrollments.approve_pending(student_id, claimed.course_id, now)
            approved_request = enrollment_id is not None
            if enrollment_id is None:
                if await uow.enrollments.has_open(student_id, claimed.course_id):
                    raise CodeRefused(ALREADY_ENROLLED)
                try:
                    enrollment = await uow.enrollments.add(
                        Enrollment(
                            student_id=student_id,
                            course_id=claimed.course_id,
                            enrolled_at=now,
                            status=EnrollmentStatus.APPROVED,
                            responded_at=now,
                        )
                    )
                except RuleViolation:
                    raise CodeRefused(ALREADY_ENROLLED) from None
                enrollment_id = enrollment.id
            assert enrollment_id is not None
            await uow.enrollment_codes.attach(claimed.id, enrollment_id)
            await uow.integration_audit.record(
                AuditEntry(
                    action=AuditAction.CODE_USED,
                    target=command.code,
                    created_at=now,
                    client_id=client,
                    details={
                        "course": course_key(claimed.course_id),
                        "course_id": claimed.course_id,
                        "student_id": student_id,
                        "email": command.email,
                        "enrollment_id": enrollment_id,
                        "approved_pending_request": approved_request,
                    },
                )
            )
            await uow.commit()
        await self._notifier.send([enrolled_notification(student.user_id, course, enrollment_id)])
        return Redeemed(enrollment_id=enrollment_id, course_id=claimed.course_id, student_id=student_id)
