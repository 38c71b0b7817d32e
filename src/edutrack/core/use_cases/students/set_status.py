"""The site owner verifies, declines, suspends, deactivates or reactivates a student."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor
from edutrack.core.commands import UNSET, Unset
from edutrack.core.entities.notifications import NewNotification, NotificationType
from edutrack.core.entities.people import StudentStatus
from edutrack.core.errors import NotFound
from edutrack.core.policies.access import require_site_owner
from edutrack.ports.clock import Clock
from edutrack.ports.notifications import Notifier
from edutrack.ports.uow import UnitOfWork

STATUS_TEXT = {
    StudentStatus.VERIFIED: "verified",
    StudentStatus.PENDING: "pending review",
    StudentStatus.DECLINED: "declined",
    StudentStatus.SUSPENDED_TEMPORARY: "temporarily suspended",
    StudentStatus.SUSPENDED_PERMANENT: "permanently suspended",
}


@dataclass(frozen=True, slots=True)
class StudentStatusChanges:
    """``UNSET`` keeps what is stored."""

    status: StudentStatus | Unset = UNSET
    is_active: bool | Unset = UNSET


@dataclass(frozen=True, slots=True)
class StudentStatusResult:
    status: StudentStatus
    is_active: bool


def status_notification(user_id: int, status: StudentStatus, is_active: bool) -> NewNotification:
    message = f"Your account is now {STATUS_TEXT[status]}."
    if not is_active:
        message += " Your account has been disabled."
    return NewNotification(
        user_id=user_id,
        notification_type=NotificationType.STUDENT_STATUS_CHANGED,
        title="Account status updated",
        message=message,
        metadata={"status": status.value, "is_active": is_active},
    )


class SetStudentStatus:
    """Site owner only: change a student's ``status`` (on the profile) and/or ``is_active`` (on the user);
    an omitted one stays as it is.

    Invariants: one transaction; deactivating also revokes the student's refresh tokens (access tokens
    already stop working: every request re-reads ``is_active``). After the commit, and only when
    something changed, the student gets a ``student_status_changed`` notification.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, notifier: Notifier) -> None:
        self._uow = uow
        self._clock = clock
        self._notifier = notifier

    async def execute(
        self, actor: Actor, student_id: int, changes: StudentStatusChanges
    ) -> StudentStatusResult:
        require_site_owner(actor)
        status, is_active = changes.status, changes.is_active
        now = self._clock.now()
        async with self._uow as uow:
            student = await uow.students.get(student_id)
            user = await uow.users.get(student.user_id) if student is not None else None
            if student is None or user is None or user.id is None:
                raise NotFound()
            changed = False
            if status is not UNSET and status != student.status:
                student.status = status
                student.updated_at = now
                await uow.students.save(student)
                changed = True
            if is_active is not UNSET and is_active != user.is_active:
                user.is_active = is_active
                user.updated_at = now
                await uow.users.save(user)
                if not is_active:
                    await uow.refresh_tokens.revoke_for_user(user.id, now)
                changed = True
            await uow.commit()
        result = StudentStatusResult(status=student.status, is_active=user.is_active)
        if changed:
            await self._notifier.send([status_notification(user.id, result.status, result.is_active)])
        return result
