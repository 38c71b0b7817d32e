"""A teacher or assistant credits a student's wallet in one of the teacher's courses (Teacher §12)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from edutrack.core.actor import Actor
from edutrack.core.entities.notifications import NewNotification, NotificationType
from edutrack.core.entities.wallets import LedgerKind
from edutrack.core.errors import NotFound, PermissionDenied, ValidationFailed
from edutrack.core.money import MAX_AMOUNT, format_money
from edutrack.core.policies.digits import is_ascii_number
from edutrack.core.use_cases.wallets.common import (
    COURSE_NOT_FOUND,
    NOT_YOUR_COURSE,
    STUDENT_NOT_FOUND,
    not_enrolled,
    require_staff,
)
from edutrack.ports.clock import Clock
from edutrack.ports.idempotency import IdempotencyRequest
from edutrack.ports.notifications import Notifier
from edutrack.ports.uow import UnitOfWork
from edutrack.ports.wallets import WalletReader

MAX_ID = 2**31 - 1


@dataclass(frozen=True, slots=True)
class AddBalanceCommand:
    """``student`` is a student profile id, or a student code or an id as typed (``parse_student_ref``);
    ``amount`` is at least 0.01 with two decimals; ``reason`` is trimmed text of at most 1000 characters,
    or None; ``idempotency``: the request's key, when it was sent with one (ADR 0007)."""

    student: int | str
    course_id: int
    amount: Decimal
    reason: str | None = None
    idempotency: IdempotencyRequest | None = None


@dataclass(frozen=True, slots=True)
class BalanceAdded:
    student_name: str
    student_code: str
    course_name: str
    amount_added: Decimal
    new_balance: Decimal
    transaction_id: int


def parse_student_ref(raw: int | str) -> int | str:
    """A student is named by a profile id (a number, or a string of digits) or a student code."""
    if isinstance(raw, int):
        return raw
    text = raw.strip()
    return int(text) if is_ascii_number(text) and len(text) <= 10 else text.upper()


class AddBalance:
    """A teacher, or an assistant of the teacher, adds ``amount`` to a student's balance in one of the
    teacher's courses. Invariants: the student has an approved enrollment in the course; the wallet row is
    locked, credited and the ``manual_add`` entry (actor, reason) appended in one transaction, and the
    balance never exceeds 99999999.99; the student is notified after the commit. Errors in the
    document's order: unknown student, unknown course (404), another teacher's course, not enrolled
    (403). An id outside the database's range is unknown. With an idempotency key, the key is claimed
    first in the transaction and the result is stored with the ledger entry; a key already answered
    returns that answer (nothing is done, nobody is notified again)."""

    def __init__(self, uow: UnitOfWork, clock: Clock, notifier: Notifier, reader: WalletReader) -> None:
        self._uow = uow
        self._clock = clock
        self._notifier = notifier
        self._reader = reader

    async def execute(self, actor: Actor, command: AddBalanceCommand) -> BalanceAdded:
        teacher_id = require_staff(actor)
        value, note, course_id = command.amount, command.reason, command.course_id
        ref = parse_student_ref(command.student)
        # Student codes never change, so resolving one before the transaction is safe.
        student_id = ref if isinstance(ref, int) else await self._reader.student_id_by_code(ref)
        if student_id is None or not 1 <= student_id <= MAX_ID:
            raise NotFound(STUDENT_NOT_FOUND, key="error")
        now = self._clock.now()
        request = command.idempotency
        async with self._uow as uow:
            if request is not None:
                stored = await uow.idempotency.claim(request, now, BalanceAdded)
                if stored is not None:
                    return stored
            profile = await uow.students.get(student_id)
            if profile is None:
                raise NotFound(STUDENT_NOT_FOUND, key="error")
            course = await uow.courses.get(course_id)
            if course is None:
                raise NotFound(COURSE_NOT_FOUND, key="error")
            if course.teacher_id != teacher_id:
                raise PermissionDenied(NOT_YOUR_COURSE, key="error")
            if not await uow.enrollments.is_approved(student_id, course_id):
                raise not_enrolled()
            user = await uow.users.get(profile.user_id)
            assert user is not None
            wallet = await uow.wallets.get_or_create_for_update(student_id, course_id, now)
            if wallet.balance + value > MAX_AMOUNT:
                raise ValidationFailed.field(
                    "amount", f"The balance cannot exceed {format_money(MAX_AMOUNT)}."
                )
            entry = wallet.credit(LedgerKind.MANUAL_ADD, value, now, actor_id=actor.user_id, reason=note)
            saved = await uow.wallets.record(wallet, entry)
            assert saved.id is not None and course.id is not None
            result = BalanceAdded(
                student_name=user.name,
                student_code=profile.student_code,
                course_name=course.name,
                amount_added=value,
                new_balance=wallet.balance,
                transaction_id=saved.id,
            )
            if request is not None:
                await uow.idempotency.record(request, result)
            await uow.commit()
        await self._notifier.send(
            [
                NewNotification(
                    user_id=profile.user_id,
                    notification_type=NotificationType.BALANCE_ADDED,
                    title="Balance added",
                    message=f"{format_money(value)} EGP was added to your balance in {course.name}.",
                    metadata={
                        "course_id": course.id,
                        "amount": format_money(value),
                        "new_balance": format_money(wallet.balance),
                        "transaction_id": saved.id,
                    },
                )
            ]
        )
        return result
