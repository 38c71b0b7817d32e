"""Wallets and purchases: the shop the purchase tests seed (``build_shop``, ``fund``, ...) and the wallet
world (``make_money``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from edutrack.composition import Container
from edutrack.core.actor import Actor
from edutrack.core.entities.enrollments import Enrollment, EnrollmentStatus
from edutrack.core.entities.people import Gender, StudentProfile, StudentStatus
from edutrack.core.entities.wallets import LedgerKind, Purchase, RechargeCode, ReopenLog
from edutrack.core.money import parse_money
from edutrack.core.policies.codes import generate_code
from edutrack.core.use_cases.lessons.commands import NewLecture, NewTopic
from edutrack.core.use_cases.lessons.lectures import CreateLecture
from edutrack.core.use_cases.lessons.topics import CreateTopic
from tests.support import courses
from tests.support.catalog import World, add_topic, build_world
from tests.support.catalog import add_lecture as add_catalog_lecture
from tests.support.clock import NOW
from tests.support.courses import TEACHER_PASSWORD
from tests.support.enrollments import Cast, build_cast, insert_enrollment, seed_enrollment
from tests.support.http import OWNER_PASSWORD, HeadersFor
from tests.support.people import Member, Student, add_assistant, add_location, add_pupil, student_id

STUDENT_PASSWORD = "Student-pass-1"

# --- the shop ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shop:
    cast: Cast
    topic: int  # "Kinematics" in the teacher's course "Mechanics"
    lecture: int  # "Motion": 100.00 - 20.00 = 80.00, 30 days
    free: int  # "Welcome": free, 7 days
    hidden: int  # not visible to students
    other_lecture: int  # "Sound", in Mona's course "Waves"


async def add_lecture(
    container: Container,
    actor: Actor,
    topic: int,
    name: str,
    *,
    price: str = "100.00",
    discount: str = "0",
    days: int = 30,
    visible: bool = True,
) -> int:
    data = NewLecture(
        topic_id=topic,
        name=name,
        price=parse_money("price", price),
        discount=parse_money("discount", discount),
        available_days=days,
        is_visible=visible,
    )
    return (await container.get(CreateLecture).execute(actor, data)).id


async def build_shop(container: Container) -> Shop:
    cast = await build_cast(container)
    teacher = cast.teacher.actor
    topic = (
        await container.get(CreateTopic).execute(teacher, NewTopic(course_id=cast.course, name="Kinematics"))
    ).id
    other_topic = (
        await container.get(CreateTopic).execute(
            cast.other.actor, NewTopic(course_id=cast.other_course, name="Sound")
        )
    ).id
    return Shop(
        cast=cast,
        topic=topic,
        lecture=await add_lecture(container, teacher, topic, "Motion", discount="20.00"),
        free=await add_lecture(container, teacher, topic, "Welcome", price="0", days=7),
        hidden=await add_lecture(container, teacher, topic, "Draft", visible=False),
        other_lecture=await add_lecture(container, cast.other.actor, other_topic, "Sound"),
    )


async def approve(container: Container, student: Member, course: int) -> None:
    await seed_enrollment(container, student, course, EnrollmentStatus.APPROVED)


async def fund(container: Container, student: Member, course: int, amount: Decimal | str) -> None:
    """Credit the student's wallet in the course through the ledger (as an add-balance would)."""
    now = container.clock.now()
    async with container.uow() as uow:
        wallet = await uow.wallets.get_or_create_for_update(student_id(student), course, now)
        entry = wallet.credit(LedgerKind.MANUAL_ADD, Decimal(amount), now, reason="test funds")
        await uow.wallets.record(wallet, entry)
        await uow.commit()


async def seed_purchase(
    container: Container,
    student: Member,
    lecture: int,
    *,
    at: datetime = NOW,
    days: int = 30,
    paid: str = "80.00",
) -> int:
    """A purchase row written straight through the repository (no rules, no money)."""
    async with container.uow() as uow:
        purchase = await uow.purchases.add(
            Purchase(
                student_id=student_id(student),
                lecture_id=lecture,
                amount_paid=Decimal(paid),
                purchased_at=at,
                expires_at=at + timedelta(days=days),
            )
        )
        await uow.commit()
    assert purchase.id is not None
    return purchase.id


async def reopen(
    container: Container, purchase_id: int, by: Member, days: int, at: datetime, note: str
) -> None:
    async with container.uow() as uow:
        log = ReopenLog(extra_days=days, reopened_at=at, reopened_by=by.actor.user_id, note=note)
        await uow.purchases.add_reopen(purchase_id, log)
        await uow.commit()


