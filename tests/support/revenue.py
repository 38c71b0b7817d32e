"""A hand-computed revenue world for the revenue and teacher-dashboard tests, on any backend.

On top of tests/support/catalog.py's world (site owner, teacher ``mr_ahmed`` with assistant ``helper``,
teacher ``ms_mona``, a student user ``pupil``; course A1 "Physics 1" of mr_ahmed, B1 "Other Physics" of
ms_mona) it adds an inactive course A2 "Physics 2" of mr_ahmed, topics, lectures, four student profiles,
enrollments and purchases. Enrollment and purchase rows are inserted directly (memory entities or
SQLAlchemy rows, then the SQL sales rollups are rebuilt): their own features are written elsewhere. Every
figure the tests expect is derived by hand in the docstring of ``seed_revenue``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import async_sessionmaker

from edutrack.adapters.memory.purchases import PurchaseTables
from edutrack.adapters.sql import rollups
from edutrack.adapters.sql.tables.purchases import PurchaseModel
from edutrack.composition import Container
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.entities.wallets import Purchase
from tests.support.catalog import World, add_course, add_lecture, add_topic, build_world
from tests.support.clock import at
from tests.support.enrollments import insert_enrollment
from tests.support.people import Student, add_location, add_numbered_student


@dataclass(frozen=True)
class RevenueWorld:
    base: World
    course_a1: int
    course_a2: int
    course_b1: int
    topic_mechanics: int
    topic_waves: int
    topic_optics: int
    lecture_1: int
    lecture_2: int
    lecture_3: int
    lecture_4: int
    lecture_5: int
    students: list[Student]
    enrollments: dict[str, int]
    purchases: dict[str, int]


async def make_place(container: Container, world: World, name: str = "Cairo") -> tuple[int, int]:
    """A governorate ``name`` and an area in it, for student profiles."""
    return await add_location(container, name, f"{name} centre", world.owner.actor)


async def add_purchases(container: Container, rows: list[tuple[int, int, str, datetime, bool]]) -> list[int]:
    """Purchases ``(student, lecture, amount, purchased_at, is_current)`` with 30 days of access."""
    store = container.memory_store
    if store is not None:
        keys = []
        for student, lecture, amount, when, current in rows:
            key = store.state.next_id("purchases")
            store.state.of(PurchaseTables).purchases[key] = Purchase(
                student_id=student,
                lecture_id=lecture,
                amount_paid=Decimal(amount),
                purchased_at=when,
                expires_at=when + timedelta(days=30),
                is_current=current,
                id=key,
            )
            keys.append(key)
        return keys
    models = [
        PurchaseModel(
            student_id=student,
            lecture_id=lecture,
            amount_paid=Decimal(amount),
            purchased_at=when,
            expires_at=when + timedelta(days=30),
            extra_days=0,
            is_current=current,
        )
        for student, lecture, amount, when, current in rows
    ]
    async with async_sessionmaker(container.engines[0], expire_on_commit=False)() as session:
        session.add_all(models)
        await session.flush()
        await rollups.rebuild(session)
        await session.commit()
    return [m.id for m in models]


async def seed_revenue(container: Container) -> RevenueWorld:
    """The fixture. Cairo is UTC+2 in March 2026 (DST starts on 24 April).

    Lectures: A1/Mechanics (order 1): L1 100.00 − 20.00 = 80.00, L2 50.00; A1/Waves (order 2): L3 free,
    L4 60.00 (unsold); B1/Optics: L5 40.00. A2 (inactive) has no content.

    Enrollments: s1 A1 approved (asked 03-01 10:00, approved 03-02 10:00); s2 A1 approved (asked 03-03
    08:00, no response time); s3 A1 pending (03-10); s3 B1 approved (03-04, approved 03-05); s4 A2
    rejected (03-15). s4 buys nothing.

    Purchases (UTC → Cairo):
      p1 s1 L1 80.00 03-10 21:59 → 23:59 on 10 March (not current: bought again as p5)
      p2 s2 L1 80.00 03-10 22:01 → 00:01 on 11 March
      p6 s3 L5 40.00 03-11 12:00 → 11 March
      p3 s1 L2 50.00 03-13 08:00 → 13 March
      p4 s1 L3  0.00 03-13 09:00 → 13 March
      p5 s1 L1 80.00 03-20 10:00 → 20 March
    Nothing on 12 March.
    """
    base = await build_world(container)
    course_a2 = await add_course(container, base.reference, base.teacher, name="Physics 2", is_active=False)
    mechanics = await add_topic(container, base, base.course, name="Mechanics", order=1)
    waves = await add_topic(container, base, base.course, name="Waves", order=2)
    optics = await add_topic(container, base, base.other_course, name="Optics")
    lecture_1 = await add_lecture(
        container, base, mechanics, name="Newton", price="100", discount="20", order=1
    )
    lecture_2 = await add_lecture(container, base, mechanics, name="Friction", price="50", order=2)
    lecture_3 = await add_lecture(container, base, waves, name="Intro to waves", price="0", order=1)
    lecture_4 = await add_lecture(container, base, waves, name="Sound", price="60", order=2)
    lecture_5 = await add_lecture(container, base, optics, name="Lenses", price="40", actor=base.other.actor)
    place = await make_place(container, base)
    s1, s2, s3, s4 = [await add_numbered_student(container, n, place) for n in range(1, 5)]
    approved, pending, rejected = (
        EnrollmentStatus.APPROVED,
        EnrollmentStatus.PENDING,
        EnrollmentStatus.REJECTED,
    )
    enrollments = {
        "s1_a1": await insert_enrollment(
            container, s1.id, base.course, approved, at("2026-03-01 10:00"), at("2026-03-02 10:00")
        ),
        "s2_a1": await insert_enrollment(container, s2.id, base.course, approved, at("2026-03-03 08:00")),
        "s3_b1": await insert_enrollment(
            container, s3.id, base.other_course, approved, at("2026-03-04 10:00"), at("2026-03-05 00:00")
        ),
        "s3_a1": await insert_enrollment(container, s3.id, base.course, pending, at("2026-03-10 09:00")),
        "s4_a2": await insert_enrollment(
            container, s4.id, course_a2, rejected, at("2026-03-15 09:00"), at("2026-03-16 09:00")
        ),
    }
    keys = await add_purchases(
        container,
        [
            (s1.id, lecture_1, "80.00", at("2026-03-10 21:59"), False),
            (s2.id, lecture_1, "80.00", at("2026-03-10 22:01"), True),
            (s1.id, lecture_2, "50.00", at("2026-03-13 08:00"), True),
            (s1.id, lecture_3, "0.00", at("2026-03-13 09:00"), True),
            (s1.id, lecture_1, "80.00", at("2026-03-20 10:00"), True),
            (s3.id, lecture_5, "40.00", at("2026-03-11 12:00"), True),
        ],
    )
    return RevenueWorld(
        base=base,
        course_a1=base.course,
        course_a2=course_a2,
        course_b1=base.other_course,
        topic_mechanics=mechanics,
        topic_waves=waves,
        topic_optics=optics,
        lecture_1=lecture_1,
        lecture_2=lecture_2,
        lecture_3=lecture_3,
        lecture_4=lecture_4,
        lecture_5=lecture_5,
        students=[s1, s2, s3, s4],
        enrollments=enrollments,
        purchases=dict(zip(["p1", "p2", "p3", "p4", "p5", "p6"], keys, strict=True)),
    )
