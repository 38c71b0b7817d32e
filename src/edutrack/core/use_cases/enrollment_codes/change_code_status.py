"""An integration client cancels or restores an enrollment code (Appsembler API:
POST /appsembler_api/v0/enrollment-codes/status)."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor
from edutrack.core.entities.enrollment_codes import CodeAction, CodeStatus, code_not_found
from edutrack.core.entities.integrations import AuditAction, AuditEntry
from edutrack.core.entities.notifications import NewNotification
from edutrack.core.policies.course_keys import course_key
from edutrack.core.policies.enrollment_codes import is_code_shaped
from edutrack.core.policies.integrations import require_integration
from edutrack.core.use_cases.enrollment_codes.common import CodeRefused, unenrolled_notification
from edutrack.ports.clock import Clock
from edutrack.ports.notifications import Notifier
from edutrack.ports.uow import UnitOfWork

_OUTCOME = {
    CodeAction.CANCEL: (CodeStatus.CANCELLED, AuditAction.CODE_CANCELLED),
    CodeAction.RESTORE: (CodeStatus.ACTIVE, AuditAction.CODE_RESTORED),
}


@dataclass(frozen=True, slots=True)
class CodeStatusChange:
    code: str
    action: CodeAction


@dataclass(frozen=True, slots=True)
class StatusChanged:
    changed: bool
    """False when the call changed nothing (cancelling a cancelled code, restoring an unused active one)."""
    unenrolled_enrollment_id: int | None = None


class ChangeCodeStatus:
    """Integration clients only (anyone else: PermissionDenied).

    An unknown code: ``CodeRefused`` "The enrollment code (X) was not found", nothing written. Otherwise
    the code's row is locked first (a concurrent redemption either finished before, and is undone here, or
    waits and then finds the code changed), then, in one transaction (API_SUPPLEMENT §11):

    - ``cancel``: the code becomes unusable; if it had enrolled a student, that student is unenrolled from
      the code's course (their open enrollment there becomes ``unenrolled``) and the use is cleared;
    - ``restore``: the code becomes usable again; if it had enrolled a student, that student is unenrolled
      the same way and the code is free for another student.

    Each change writes a ``code_cancelled`` / ``code_restored`` audit entry naming the client, the previous
    state and who was unenrolled. A call that changes nothing (cancel a cancelled code, restore an active
    unused one) succeeds and writes nothing. A student unenrolled here gets ``unenrolled`` after the
    commit."""

    def __init__(self, uow: UnitOfWork, clock: Clock, notifier: Notifier) -> None:
        self._uow = uow
        self._clock = clock
        self._notifier = notifier

    async def execute(self, actor: Actor, command: CodeStatusChange) -> StatusChanged:
        client = require_integration(actor)
        now = self._clock.now()
        status, action = _OUTCOME[command.action]
        async with self._uow as uow:
            code = (
                await uow.enrollment_codes.get_for_update(command.code)
                if is_code_shaped(command.code)
                else None
            )
            if code is None or code.id is None:
                raise CodeRefused(code_not_found(command.code))
            if code.status is status and not code.is_used:
                return StatusChanged(changed=False)
            unenrolled = (
                await uow.enrollments.unenroll(code.used_by, code.course_id, now)
                if code.used_by is not None
                else None
            )
            await uow.enrollment_codes.reset(code.id, status, now)
            notice = await self._unenrolled_notice(uow, code.used_by, code.course_id, unenrolled)
            await uow.integration_audit.record(
                AuditEntry(
                    action=action,
                    target=code.code,
                    created_at=now,
                    client_id=client,
                    details={
                        "course": course_key(code.course_id),
                        "course_id": code.course_id,
                        "previous_status": code.status.value,
                        "used_by_student_id": code.used_by,
                        "code_enrollment_id": code.enrollment_id,
                        "unenrolled_enrollment_id": unenrolled,
                    },
                )
            )
            await uow.commit()
        if notice is not None:
            await self._notifier.send([notice])
        return StatusChanged(changed=True, unenrolled_enrollment_id=unenrolled)

    @staticmethod
    async def _unenrolled_notice(
        uow: UnitOfWork, student_id: int | None, course_id: int, enrollment_id: int | None
    ) -> NewNotification | None:
        if student_id is None or enrollment_id is None:
            return None
        student = await uow.students.get(student_id)
        course = await uow.courses.get(course_id)
        if student is None or course is None:
            return None
        return unenrolled_notification(student.user_id, course, enrollment_id)