# --- wallets ----------------------------------------------------------------------------------------------


async def approve_ids(
    container: Container,
    student: int,
    course: int,
    status: EnrollmentStatus = EnrollmentStatus.APPROVED,
    minutes: int = 0,
) -> None:
    """An enrollment row of ids in the given status (approved by default), ``minutes`` after ``NOW``."""
    await insert_enrollment(container, student, course, status, NOW + timedelta(minutes=minutes))


@dataclass(frozen=True)
class Money:
    world: courses.World
    course: int  # the teacher's course
    other_course: int  # another teacher's course
    student: Student  # verified, approved in ``course``


async def make_money(container: Container, password_hash: str = "x") -> Money:
    world = await courses.make_world(container)
    course = await courses.add_course(container, world, "Algebra")
    other_course = await courses.add_course(container, world, "Geometry", teacher=world.other)
    student = await add_pupil(container, 1, password_hash=password_hash)
    await approve_ids(container, student.id, course)
    return Money(world, course, other_course, student)


@dataclass
class Api:
    money: Money
    teacher: dict[str, str]
    other_teacher: dict[str, str]
    assistant: dict[str, str]
    owner: dict[str, str]
    student: dict[str, str]


async def student_with_login(container: Container, n: int, **extra: object) -> Student:
    return await add_pupil(container, n, password_hash=await container.hasher.hash(STUDENT_PASSWORD), **extra)  # type: ignore[arg-type]


async def make_api(container: Container, headers_for: HeadersFor) -> Api:
    money = await make_money(container, password_hash=await container.hasher.hash(STUDENT_PASSWORD))
    await add_assistant(
        container, money.world.teacher, "helper_sami", "Helper Sami", password=TEACHER_PASSWORD, at=NOW
    )
    return Api(
        money=money,
        teacher=await headers_for("mr_ahmed", TEACHER_PASSWORD),
        other_teacher=await headers_for("ms_mona", TEACHER_PASSWORD),
        assistant=await headers_for("helper_sami", TEACHER_PASSWORD),
        owner=await headers_for("root_owner", OWNER_PASSWORD),
        student=await headers_for(money.student.username, STUDENT_PASSWORD),
    )


# --- a funded student, for the idempotency tests ------------------------------------------------------


@dataclass(frozen=True)
class FundedShop:
    """A verified student (``pupil``) with an approved enrollment, a balance, a lecture and a code."""

    world: World
    student_id: int
    lecture: int
    code: str


async def open_shop(container: Container, balance: str = "250", price: str = "100") -> FundedShop:
    world = await build_world(container)
    owner = world.owner.actor
    governorate, area = await add_location(container, "Cairo", "Nasr City", owner)
    topic = await add_topic(container, world)
    lecture = await add_catalog_lecture(container, world, topic, price=price)
    now = container.clock.now()
    code = generate_code()
    async with container.uow() as uow:
        student = await uow.students.add(
            StudentProfile(
                user_id=world.student.actor.user_id,
                student_code="S00000001",
                name_ar="طالب",
                name_en="Pupil Student",
                phone_number="01001234567",
                national_id="30803150100011",
                birth_date=date(2008, 3, 15),
                gender=Gender.FEMALE,
                governorate_id=governorate,
                area_id=area,
                created_at=now,
                updated_at=now,
                status=StudentStatus.VERIFIED,
            )
        )
        assert student.id is not None
        await uow.enrollments.add(
            Enrollment(student.id, world.course, now, status=EnrollmentStatus.APPROVED, responded_at=now)
        )
        wallet = await uow.wallets.get_or_create_for_update(student.id, world.course, now)
        await uow.wallets.record(wallet, wallet.credit(LedgerKind.MANUAL_ADD, Decimal(balance), now))
        await uow.codes.add_many([RechargeCode(world.course, code, Decimal("40"), now)])
        await uow.commit()
    return FundedShop(world, student.id, lecture, code)


async def balance_of(container: Container, shop: FundedShop) -> Decimal:
    async with container.uow() as uow:
        wallet = await uow.wallets.get_for_update(shop.student_id, shop.world.course)
    assert wallet is not None
    return wallet.balance


async def purchases_of(container: Container, shop: FundedShop) -> int:
    async with container.uow() as uow:
        return len(await uow.purchases.of_student_lecture(shop.student_id, shop.lecture))
