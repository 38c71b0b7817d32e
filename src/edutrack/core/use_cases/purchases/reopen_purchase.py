"""Extending a student's access to a lecture (Teacher API §7, PATCH /courses/purchases/{id}/reopen/)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from edutrack.core.actor import Actor, Role
from edutrack.core.entities.wallets import ReopenLog
from edutrack.core.errors import NotFound, PermissionDenied, RuleViolation, ValidationFailed
from edutrack.core.policies.access import require_role
from edutrack.core.use_cases.purchases.common import (
    NOT_YOUR_COURSE,
    REPLACED,
    PurchaseDone,
    PurchaseView,
    view,
)
from edutrack.ports.clock import Clock
from edutrack.ports.idempotency import IdempotencyRequest
from edutrack.ports.purchases import PurchaseReader
from edutrack.ports.uow import UnitOfWork

MAX_TOTAL_EXTRA_DAYS = 36500
TOO_MANY_DAYS = f"Access cannot be extended by more than {MAX_TOTAL_EXTRA_DAYS} days in total."


@dataclass(frozen=True, slots=True)
class ReopenCommand:
    """Extend the purchase ``purchase_id`` by ``extra_days`` (1–3650); ``note`` is trimmed text of at
    most 1000 characters ("" for none); ``idempotency``: the request's key, if sent with one (ADR 0007)."""

    purchase_id: int
    extra_days: int
    note: str = ""
    idempotency: IdempotencyRequest | None = None


class ReopenPurchase:
    """The teacher of the lecture's course or one of their assistants (students and the site owner:
    PermissionDenied). Unknown purchase: NotFound; another teacher's: 403 "You can only extend access for
    lectures in your own courses". The extensions of a purchase add up to at most 36500 days; reopens
    accumulate (``effective_expiry = expires_at + sum``), each leaves a log row with its note, and
    ``reopened_by``/``reopened_at`` tell the latest. Works on an expired purchase too: that is its point.
    Only the current purchase of a (student, lecture) can be extended: one replaced by a newer purchase
    is 400 REPLACED, so a student never holds two unexpired purchases of one lecture. The purchase row is
    locked first, so a purchase replacing it at the same moment goes strictly before or after.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, reader: PurchaseReader) -> None:
        self._uow = uow
        self._clock = clock
        self._reader = reader

    async def execute(self, actor: Actor, command: ReopenCommand) -> PurchaseView:
        require_role(actor, Role.TEACHER, Role.ASSISTANT)
        now = self._clock.now()
        done = await self._reopen(actor, command, now)
        row = await self._reader.get(done.purchase_id)
        if row is None:
            raise NotFound()
        return view(row, done.at)

    async def _reopen(self, actor: Actor, command: ReopenCommand, now: datetime) -> PurchaseDone:
        purchase_id, days, request = command.purchase_id, command.extra_days, command.idempotency
        async with self._uow as uow:
            if request is not None:
                replay = await uow.idempotency.claim(request, now, PurchaseDone)
                if replay is not None:
                    return replay
            owned = await uow.purchases.get(purchase_id, for_update=True)
            if owned is None:
                raise NotFound()
            if actor.teacher_id is None or owned.teacher_id != actor.teacher_id:
                raise PermissionDenied(NOT_YOUR_COURSE, key="error")
            purchase = owned.purchase
            if not purchase.is_current:
                raise RuleViolation(REPLACED, key="error")
            if purchase.extra_days + days > MAX_TOTAL_EXTRA_DAYS:
                raise ValidationFailed.field("extra_days", TOO_MANY_DAYS)
            log = ReopenLog(extra_days=days, reopened_at=now, reopened_by=actor.user_id, note=command.note)
            await uow.purchases.add_reopen(purchase_id, log)
            done = PurchaseDone(purchase_id, now)
            if request is not None:
                await uow.idempotency.record(request, done)
            await uow.commit()
        return done
