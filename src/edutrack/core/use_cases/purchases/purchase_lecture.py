"""Buying access to a lecture (API_SUPPLEMENT §5, §6)."""

from __future__ import annotations

from datetime import datetime, timedelta

from edutrack.core.actor import Actor
from edutrack.core.entities.content import final_price
from edutrack.core.entities.wallets import (
    ALREADY_HAS_ACCESS,
    INSUFFICIENT_BALANCE,
    LedgerKind,
    Purchase,
)
from edutrack.core.errors import NotFound, PermissionDenied, RuleViolation
from edutrack.core.use_cases.purchases.common import (
    NOT_ENROLLED,
    PurchaseDone,
    PurchaseView,
    require_verified,
    view,
)
from edutrack.ports.clock import Clock
from edutrack.ports.idempotency import IdempotencyRequest
from edutrack.ports.purchases import PurchaseReader
from edutrack.ports.uow import UnitOfWork


class PurchaseLecture:
    """A verified student (others: PermissionDenied; unverified: AccountNotVerified) buys a lecture.

    Invariants, in this order: the lecture is visible to students (active course and topic, visible
    lecture; else NotFound); the student has an approved enrollment in its course (else 403
    "Student is not enrolled in this course"); no unexpired purchase of it exists (else 400 "You already
    have active access to this lecture"); the balance in the course covers ``final_price`` (else 400
    "Insufficient balance"). The wallet row is locked before anything is read, so concurrent purchases
    by one student are serialised and a balance is never spent twice; the partial unique index on the
    current purchase backs "one active purchase" for free lectures, which never touch the wallet. The
    student's earlier purchases of the lecture are locked too, so a reopen racing this purchase either
    lands first (and the purchase is refused: access is active again) or finds its purchase replaced.
    ``expires_at = purchased_at + available_days``; an expired current purchase is retired first. The
    debit is a ``purchase`` ledger entry referencing ``purchase:<id>``. With an idempotency key
    (ADR 0007) the key is claimed first and ``PurchaseDone`` stored with the purchase; an answered key
    is answered again from that purchase, without buying twice.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, reader: PurchaseReader) -> None:
        self._uow = uow
        self._clock = clock
        self._reader = reader

    async def execute(
        self, actor: Actor, lecture_id: int, idempotency: IdempotencyRequest | None = None
    ) -> PurchaseView:
        now = self._clock.now()
        done = await self._buy(actor, lecture_id, now, idempotency)
        row = await self._reader.get(done.purchase_id)
        if row is None:
            raise NotFound()
        return view(row, done.at)

    async def _buy(
        self, actor: Actor, lecture_id: int, now: datetime, idempotency: IdempotencyRequest | None
    ) -> PurchaseDone:
        async with self._uow as uow:
            if idempotency is not None:
                replay = await uow.idempotency.claim(idempotency, now, PurchaseDone)
                if replay is not None:
                    return replay
            student_id = await require_verified(uow, actor)
            offer = await uow.purchases.offer(lecture_id)
            if offer is None or not offer.visible:
                raise NotFound()
            if not await uow.enrollments.is_approved(student_id, offer.course_id):
                raise PermissionDenied(NOT_ENROLLED, key="error")
            price = final_price(offer.price, offer.discount)
            wallet = await uow.wallets.get_for_update(student_id, offer.course_id) if price > 0 else None
            previous = await uow.purchases.of_student_lecture(student_id, lecture_id, for_update=True)
            if any(not purchase.is_expired(now) for purchase in previous):
                raise RuleViolation(ALREADY_HAS_ACCESS, key="error")
            if price > 0 and (wallet is None or wallet.balance < price):
                raise RuleViolation(INSUFFICIENT_BALANCE, key="error")
            for purchase in previous:
                if purchase.is_current and purchase.id is not None:
                    await uow.purchases.retire(purchase.id)
            bought = await uow.purchases.add(
                Purchase(
                    student_id=student_id,
                    lecture_id=lecture_id,
                    amount_paid=price,
                    purchased_at=now,
                    expires_at=now + timedelta(days=offer.available_days),
                )
            )
            if wallet is not None:
                entry = wallet.debit(
                    LedgerKind.PURCHASE,
                    price,
                    now,
                    actor_id=actor.user_id,
                    reason=f"Lecture purchase: {offer.name}",
                    reference=f"purchase:{bought.id}",
                )
                await uow.wallets.record(wallet, entry)
            assert bought.id is not None
            done = PurchaseDone(bought.id, now)
            if idempotency is not None:
                await uow.idempotency.record(idempotency, done)
            await uow.commit()
        return done
