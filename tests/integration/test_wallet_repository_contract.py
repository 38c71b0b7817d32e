"""The wallet and recharge-code repositories behave the same over the memory fakes, SQLite and PostgreSQL.

The seeding helpers live in ``tests/support/money.py`` (``make_money``) and ``tests/support/people.py``."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from edutrack.composition import Container
from edutrack.core.entities.wallets import LedgerEntry, LedgerKind, RechargeCode, Wallet
from edutrack.core.errors import RuleViolation
from tests.support.clock import NOW
from tests.support.money import make_money
from tests.support.people import add_pupil

pytestmark = pytest.mark.anyio

# --- the wallet repository ---------------------------------------------------------------------------


async def test_a_wallet_is_created_empty_then_found(contract_container: Container) -> None:
    money = await make_money(contract_container)
    sid = money.student.id
    async with contract_container.uow() as uow:
        assert await uow.wallets.get_for_update(sid, money.course) is None
        assert await uow.wallets.get_for_update(2**40, money.course) is None
        wallet = await uow.wallets.get_or_create_for_update(sid, money.course, NOW)
        assert wallet.id is not None
        assert (wallet.student_id, wallet.course_id, wallet.balance) == (sid, money.course, Decimal("0.00"))
        again = await uow.wallets.get_or_create_for_update(sid, money.course, NOW + timedelta(hours=1))
        assert again == wallet
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.wallets.get_for_update(sid, money.course) == wallet
        assert await uow.wallets.get_for_update(sid, money.other_course) is None


async def test_record_stores_the_balance_and_appends_the_entry(contract_container: Container) -> None:
    money = await make_money(contract_container)
    sid = money.student.id
    later = NOW + timedelta(minutes=5)
    async with contract_container.uow() as uow:
        wallet = await uow.wallets.get_or_create_for_update(sid, money.course, NOW)
        entry = wallet.credit(
            LedgerKind.MANUAL_ADD, Decimal("75.50"), later, actor_id=money.world.teacher_user, reason="cash"
        )
        first = await uow.wallets.record(wallet, entry)
        assert first.id is not None
        debit = wallet.debit(LedgerKind.PURCHASE, Decimal("25.25"), later, reference="purchase:1")
        second = await uow.wallets.record(wallet, debit)
        assert second.id is not None and second.id > first.id
        await uow.commit()
    assert first == LedgerEntry(
        id=first.id,
        wallet_id=wallet.id,  # type: ignore[arg-type]
        student_id=sid,
        course_id=money.course,
        kind=LedgerKind.MANUAL_ADD,
        amount=Decimal("75.50"),
        balance_after=Decimal("75.50"),
        created_at=later,
        actor_id=money.world.teacher_user,
        reason="cash",
    )
    assert (second.amount, second.balance_after, second.reference) == (
        Decimal("-25.25"),
        Decimal("50.25"),
        "purchase:1",
    )
    async with contract_container.uow() as uow:
        stored = await uow.wallets.get_for_update(sid, money.course)
    assert stored == Wallet(
        id=wallet.id,
        student_id=sid,
        course_id=money.course,
        balance=Decimal("50.25"),
        created_at=NOW,
        updated_at=later,
    )


async def test_an_unrecorded_change_or_a_rollback_leaves_the_wallet(contract_container: Container) -> None:
    money = await make_money(contract_container)
    sid = money.student.id
    async with contract_container.uow() as uow:
        wallet = await uow.wallets.get_or_create_for_update(sid, money.course, NOW)
        await uow.wallets.record(wallet, wallet.credit(LedgerKind.MANUAL_ADD, Decimal("10"), NOW))
        await uow.commit()
    async with contract_container.uow() as uow:
        wallet = await uow.wallets.get_for_update(sid, money.course)
        assert wallet is not None
        await uow.wallets.record(wallet, wallet.credit(LedgerKind.MANUAL_ADD, Decimal("5"), NOW))
        # no commit
    async with contract_container.uow() as uow:
        wallet = await uow.wallets.get_for_update(sid, money.course)
        assert wallet is not None and wallet.balance == Decimal("10.00")
        wallet.credit(LedgerKind.MANUAL_ADD, Decimal("5"), NOW)  # changed, never recorded
        assert (await uow.wallets.get_for_update(sid, money.course)).balance == Decimal("10.00")  # type: ignore[union-attr]
        with pytest.raises(RuleViolation):
            wallet.debit(LedgerKind.PURCHASE, Decimal("15.01"), NOW)


# --- the recharge-code repository --------------------------------------------------------------------


def _code(course: int, code: str, value: str = "50.00", **extra: object) -> RechargeCode:
    return RechargeCode(course_id=course, code=code, value=Decimal(value), created_at=NOW, **extra)  # type: ignore[arg-type]


async def test_codes_are_added_in_bulk_skipping_taken_ones(contract_container: Container) -> None:
    money = await make_money(contract_container)
    creator = money.world.teacher_user
    async with contract_container.uow() as uow:
        stored = await uow.codes.add_many(
            [_code(money.course, "A" * 16, created_by=creator), _code(money.course, "B" * 16)]
        )
        assert [c.code for c in stored] == ["A" * 16, "B" * 16]
        assert all(c.id is not None for c in stored)
        again = await uow.codes.add_many(
            [_code(money.course, "C" * 16), _code(money.course, "A" * 16), _code(money.course, "D" * 16)]
        )
        assert [c.code for c in again] == ["C" * 16, "D" * 16]
        await uow.commit()
    async with contract_container.uow() as uow:
        found = await uow.codes.get_by_code("A" * 16)
        assert found == _code(money.course, "A" * 16, created_by=creator, id=stored[0].id)
        assert await uow.codes.get_by_code("Z" * 16) is None
        assert await uow.codes.add_many([]) == []


async def test_a_code_is_claimed_once(contract_container: Container) -> None:
    money = await make_money(contract_container)
    other = await add_pupil(contract_container, 2)
    later = NOW + timedelta(days=1)
    async with contract_container.uow() as uow:
        [code] = await uow.codes.add_many([_code(money.course, "A" * 16, expires_at=later)])
        await uow.commit()
    assert code.id is not None
    async with contract_container.uow() as uow:
        assert await uow.codes.claim(code.id, money.student.id, later) is True
        assert await uow.codes.claim(code.id, other.id, later) is False
        # no commit: the claim is undone
    async with contract_container.uow() as uow:
        assert await uow.codes.claim(code.id, other.id, later) is True
        await uow.commit()
    async with contract_container.uow() as uow:
        assert await uow.codes.claim(code.id, money.student.id, later) is False
        assert await uow.codes.claim(code.id + 100, money.student.id, later) is False
        found = await uow.codes.get_by_code("A" * 16)
    assert found is not None and (found.used_by, found.used_at) == (other.id, later)
