"""A student turns a recharge code into balance in the code's course (API_SUPPLEMENT §5, §6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from edutrack.core.actor import Actor
from edutrack.core.entities.notifications import NewNotification, NotificationType
from edutrack.core.entities.people import StudentStatus
from edutrack.core.entities.wallets import LedgerKind
from edutrack.core.errors import AccountNotVerified, NotFound, RuleViolation, Throttled
from edutrack.core.money import format_money
from edutrack.core.policies.codes import normalize_code
from edutrack.core.policies.throttling import Limit
from edutrack.core.use_cases.wallets.common import STUDENT_PROFILE_NOT_FOUND, not_enrolled, require_student
from edutrack.ports.clock import Clock
from edutrack.ports.idempotency import IdempotencyRequest
from edutrack.ports.notifications import Notifier
from edutrack.ports.uow import UnitOfWork

INVALID_CODE = "Invalid code"
ALREADY_USED = "This code has already been used"
EXPIRED = "This code has expired"
REDEEM_PER_STUDENT = Limit("redeem:student", 10, timedelta(minutes=15))
REDEEM_PER_ADDRESS = Limit("redeem:address", 50, timedelta(minutes=15))


@dataclass(frozen=True, slots=True)
class RedeemCommand:
    """``code`` as the student typed it (not blank; case, spaces and dashes do not matter);
    ``client_address`` is where the request came from (its failed attempts are counted)."""

    code: str
    client_address: str
    idempotency: IdempotencyRequest | None = None  # the request's key, if sent with one (ADR 0007)


@dataclass(frozen=True, slots=True)
class CodeRedeemed:
    course_id: int
    course_name: str
    amount_added: Decimal
    new_balance: Decimal
    transaction_id: int


class RedeemCode:
    """A verified student redeems a code (case, spaces and dashes ignored) of a course where they have an
    approved enrollment. Invariants: a code is used at most once whatever the concurrency — it is claimed
    by one conditional update, and only the winner's wallet is locked, credited and the ``code_redeem``
    entry appended, all in one transaction. Unknown codes count as failed attempts (10 per student, 50 per
    client address, per 15 minutes, stored in the database); past either limit every redemption of the
    caller is refused (429) until the window passes, a valid code included, so guessing gains nothing.
    Errors: unknown 404, used / expired 400, not enrolled 403, unverified 403."""

    def __init__(self, uow: UnitOfWork, clock: Clock, notifier: Notifier) -> None:
        self._uow = uow
        self._clock = clock
        self._notifier = notifier

    async def execute(self, actor: Actor, command: RedeemCommand) -> CodeRedeemed:
        student_id = require_student(actor)
        code_value = normalize_code(command.code)
        now = self._clock.now()
        limits = ((REDEEM_PER_STUDENT, str(student_id)), (REDEEM_PER_ADDRESS, command.client_address))
        async with self._uow as uow:
            student = await uow.students.get(student_id)
            if student is None:
                raise NotFound(STUDENT_PROFILE_NOT_FOUND)
            if student.status is not StudentStatus.VERIFIED:
                raise AccountNotVerified()
            # The guess is counted (one atomic hit per limit) and committed before the code is looked
            # up, so a burst gets at most the limit's number of lookups; a code that exists is no guess
            # and is taken back. Per student first, then per address, always.
            hits = [await uow.attempts.hit(limit.scope, key, limit.window, now) for limit, key in limits]
            if not all(limit.admits(n) for (limit, _), n in zip(limits, hits, strict=True)):
                await uow.commit()
                raise Throttled(retry_after=int(max(limit.window for limit, _ in limits).total_seconds()))
            code = await uow.codes.get_by_code(code_value) if code_value else None
            if code is None:
                await uow.commit()
                raise NotFound(INVALID_CODE, key="error")
            for limit, key in limits:
                await uow.attempts.forgive(limit.scope, key)
            await uow.commit()
        async with self._uow as uow:
            if command.idempotency is not None:  # claimed with the effect; an answered key is replayed
                replay = await uow.idempotency.claim(command.idempotency, now, CodeRedeemed)
                if replay is not None:
                    return replay
            code = await uow.codes.get_by_code(code_value)
            if code is None:
                raise NotFound(INVALID_CODE, key="error")
            assert code.id is not None
            if code.used_at is not None:
                raise RuleViolation(ALREADY_USED, key="error")
            if code.expires_at is not None and now > code.expires_at:
                raise RuleViolation(EXPIRED, key="error")
            if not await uow.enrollments.is_approved(student_id, code.course_id):
                raise not_enrolled()
            if not await uow.codes.claim(code.id, student_id, now):  # another request won the code
                raise RuleViolation(ALREADY_USED, key="error")
            course = await uow.courses.get(code.course_id)
            assert course is not None and course.id is not None
            wallet = await uow.wallets.get_or_create_for_update(student_id, code.course_id, now)
            entry = wallet.credit(
                LedgerKind.CODE_REDEEM, code.value, now, actor_id=actor.user_id, reference=f"code:{code.id}"
            )
            stored = await uow.wallets.record(wallet, entry)
            assert stored.id is not None
            result = CodeRedeemed(course.id, course.name, code.value, wallet.balance, stored.id)
            if command.idempotency is not None:
                await uow.idempotency.record(command.idempotency, result)
            await uow.commit()
        await self._notifier.send(
            [
                NewNotification(
                    user_id=student.user_id,
                    notification_type=NotificationType.CODE_REDEEMED,
                    title="Code redeemed",
                    message=f"{format_money(code.value)} EGP was added to your balance in {course.name}.",
                    metadata={
                        "course_id": course.id,
                        "amount": format_money(code.value),
                        "new_balance": format_money(wallet.balance),
                        "transaction_id": stored.id,
                    },
                )
            ]
        )
        return result
