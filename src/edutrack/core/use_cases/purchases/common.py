"""What the purchase use cases share: the purchase as one actor sees it, the student gate, and who may
read or reopen a purchase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from edutrack.core.actor import Actor, Role
from edutrack.core.entities.people import StudentStatus
from edutrack.core.errors import AccountNotVerified, NotFound, PermissionDenied
from edutrack.core.policies.access import require_role
from edutrack.ports.purchases import PurchaseRow
from edutrack.ports.uow import UnitOfWork

NOT_ENROLLED = "Student is not enrolled in this course"
NOT_YOUR_COURSE = "You can only extend access for lectures in your own courses"
REPLACED = "This purchase was replaced by a newer purchase of the same lecture; extend that one instead"


@dataclass(frozen=True, slots=True)
class PurchaseView:
    """A purchase row judged at one instant: ``is_expired`` is ``now > effective_expiry``."""

    row: PurchaseRow
    is_expired: bool


@dataclass(frozen=True, slots=True)
class PurchaseDone:
    """What a purchase or a reopen keeps under its idempotency key (ADR 0007): the purchase and the
    instant it was judged at, so a replay answers with the purchase as that instant saw it."""

    purchase_id: int
    at: datetime


def view(row: PurchaseRow, now: datetime) -> PurchaseView:
    return PurchaseView(row=row, is_expired=row.is_expired(now))


def student_id_of(actor: Actor) -> int:
    """Students only (PermissionDenied otherwise); a student account without a profile has nothing."""
    require_role(actor, Role.STUDENT)
    if actor.student_id is None:
        raise NotFound()
    return actor.student_id


async def require_verified(uow: UnitOfWork, actor: Actor) -> int:
    """A student whose profile is ``verified`` (else AccountNotVerified); returns the profile id."""
    student_id = student_id_of(actor)
    student = await uow.students.get(student_id)
    if student is None:
        raise NotFound()
    if student.status is not StudentStatus.VERIFIED:
        raise AccountNotVerified()
    return student_id


def staff_scope(actor: Actor) -> int | None:
    """Whose purchases a staff member reads: a teacher's or assistant's own teacher (their courses), the
    site owner everyone's (None). Students: PermissionDenied."""
    require_role(actor, Role.SITE_OWNER, Role.TEACHER, Role.ASSISTANT)
    if actor.role is Role.SITE_OWNER:
        return None
    if actor.teacher_id is None:
        raise PermissionDenied()
    return actor.teacher_id
