"""The wallet and recharge-code repositories behave the same over the memory fakes, SQLite and PostgreSQL.

The seeding helpers here (``add_student``, ``approve``, ``Money``/``make_money``) also serve the wallet
HTTP and race tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from edutrack.adapters.memory.enrollments import EnrollmentTables
from edutrack.adapters.sql.tables.enrollments import EnrollmentModel
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Role
from edutrack.core.entities.enrollments import Enrollment, EnrollmentStatus
from edutrack.core.entities.people import Gender, StudentProfile, StudentStatus
from edutrack.core.entities.users import User
from edutrack.core.entities.wallets import LedgerEntry, LedgerKind, RechargeCode, Wallet
from edutrack.core.errors import RuleViolation
from edutrack.core.use_cases.academics.commands import NewArea, NewGovernorate
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from tests.integration.test_course_repository_contract import NOW, World, add_course, make_world

pytestmark = pytest.mark.anyio

STUDENT_PASSWORD = "Student-pass-1"


@dataclass(frozen=True)
class Student:
    id: int
    user_id: int
    code: str
    username: str
    name: str


async def add_location(container: Container, governorate: str, area: str) -> tuple[int, int]:
    """A governorate and an area in it: (governorate id, area id)."""
    create = container.get(CreateReferenceItem)
    governorate_id = (await create.execute(SYSTEM, NewGovernorate(name=governorate))).id
    area_id = (await create.execute(SYSTEM, NewArea(name=area, governorate_id=governorate_id))).id
    return governorate_id, area_id


async def add_student(
    container: Container,
    n: int,
    *,
    status: StudentStatus = StudentStatus.VERIFIED,
    password_hash: str = "x",
    location: tuple[int, int] | None = None,
) -> Student:
    """A student user and profile (``location`` = (governorate, area); created when not given)."""
    if location is None:
        location = await add_location(container, f"Gov {n}", f"Area {n}")
    async with container.uow() as uow:
        user = await uow.users.add(
            User(
                username=f"pupil{n}",
                password_hash=password_hash,
                role=Role.STUDENT,
                name=f"Pupil {n}",
                gmail=f"pupil{n}@gmail.com",
                created_at=NOW,
                updated_at=NOW,
            )
        )
        assert user.id is not None
        profile = await uow.students.add(
            StudentProfile(
                user_id=user.id,
                student_code=f"P{n:08d}",
                name_ar="طالب",
                name_en=f"Pupil {n}",
                phone_number="01001234567",
                national_id=f"308031502{n:04d}1",
                birth_date=date(2008, 3, 15),
                gender=Gender.MALE,
                governorate_id=location[0],
                area_id=location[1],
                created_at=NOW,
                updated_at=NOW,
                father_job="Engineer",
                status=status,
            )
        )
        await uow.commit()
    assert profile.id is not None
    return Student(profile.id, user.id, profile.student_code, user.username, user.name)


async def approve(
    container: Container,
    student_id: int,
    course_id: int,
    status: EnrollmentStatus = EnrollmentStatus.APPROVED,
    minutes: int = 0,
) -> None:
    """An enrollment row in the given status (approved by default)."""
    at = NOW + timedelta(minutes=minutes)
    if container.memory_store is not None:
        state = container.memory_store.state
        key = state.next_id("enrollments")
        state.of(EnrollmentTables).enrollments[key] = Enrollment(
            student_id=student_id, course_id=course_id, status=status, enrolled_at=at, id=key
        )
        return
    sessions = async_sessionmaker(container.engines[0], expire_on_commit=False)
    async with sessions() as session:
        session.add(
            EnrollmentModel(student_id=student_id, course_id=course_id, status=status, enrolled_at=at)
        )
        await session.commit()


@dataclass(frozen=True)
class Money:
    world: World
    course: int  # the teacher's course
    other_course: int  # another teacher's course
    student: Student  # verified, approved in ``course``


async def make_money(container: Container, password_hash: str = "x") -> Money:
    world = await make_world(container)
    course = await add_course(container, world, "Algebra")
    other_course = await add_course(container, world, "Geometry", teacher=world.other)
    student = await add_student(container, 1, password_hash=password_hash)
    await approve(container, student.id, course)
    return Money(world, course, other_course, student)


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
    other = await add_student(contract_container, 2)
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
