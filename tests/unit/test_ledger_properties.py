"""Property: whatever sequence of balance additions, code redemptions, raw debits, lecture purchases,
reopens and clock jumps runs against the memory adapters, after every step

* every wallet's balance equals the sum of its entries, never goes below zero, and each entry's
  ``balance_after`` is the running sum of the wallet's entries up to it;
* every purchase's ``amount_paid`` is the negative of exactly one ``purchase:<id>`` ledger entry in the
  lecture's course wallet (a free lecture: ``0.00`` and no entry), and no such entry is orphaned;
* a (student, lecture) pair has at most one current purchase and at most one unexpired purchase (a
  replaced purchase cannot be reopened);
* a reopen leaves the ledger and the wallets exactly as they were.

Expected refusals (insufficient balance, active access, a used code, not enrolled) are part of the game;
each refusal is checked against the state it was refused in."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.memory.enrollments import EnrollmentTables
from edutrack.adapters.memory.purchases import PurchaseTables
from edutrack.adapters.memory.store import MemoryState
from edutrack.adapters.memory.wallets import WalletTables
from edutrack.composition import Container, build_container
from edutrack.core.actor import SYSTEM
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.entities.wallets import ALREADY_HAS_ACCESS, INSUFFICIENT_BALANCE, LedgerKind, Purchase
from edutrack.core.errors import DomainError, RuleViolation
from edutrack.core.money import quantize
from edutrack.core.use_cases.purchases.common import NOT_ENROLLED, REPLACED
from edutrack.core.use_cases.purchases.purchase_lecture import PurchaseLecture
from edutrack.core.use_cases.purchases.reopen_purchase import ReopenCommand, ReopenPurchase
from edutrack.core.use_cases.wallets.add_balance import AddBalance, AddBalanceCommand
from edutrack.core.use_cases.wallets.generate_codes import CodeRequest, GenerateRechargeCodes
from edutrack.core.use_cases.wallets.redeem_code import ALREADY_USED, RedeemCode, RedeemCommand
from edutrack.settings import Settings
from tests.support.money import add_lecture, approve, build_shop, fund
from tests.support.people import Member, student_id

Step = tuple[str, int, Decimal | int]


def money(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda c: Decimal(c) / 100)  # cents


pupil = st.integers(0, 1)  # the student or the classmate


def buy() -> st.SearchStrategy[tuple[str, int, int]]:
    return st.tuples(st.just("purchase"), pupil, st.integers(0, 3))  # an index into the lectures


def clock_jump() -> st.SearchStrategy[tuple[str, int, int]]:
    return st.tuples(st.just("time"), st.just(0), st.integers(1, 40))  # advance the clock by days


steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), pupil, money(1, 20_000)),
        st.tuples(st.just("redeem"), pupil, money(100, 20_000)),  # codes are worth at least 1.00
        st.tuples(st.just("debit"), pupil, money(1, 20_000)),
        st.tuples(st.just("redeem_again"), pupil, st.just(0)),
        buy(),
        buy(),  # purchases and time steps weigh more (distinct strategies: one_of drops duplicates)
        buy(),
        st.tuples(st.just("reopen"), st.integers(0, 50), st.integers(1, 20)),  # an index into the purchases
        st.tuples(st.just("reopen"), st.just(-1), st.integers(1, 20)),  # -1: a replaced purchase, if any
        clock_jump(),
        clock_jump(),
    ),
    min_size=6,
    max_size=40,
)

REFUSALS = (
    {"error": INSUFFICIENT_BALANCE},
    {"error": ALREADY_USED},
    {"error": ALREADY_HAS_ACCESS},
    {"error": NOT_ENROLLED},
)


def memory(container: Container) -> MemoryState:
    assert container.memory_store is not None
    return container.memory_store.state


def sold(container: Container) -> dict[int, Purchase]:
    """The committed purchases, read again after each commit (the state object is swapped)."""
    return memory(container).of(PurchaseTables).purchases


def check_ledger(state: MemoryState) -> None:
    money = state.of(WalletTables)
    for wallet in money.wallets.values():
        entries = sorted(
            (e for e in money.ledger.values() if e.wallet_id == wallet.id), key=lambda e: e.id or 0
        )
        running = Decimal("0.00")
        for entry in entries:
            running += entry.amount
            assert entry.balance_after == running
            assert running >= 0
            assert (entry.student_id, entry.course_id) == (wallet.student_id, wallet.course_id)
        assert wallet.balance == running >= 0


def check_purchases(state: MemoryState, course_of: dict[int, int], now: datetime) -> None:
    by_reference: dict[str, list[Decimal]] = {}
    purchases = state.of(PurchaseTables).purchases
    for entry in state.of(WalletTables).ledger.values():
        if entry.reference is not None and entry.reference.startswith("purchase:"):
            assert entry.kind is LedgerKind.PURCHASE
            bought = purchases[int(entry.reference.removeprefix("purchase:"))]  # never orphaned
            assert (entry.student_id, entry.course_id) == (bought.student_id, course_of[bought.lecture_id])
            by_reference.setdefault(entry.reference, []).append(entry.amount)
    now_current: Counter[tuple[int, int]] = Counter()
    unexpired: Counter[tuple[int, int]] = Counter()
    for purchase in purchases.values():
        debits = by_reference.get(f"purchase:{purchase.id}", [])
        if purchase.amount_paid == 0:
            assert str(purchase.amount_paid) == "0.00"
            assert debits == []
        else:
            assert debits == [-purchase.amount_paid]
        if purchase.is_current:
            now_current[(purchase.student_id, purchase.lecture_id)] += 1
        if not purchase.is_expired(now):
            unexpired[(purchase.student_id, purchase.lecture_id)] += 1
    assert all(n == 1 for n in now_current.values())  # at most one current
    assert all(n == 1 for n in unexpired.values())  # and at most one unexpired, current or not


def money_snapshot(state: MemoryState) -> tuple[object, ...]:
    money = state.of(WalletTables)
    return (
        sorted((key, repr(entry)) for key, entry in money.ledger.items()),
        sorted((key, w.balance) for key, w in money.wallets.items()),
    )


def balance(state: MemoryState, member: Member, course: int) -> Decimal:
    for wallet in state.of(WalletTables).wallets.values():
        if (wallet.student_id, wallet.course_id) == (student_id(member), course):
            return wallet.balance
    return Decimal("0.00")


async def run(sequence: list[Step]) -> None:
    clock = FrozenClock()
    container = build_container(
        Settings(environment="test", password_hashing="fast"), backend="memory", clock=clock
    )
    shop = await build_shop(container)
    cast = shop.cast
    teacher = cast.teacher.actor
    students = [cast.student, cast.classmate]
    for member in students:
        await approve(container, member, cast.course)
        await fund(container, member, cast.course, "100.00")
    cheap = await add_lecture(container, teacher, shop.topic, "Forces", price="15.50", days=3)
    # (lecture, final price, available days, course): 80.00 / free / 15.50 / another teacher's course
    lectures = [
        (shop.lecture, Decimal("80.00"), 30, cast.course),
        (shop.free, Decimal("0.00"), 7, cast.course),
        (cheap, Decimal("15.50"), 3, cast.course),
        (shop.other_lecture, Decimal("100.00"), 30, cast.other_course),
    ]
    course_of = {lecture: course for lecture, _, _, course in lectures}
    used: list[str] = []
    for kind, who, value in sequence:
        member = students[who % 2]
        actor = member.actor
        clock.advance(seconds=1)
        before = money_snapshot(memory(container))  # the state object is swapped on every commit
        outcome = "done"
        try:
            if kind == "add":
                credit = AddBalanceCommand(student_id(member), cast.course, quantize(Decimal(value)))
                await container.get(AddBalance).execute(teacher, credit)
            elif kind == "redeem":
                [code] = await container.get(GenerateRechargeCodes).execute(
                    SYSTEM, CodeRequest(cast.course, quantize(Decimal(value)))
                )
                await container.get(RedeemCode).execute(actor, RedeemCommand(code.code, "127.0.0.1"))
                used.append(code.code)
            elif kind == "debit":
                async with container.uow() as uow:
                    wallet = await uow.wallets.get_or_create_for_update(
                        student_id(member), cast.course, clock.now()
                    )
                    entry = wallet.debit(LedgerKind.PURCHASE, Decimal(value), clock.now(), reference="test")
                    await uow.wallets.record(wallet, entry)
                    await uow.commit()
            elif kind == "redeem_again":
                outcome = "skipped (no code yet)"
                if used:
                    await container.get(RedeemCode).execute(actor, RedeemCommand(used[-1], "127.0.0.1"))
                    raise AssertionError("a used code was redeemed again")
            elif kind == "purchase":
                outcome = await purchase(container, member, lectures[int(value)])
            elif kind == "reopen":
                ids = sorted(sold(container))
                if who == -1:
                    ids = [key for key in ids if not sold(container)[key].is_current]
                outcome = "skipped (nothing to reopen)"
                if ids:
                    target = ids[who % len(ids)]
                    current = sold(container)[target].is_current
                    extra = sold(container)[target].extra_days
                    try:
                        reopen = ReopenCommand(target, int(value), "property")
                        await container.get(ReopenPurchase).execute(teacher, reopen)
                    except RuleViolation as exc:  # a replaced purchase, and only that, cannot be reopened
                        assert (current, exc.body()) == (False, {"error": REPLACED})
                        outcome = "refused (replaced)"
                    else:
                        assert current
                        outcome = "done"
                    added = int(value) if current else 0
                    assert sold(container)[target].extra_days == extra + added
                    assert money_snapshot(memory(container)) == before  # a reopen never touches the money
            else:
                clock.advance(days=int(value))
        except DomainError as exc:
            assert exc.body() in REFUSALS, exc.body()
            assert money_snapshot(memory(container)) == before  # a refusal leaves the money as it was
            event(f"{kind} refused: {exc.body()['error']}")
        else:
            event(f"{kind} {outcome}")
        check_ledger(memory(container))
        check_purchases(memory(container), course_of, clock.now())
    money = memory(container).of(WalletTables)
    total = sum((e.amount for e in money.ledger.values()), Decimal(0))
    assert total == sum((w.balance for w in money.wallets.values()), Decimal(0))
    await container.dispose()


async def purchase(container: Container, member: Member, offer: tuple[int, Decimal, int, int]) -> str:
    """Buy through the use case; a refusal must match the state it was refused in, a sale must debit the
    final price once (nothing for a free lecture) and grant ``available_days`` from now."""
    lecture, price, days, course = offer
    now = container.clock.now()
    state = memory(container)
    sid = student_id(member)
    previous = [p for p in sold(container).values() if (p.student_id, p.lecture_id) == (sid, lecture)]
    active = any(not p.is_expired(now) for p in previous)
    funds = balance(state, member, course)
    entries = len(state.of(WalletTables).ledger)
    try:
        view = await container.get(PurchaseLecture).execute(member.actor, lecture)
    except DomainError as exc:
        if exc.body() == {"error": NOT_ENROLLED}:
            assert not any(
                (e.student_id, e.course_id, e.status) == (sid, course, EnrollmentStatus.APPROVED)
                for e in state.of(EnrollmentTables).enrollments.values()
            )
        elif exc.body() == {"error": ALREADY_HAS_ACCESS}:
            assert active
        elif exc.body() == {"error": INSUFFICIENT_BALANCE}:
            assert not active and funds < price
        raise
    assert not active and funds >= price
    state = memory(container)
    bought = sold(container)[view.row.id]
    assert bought.is_current and bought.amount_paid == price
    assert (bought.purchased_at, bought.expires_at) == (now, now + timedelta(days=days))
    assert balance(state, member, course) == funds - price
    assert len(state.of(WalletTables).ledger) == entries + (1 if price > 0 else 0)
    assert not any(sold(container)[p.id].is_current for p in previous if p.id is not None)  # retired
    kind = "free" if price == 0 else "paid"
    return f"done ({kind}, bought again after expiry)" if previous else f"done ({kind})"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_the_ledger_and_the_purchases_always_balance(sequence: list[Step]) -> None:
    asyncio.run(run(sequence))
