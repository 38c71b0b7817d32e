"""The sales rollups (``lecture_sales``, ``student_sales``) agree with the purchases they are derived from:
after real purchases, a rebuy after expiry, a free lecture and a reopen (SQLite and PostgreSQL); after the
migration that creates them fills them from existing purchases; and after purchases race through the
2-worker live server on PostgreSQL (many students, one lecture: the rollup row everybody updates)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.sql import migrate, rollups
from edutrack.adapters.sql.tables.revenue import CourseSalesModel, LectureSalesModel, StudentSalesModel
from edutrack.composition import Container, build_container
from edutrack.core.entities.wallets import LedgerKind
from edutrack.core.use_cases.lessons.commands import LectureChanges, NewTopic, TopicChanges
from edutrack.core.use_cases.lessons.lectures import UpdateLecture
from edutrack.core.use_cases.lessons.topics import CreateTopic, UpdateTopic
from edutrack.core.use_cases.purchases.purchase_lecture import PurchaseLecture
from edutrack.core.use_cases.purchases.reopen_purchase import ReopenCommand, ReopenPurchase
from edutrack.settings import Settings
from tests.support.money import STUDENT_PASSWORD, Shop, add_lecture, approve, approve_ids, build_shop, fund
from tests.support.people import PASSWORD, Member, add_location, add_pupil, student_id

pytestmark = pytest.mark.anyio


@pytest.fixture
async def clocked(database_url: str) -> AsyncIterator[Container]:
    container = build_container(
        Settings(environment="test", database_url=database_url, password_hashing="fast"), clock=FrozenClock()
    )
    yield container
    await container.dispose()


async def _drift(container: Container) -> list[str]:
    assert container.read_sessions is not None
    async with container.read_sessions() as session:
        return await rollups.drift(session)


async def _lecture_sales(container: Container) -> dict[int, tuple[int, Decimal]]:
    assert container.read_sessions is not None
    async with container.read_sessions() as session:
        rows = (await session.execute(select(LectureSalesModel))).scalars().all()
    return {r.lecture_id: (r.purchase_count, r.revenue) for r in rows}


async def _student_sales(container: Container) -> dict[int, tuple[int, int, Decimal]]:
    assert container.read_sessions is not None
    async with container.read_sessions() as session:
        rows = (await session.execute(select(StudentSalesModel))).scalars().all()
    return {r.student_id: (r.purchase_count, r.lecture_count, r.spent) for r in rows}


async def _shopping(container: Container) -> tuple[Shop, Member, Member]:
    """The student buys "Motion" (80.00) and the free "Welcome", lets both expire, buys "Motion" again and
    gets a reopen; the classmate buys "Motion" once."""
    shop = await build_shop(container)
    student, classmate = shop.cast.student, shop.cast.classmate
    clock = container.clock
    assert isinstance(clock, FrozenClock)
    for member in (student, classmate):
        await approve(container, member, shop.cast.course)
        await fund(container, member, shop.cast.course, "500.00")
    buy = container.get(PurchaseLecture)
    await buy.execute(student.actor, shop.lecture)
    await buy.execute(student.actor, shop.free)
    clock.advance(days=31)
    again = await buy.execute(student.actor, shop.lecture)
    reopen = ReopenCommand(again.row.id, 5, "exam week")
    await container.get(ReopenPurchase).execute(shop.cast.teacher.actor, reopen)
    clock.advance(hours=1)
    await buy.execute(classmate.actor, shop.lecture)
    return shop, student, classmate


async def test_purchases_keep_both_rollups_in_step(clocked: Container) -> None:
    shop, student, classmate = await _shopping(clocked)

    assert await _lecture_sales(clocked) == {
        shop.lecture: (3, Decimal("240.00")),
        shop.free: (1, Decimal("0.00")),
    }
    assert await _student_sales(clocked) == {
        student_id(student): (3, 2, Decimal("160.00")),  # three purchases of two distinct lectures
        student_id(classmate): (1, 1, Decimal("80.00")),
    }
    assert await _drift(clocked) == []


async def _course_sales(container: Container) -> dict[int, tuple[int, Decimal]]:
    assert container.read_sessions is not None
    async with container.read_sessions() as session:
        rows = (await session.execute(select(CourseSalesModel))).scalars().all()
    return {r.course_id: (r.purchase_count, r.revenue) for r in rows}


async def test_course_sales_follow_the_purchases_and_every_move(clocked: Container) -> None:
    shop, _, _ = await _shopping(clocked)
    course, second = shop.cast.course, shop.cast.second_course
    assert await _course_sales(clocked) == {course: (4, Decimal("240.00"))}  # 3 x Motion + Welcome
    teacher = shop.cast.teacher.actor
    moved = await clocked.get(CreateTopic).execute(teacher, NewTopic(course_id=second, name="Dynamics"))
    # "Motion" moves to a topic of the second course: its three sales go with it
    await clocked.get(UpdateLecture).execute(teacher, shop.lecture, LectureChanges(topic_id=moved.id))
    assert await _course_sales(clocked) == {course: (1, Decimal("0.00")), second: (3, Decimal("240.00"))}
    assert await _drift(clocked) == []
    # the topic "Kinematics" (with "Welcome") moves to the second course, then "Dynamics" back
    await clocked.get(UpdateTopic).execute(teacher, shop.topic, TopicChanges(course_id=second))
    await clocked.get(UpdateTopic).execute(teacher, moved.id, TopicChanges(course_id=course))
    assert await _course_sales(clocked) == {course: (3, Decimal("240.00")), second: (1, Decimal("0.00"))}
    await clocked.get(UpdateLecture).execute(
        teacher, shop.lecture, LectureChanges(name="Motion 2")
    )  # no move
    assert await _drift(clocked) == []


async def test_a_refused_purchase_leaves_the_rollups_alone(clocked: Container) -> None:
    shop, student, _ = await _shopping(clocked)
    before = (await _lecture_sales(clocked), await _student_sales(clocked))
    with pytest.raises(Exception, match="active access"):
        await clocked.get(PurchaseLecture).execute(student.actor, shop.lecture)
    assert (await _lecture_sales(clocked), await _student_sales(clocked)) == before


async def test_drift_names_every_disagreement_and_rebuild_repairs_it(clocked: Container) -> None:
    shop, student, _ = await _shopping(clocked)
    async with async_sessionmaker(clocked.engines[0])() as session:
        await session.execute(
            LectureSalesModel.__table__.update()
            .where(LectureSalesModel.lecture_id == shop.lecture)
            .values(revenue=Decimal("1.00"))
        )
        await session.execute(
            StudentSalesModel.__table__.delete().where(StudentSalesModel.student_id == student_id(student))
        )
        await session.commit()

    found = await _drift(clocked)
    assert len(found) == 2
    assert found[0].startswith(f"lecture {shop.lecture}: purchases say 3 / 240.00")
    assert found[1].startswith(f"student {student_id(student)}: purchases say (3, 2, Decimal('160.00')")

    async with async_sessionmaker(clocked.engines[0])() as session:
        await rollups.rebuild(session)
        await session.commit()
    assert await _drift(clocked) == []
    assert (await _lecture_sales(clocked))[shop.lecture] == (3, Decimal("240.00"))


async def test_the_migration_fills_the_rollups_from_existing_purchases(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'rollups.db'}"
    migrate.upgrade(url)
    container = build_container(
        Settings(environment="test", database_url=url, password_hashing="fast"), clock=FrozenClock()
    )
    try:
        shop, student, _ = await _shopping(container)
        expected = (await _lecture_sales(container), await _student_sales(container))
        courses = await _course_sales(container)
        await container.dispose()

        migrate.downgrade(url, "0005")  # drops the three tables; the purchases stay
        migrate.upgrade(url)  # creates them again and fills them with INSERT ... SELECT

        assert (await _lecture_sales(container), await _student_sales(container)) == expected
        assert await _course_sales(container) == courses == {shop.cast.course: (4, Decimal("240.00"))}
        assert expected[0][shop.lecture] == (3, Decimal("240.00"))
        assert expected[1][student_id(student)] == (3, 2, Decimal("160.00"))
        assert await _drift(container) == []
    finally:
        await container.dispose()


RACERS = 20


@pytest.mark.parametrize("attempt", range(5))
async def test_twenty_students_buying_one_lecture_at_once_all_count(
    live_server: str, pg_container: Container, attempt: int
) -> None:
    """Every sale updates the same ``lecture_sales`` row: no sale is lost, none deadlocks."""
    shop = await build_shop(pg_container)
    course = shop.cast.course
    password_hash = await pg_container.hasher.hash(STUDENT_PASSWORD)
    governorate, area = await add_location(pg_container, "Giza", "Dokki")
    students = []
    for n in range(RACERS):
        student = await add_pupil(
            pg_container, 100 + n, password_hash=password_hash, location=(governorate, area)
        )
        await approve_ids(pg_container, student.id, course)
        students.append(student)
    async with pg_container.uow() as uow:
        now = pg_container.clock.now()
        for student in students:
            wallet = await uow.wallets.get_or_create_for_update(student.id, course, now)
            await uow.wallets.record(wallet, wallet.credit(LedgerKind.MANUAL_ADD, Decimal("100"), now))
        await uow.commit()

    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        tokens = await asyncio.gather(
            *(
                client.post("/accounts/token/", json={"username": s.username, "password": STUDENT_PASSWORD})
                for s in students
            )
        )
        responses = await asyncio.gather(
            *(
                client.post(
                    f"/courses/lectures/{shop.lecture}/purchase/",
                    headers={"Authorization": f"Bearer {t.json()['access']}"},
                )
                for t in tokens
            )
        )
    assert Counter(r.status_code for r in responses) == {201: RACERS}, [r.text for r in responses]
    assert await _lecture_sales(pg_container) == {shop.lecture: (RACERS, Decimal("80.00") * RACERS)}
    assert await _drift(pg_container) == []


async def test_thirty_purchases_by_one_student_at_once_keep_the_student_row_exact(
    live_server: str, pg_container: Container
) -> None:
    """One student, many lectures, all at once: ``student_sales`` counts each sale exactly once."""
    shop = await build_shop(pg_container)
    cast = shop.cast
    await approve(pg_container, cast.student, cast.course)
    await fund(pg_container, cast.student, cast.course, "1000.00")
    lectures = [
        await add_lecture(pg_container, cast.teacher.actor, shop.topic, f"Burst {n}", price="10.00")
        for n in range(30)
    ]
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        token = await client.post(
            "/accounts/token/", json={"username": cast.student.username, "password": PASSWORD}
        )
        headers = {"Authorization": f"Bearer {token.json()['access']}"}
        responses = await asyncio.gather(
            *(client.post(f"/courses/lectures/{lecture}/purchase/", headers=headers) for lecture in lectures)
        )
    assert Counter(r.status_code for r in responses) == {201: 30}
    assert await _student_sales(pg_container) == {student_id(cast.student): (30, 30, Decimal("300.00"))}
    assert await _drift(pg_container) == []
