"""The wallet use cases over the memory fakes: balance additions, recharge codes, balances, statements."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.memory.notifications import NotificationTables
from edutrack.adapters.memory.wallets import WalletTables
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.entities.people import StudentStatus
from edutrack.core.errors import (
    AccountNotVerified,
    NotFound,
    PermissionDenied,
    RuleViolation,
    Throttled,
    ValidationFailed,
)
from edutrack.core.policies import codes as code_policy
from edutrack.core.policies.codes import ALPHABET
from edutrack.core.use_cases.wallets.add_balance import AddBalance, AddBalanceCommand
from edutrack.core.use_cases.wallets.export_codes import ExportRechargeCodes
from edutrack.core.use_cases.wallets.generate_codes import CodeRequest, GenerateRechargeCodes
from edutrack.core.use_cases.wallets.list_codes import ListRechargeCodes
from edutrack.core.use_cases.wallets.list_my_balances import ListMyBalances
from edutrack.core.use_cases.wallets.list_my_transactions import ListMyTransactions
from edutrack.core.use_cases.wallets.list_student_balances import ListStudentBalances
from edutrack.core.use_cases.wallets.redeem_code import RedeemCode, RedeemCommand
from edutrack.ports.readers import PageRequest
from edutrack.ports.wallets import CodeFilter
from tests.support.money import Money, approve_ids, make_money
from tests.support.people import Student, add_pupil

pytestmark = pytest.mark.anyio

OWNER = SYSTEM
ADDRESS = "198.51.100.1"


def teacher_of(money: Money) -> Actor:
    return Actor(money.world.teacher_user, "mr_ahmed", Role.TEACHER, teacher_id=money.world.teacher)


def other_teacher(money: Money) -> Actor:
    return Actor(money.world.other_user, "ms_mona", Role.TEACHER, teacher_id=money.world.other)


def student_actor(student: Student) -> Actor:
    return Actor(student.user_id, student.username, Role.STUDENT, student_id=student.id)


@pytest.fixture
async def money(container: Container) -> Money:
    return await make_money(container)


async def codes(container: Container, course: int, value: str = "50.00", count: int = 1, **extra: object):
    return await container.get(GenerateRechargeCodes).execute(
        OWNER,
        CodeRequest(course, Decimal(value), count=count, **extra),  # type: ignore[arg-type]
    )


def credit(student: int | str, course: int, amount: str, reason: str | None = None) -> AddBalanceCommand:
    return AddBalanceCommand(student, course, Decimal(amount), reason)


def typed(code: str) -> RedeemCommand:
    return RedeemCommand(code, ADDRESS)


# --- add balance ---------------------------------------------------------------------------------------


async def test_add_balance_credits_records_and_notifies(container: Container, money: Money) -> None:
    result = await container.get(AddBalance).execute(
        teacher_of(money), credit(money.student.id, money.course, "75.50", "cash at the centre")
    )
    assert (result.student_name, result.student_code, result.course_name) == (
        "Pupil 1",
        "P00000001",
        "Algebra",
    )
    assert (result.amount_added, result.new_balance) == (Decimal("75.50"), Decimal("75.50"))
    again = await container.get(AddBalance).execute(
        teacher_of(money), credit(money.student.code, money.course, "10")
    )
    assert again.new_balance == Decimal("85.50") and again.transaction_id > result.transaction_id
    state = container.memory_store.state  # type: ignore[union-attr]
    entry = state.of(WalletTables).ledger[result.transaction_id]
    assert (entry.kind, entry.amount, entry.reason, entry.actor_id) == (
        "manual_add",
        Decimal("75.50"),
        "cash at the centre",
        money.world.teacher_user,
    )
    sent = [
        n for n in state.of(NotificationTables).notifications.values() if n.user_id == money.student.user_id
    ]
    assert [n.notification_type for n in sent] == ["balance_added", "balance_added"]
    assert sent[0].metadata == {
        "course_id": money.course,
        "amount": "75.50",
        "new_balance": "75.50",
        "transaction_id": result.transaction_id,
    }


async def test_an_assistant_adds_for_the_teacher(container: Container, money: Money) -> None:
    assistant = Actor(999, "helper", Role.ASSISTANT, teacher_id=money.world.teacher, assistant_id=1)
    result = await container.get(AddBalance).execute(
        assistant, credit(str(money.student.id), money.course, "1")
    )
    assert result.new_balance == Decimal("1.00")


async def test_add_balance_errors(container: Container, money: Money) -> None:
    add = container.get(AddBalance)
    teacher = teacher_of(money)
    pending = await add_pupil(container, 2)
    await approve_ids(container, pending.id, money.course, EnrollmentStatus.PENDING)
    cases = [
        ((teacher, credit(9999, money.course, "5")), NotFound, {"error": "Student not found"}),
        ((teacher, credit("p99999999", money.course, "5")), NotFound, {"error": "Student not found"}),
        ((teacher, credit(2**40, money.course, "5")), NotFound, {"error": "Student not found"}),
        ((teacher, credit(money.student.id, 9999, "5")), NotFound, {"error": "Course not found"}),
        (
            (teacher, credit(money.student.id, money.other_course, "5")),
            PermissionDenied,
            {"error": "You can only add balance for your own courses"},
        ),
        (
            (other_teacher(money), credit(money.student.id, money.course, "5")),
            PermissionDenied,
            {"error": "You can only add balance for your own courses"},
        ),
        (
            (teacher, credit(pending.id, money.course, "5")),
            PermissionDenied,
            {"error": "Student is not enrolled in this course"},
        ),
    ]
    for args, error, body in cases:
        with pytest.raises(error) as info:
            await add.execute(*args)
        assert info.value.body() == body, args
    for actor in (OWNER, student_actor(money.student)):
        with pytest.raises(PermissionDenied) as info:
            await add.execute(actor, credit(money.student.id, money.course, "5"))
        assert info.value.body() == {"detail": "You do not have permission to perform this action."}
    assert container.memory_store.state.of(WalletTables).ledger == {}  # type: ignore[union-attr]


async def test_add_balance_accepts_a_student_code_in_any_case(container: Container, money: Money) -> None:
    result = await container.get(AddBalance).execute(
        teacher_of(money), credit(" p00000001 ", money.course, "2.5")
    )
    assert (result.student_code, result.new_balance) == ("P00000001", Decimal("2.50"))


# --- recharge codes ------------------------------------------------------------------------------------


async def test_generate_codes(container: Container, money: Money, clock: FrozenClock) -> None:
    expires = clock.now() + timedelta(days=30)
    [one] = await codes(container, money.course, "100", expires_at=expires)
    assert one.value == Decimal("100.00") and one.expires_at == expires
    assert (one.course_name, one.teacher_name, one.created_by, one.created_by_username) == (
        "Algebra",
        "Ahmed Hassan",
        None,
        None,
    )
    batch = await codes(container, money.course, "25.5", count=40)
    assert len({row.code for row in batch} | {one.code}) == 41
    assert [row.id for row in batch] == sorted(row.id for row in batch)
    assert all(len(row.code) == 16 and set(row.code) <= set(ALPHABET) for row in batch)
    assert not any(row.is_used for row in batch)


async def test_generate_codes_validation(container: Container, money: Money, clock: FrozenClock) -> None:
    five = Decimal("5")
    cases = [
        (CodeRequest(9999, Decimal("10")), {"course": ['Invalid pk "9999" - object does not exist.']}),
        (
            CodeRequest(money.course, five, expires_at=clock.now()),
            {"expires_at": ["The expiry must be in the future."]},
        ),
    ]
    for request, body in cases:
        with pytest.raises(ValidationFailed) as info:
            await container.get(GenerateRechargeCodes).execute(OWNER, request)
        assert info.value.body() == body
    with pytest.raises(PermissionDenied):
        await container.get(GenerateRechargeCodes).execute(teacher_of(money), CodeRequest(money.course, five))
    assert container.memory_store.state.of(WalletTables).codes == {}  # type: ignore[union-attr]


async def test_a_colliding_code_is_drawn_again(
    container: Container, money: Money, monkeypatch: pytest.MonkeyPatch
) -> None:
    [taken] = await codes(container, money.course)
    draws = iter([taken.code, taken.code, "B" * 16, "C" * 16])
    monkeypatch.setattr("edutrack.core.use_cases.wallets.generate_codes.generate_code", lambda: next(draws))
    batch = await codes(container, money.course, count=2)
    assert sorted(row.code for row in batch) == ["B" * 16, "C" * 16]
    assert code_policy.generate_code() != taken.code


async def test_redeem_credits_the_course_wallet_once(container: Container, money: Money) -> None:
    [code] = await codes(container, money.course, "120")
    shown = code_policy.display_code(code.code).lower().replace("-", " - ")
    result = await container.get(RedeemCode).execute(student_actor(money.student), typed(shown))
    assert (result.course_name, result.amount_added, result.new_balance) == (
        "Algebra",
        Decimal("120.00"),
        Decimal("120.00"),
    )
    state = container.memory_store.state  # type: ignore[union-attr]
    entry = state.of(WalletTables).ledger[result.transaction_id]
    assert (entry.kind, entry.reference, entry.actor_id) == (
        "code_redeem",
        f"code:{code.id}",
        money.student.user_id,
    )
    assert state.of(WalletTables).codes[code.id].used_by == money.student.id
    notified = [n.notification_type for n in state.of(NotificationTables).notifications.values()]
    assert notified == ["code_redeemed"]
    with pytest.raises(RuleViolation) as info:
        await container.get(RedeemCode).execute(student_actor(money.student), typed(code.code))
    assert info.value.body() == {"error": "This code has already been used"}
    [row] = (
        await container.get(ListRechargeCodes).execute(OWNER, CodeFilter(is_used=True), PageRequest())
    ).items
    assert (row.used_by, row.used_by_name) == (money.student.id, "Pupil 1")


async def test_redeem_errors(container: Container, money: Money, clock: FrozenClock) -> None:
    redeem = container.get(RedeemCode)
    actor = student_actor(money.student)
    [expiring] = await codes(container, money.course, expires_at=clock.now() + timedelta(hours=1))
    [elsewhere] = await codes(container, money.other_course)
    with pytest.raises(PermissionDenied) as info:
        await redeem.execute(actor, typed(elsewhere.code))
    assert info.value.body() == {"error": "Student is not enrolled in this course"}
    clock.advance(hours=1, seconds=1)
    with pytest.raises(RuleViolation) as info:
        await redeem.execute(actor, typed(expiring.code))
    assert info.value.body() == {"error": "This code has expired"}
    for unknown in ("AAAA-AAAA-AAAA-AAAA", "short", "0000-0000-0000-0000"):
        with pytest.raises(NotFound) as info:
            await redeem.execute(actor, typed(unknown))
        assert info.value.body() == {"error": "Invalid code"}
    unverified = await add_pupil(container, 3, status=StudentStatus.PENDING)
    await approve_ids(container, unverified.id, money.course)
    with pytest.raises(AccountNotVerified) as info:
        await redeem.execute(student_actor(unverified), typed(elsewhere.code))
    assert info.value.body() == {"detail": "Your account is not verified."}
    with pytest.raises(PermissionDenied):
        await redeem.execute(teacher_of(money), typed(elsewhere.code))
    assert container.memory_store.state.of(WalletTables).ledger == {}  # type: ignore[union-attr]


async def test_unknown_codes_are_throttled_per_student(
    container: Container, money: Money, clock: FrozenClock
) -> None:
    [valid] = await codes(container, money.course)
    actor = student_actor(money.student)
    for _ in range(10):
        with pytest.raises(NotFound):
            await container.get(RedeemCode).execute(actor, typed("AAAA-AAAA-AAAA-AAAA"))
    for attempt in ("AAAA-AAAA-AAAA-AAAA", valid.code):  # a valid code does not get through either
        with pytest.raises(Throttled) as info:
            await container.get(RedeemCode).execute(actor, typed(attempt))
        assert info.value.body() == {"detail": "Too many attempts. Try again later."}
    other = await add_pupil(container, 2)  # another student, same address: below the address limit
    with pytest.raises(NotFound):
        await container.get(RedeemCode).execute(student_actor(other), typed("AAAA-AAAA-AAAA-AAAA"))
    clock.advance(minutes=15, seconds=1)
    result = await container.get(RedeemCode).execute(actor, typed(valid.code))
    assert result.new_balance == Decimal("50.00")


async def test_unknown_codes_are_throttled_per_address(container: Container, money: Money) -> None:
    students = [await add_pupil(container, 10 + n) for n in range(6)]
    for attempt in range(50):
        with pytest.raises(NotFound):
            await container.get(RedeemCode).execute(
                student_actor(students[attempt % 6]), typed("AAAA-AAAA-AAAA-AAAA")
            )
    fresh = await add_pupil(container, 30)
    with pytest.raises(Throttled):
        await container.get(RedeemCode).execute(student_actor(fresh), typed("AAAA-AAAA-AAAA-AAAA"))
    with pytest.raises(NotFound):
        await container.get(RedeemCode).execute(
            student_actor(fresh), RedeemCommand("AAAA-AAAA-AAAA-AAAA", "192.0.2.9")
        )


# --- balances and statements ---------------------------------------------------------------------------


async def test_balances_and_statement(container: Container, money: Money, clock: FrozenClock) -> None:
    second = await add_pupil(container, 2)
    await approve_ids(container, second.id, money.course, minutes=5)
    await approve_ids(container, money.student.id, money.other_course)
    teacher = teacher_of(money)
    await container.get(AddBalance).execute(teacher, credit(money.student.id, money.course, "100", "cash"))
    clock.advance(minutes=1)
    [code] = await codes(container, money.other_course, "30")
    await container.get(RedeemCode).execute(student_actor(money.student), typed(code.code))

    rows = await container.get(ListStudentBalances).execute(teacher)
    assert [(r.student_code, r.course_name, r.balance) for r in rows] == [
        ("P00000001", "Algebra", Decimal("100.00")),
        ("P00000002", "Algebra", Decimal("0.00")),
    ]
    assert rows[1].enrolled_at == rows[0].enrolled_at + timedelta(minutes=5)
    assert [
        r.student_id for r in await container.get(ListStudentBalances).execute(teacher, student="p00000002")
    ] == [second.id]
    assert [
        r.student_id
        for r in await container.get(ListStudentBalances).execute(teacher, student=str(second.id))
    ] == [second.id]
    assert await container.get(ListStudentBalances).execute(teacher, course_id=money.other_course) == []
    others = await container.get(ListStudentBalances).execute(other_teacher(money))
    assert [(r.student_id, r.balance) for r in others] == [(money.student.id, Decimal("30.00"))]

    mine = await container.get(ListMyBalances).execute(student_actor(money.student))
    assert [(r.course_name, r.balance) for r in mine] == [
        ("Algebra", Decimal("100.00")),
        ("Geometry", Decimal("30.00")),
    ]
    assert [
        (r.course_name, r.balance) for r in await container.get(ListMyBalances).execute(student_actor(second))
    ] == [("Algebra", Decimal("0.00"))]
    page = await container.get(ListMyTransactions).execute(student_actor(money.student), PageRequest())
    assert page.total == 2
    assert [
        (r.kind, r.amount, r.balance_after, r.course_name, r.reason, r.actor_name) for r in page.items
    ] == [
        ("code_redeem", Decimal("30.00"), Decimal("30.00"), "Geometry", None, "Pupil 1"),
        ("manual_add", Decimal("100.00"), Decimal("100.00"), "Algebra", "cash", "Ahmed Hassan"),
    ]
    for use_case in (container.get(ListMyBalances),):
        with pytest.raises(PermissionDenied):
            await use_case.execute(teacher)
    with pytest.raises(PermissionDenied):
        await container.get(ListStudentBalances).execute(student_actor(second))
    with pytest.raises(PermissionDenied):
        await container.get(ListRechargeCodes).execute(teacher, CodeFilter(), PageRequest())
    with pytest.raises(PermissionDenied):
        container.get(ExportRechargeCodes).execute(teacher, CodeFilter())
