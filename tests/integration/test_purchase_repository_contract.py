"""The purchase repository, reader and access-query contract: the same tests on the in-memory fakes, SQLite
and PostgreSQL. The shop they seed is ``tests/support/money.py``'s ``build_shop``."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from edutrack.composition import Container
from edutrack.core.entities.wallets import ALREADY_HAS_ACCESS, Purchase
from edutrack.core.errors import RuleViolation
from edutrack.core.use_cases.lessons.commands import TopicChanges
from edutrack.core.use_cases.lessons.topics import UpdateTopic
from edutrack.ports.purchases import (
    LectureAccess,
    LectureOffer,
    PurchaseFilter,
    PurchaseReader,
    PurchaseRow,
    ReopenLogRow,
)
from edutrack.ports.readers import PageRequest
from tests.support.clock import NOW
from tests.support.money import build_shop, reopen, seed_purchase
from tests.support.people import student_id

pytestmark = pytest.mark.anyio

ALL = PageRequest(limit=None)

# --- the repository ---------------------------------------------------------------------------------------


async def test_offer_tells_course_price_and_visibility(contract_container: Container) -> None:
    shop = await build_shop(contract_container)
    cast = shop.cast
    async with contract_container.uow() as uow:
        offer = await uow.purchases.offer(shop.lecture)
        hidden = await uow.purchases.offer(shop.hidden)
        missing = await uow.purchases.offer(999_999)
        huge = await uow.purchases.offer(2**40)
    assert offer == LectureOffer(
        lecture_id=shop.lecture,
        name="Motion",
        course_id=cast.course,
        teacher_id=cast.teacher.actor.teacher_id or 0,
        price=Decimal("100.00"),
        discount=Decimal("20.00"),
        available_days=30,
        visible=True,
    )
    assert hidden is not None and hidden.visible is False
    assert missing is None and huge is None


async def test_inactive_topic_or_course_makes_the_offer_invisible(contract_container: Container) -> None:
    shop = await build_shop(contract_container)
    await contract_container.get(UpdateTopic).execute(
        shop.cast.teacher.actor, shop.topic, TopicChanges(is_active=False)
    )
    async with contract_container.uow() as uow:
        offer = await uow.purchases.offer(shop.lecture)
    assert offer is not None and offer.visible is False


async def test_one_current_purchase_per_student_and_lecture(contract_container: Container) -> None:
    shop = await build_shop(contract_container)
    cast = shop.cast
    first = await seed_purchase(contract_container, cast.student, shop.lecture)
    with pytest.raises(RuleViolation) as caught:
        await seed_purchase(contract_container, cast.student, shop.lecture)
    assert caught.value.body() == {"error": ALREADY_HAS_ACCESS}
    # another student, another lecture: fine
    await seed_purchase(contract_container, cast.classmate, shop.lecture)
    await seed_purchase(contract_container, cast.student, shop.free, paid="0")
    # a retired purchase makes room for the next one
    async with contract_container.uow() as uow:
        await uow.purchases.retire(first)
        await uow.commit()
    second = await seed_purchase(contract_container, cast.student, shop.lecture, at=NOW + timedelta(days=40))
    async with contract_container.uow() as uow:
        history = await uow.purchases.of_student_lecture(student_id(cast.student), shop.lecture)
    assert [(p.id, p.is_current) for p in history] == [(first, False), (second, True)]
    assert history[1] == Purchase(
        id=second,
        student_id=student_id(cast.student),
        lecture_id=shop.lecture,
        amount_paid=Decimal("80.00"),
        purchased_at=NOW + timedelta(days=40),
        expires_at=NOW + timedelta(days=70),
    )


async def test_get_and_reopens_accumulate(contract_container: Container) -> None:
    shop = await build_shop(contract_container)
    cast = shop.cast
    purchase_id = await seed_purchase(contract_container, cast.student, shop.lecture)
    await reopen(contract_container, purchase_id, cast.teacher, 5, NOW + timedelta(days=31), "Exams")
    await reopen(contract_container, purchase_id, cast.assistant, 2, NOW + timedelta(days=36), "")
    async with contract_container.uow() as uow:
        owned = await uow.purchases.get(purchase_id)
        assert await uow.purchases.get(999_999) is None
        assert await uow.purchases.get(2**40) is None
    assert owned is not None and owned.teacher_id == cast.teacher.actor.teacher_id
    purchase = owned.purchase
    assert (purchase.extra_days, purchase.reopened_by, purchase.reopened_at) == (
        7,
        cast.assistant.actor.user_id,
        NOW + timedelta(days=36),
    )


# --- the reader -------------------------------------------------------------------------------------------


async def test_row_carries_names_and_reopen_logs(contract_container: Container) -> None:
    shop = await build_shop(contract_container)
    cast = shop.cast
    purchase_id = await seed_purchase(contract_container, cast.student, shop.lecture)
    await reopen(contract_container, purchase_id, cast.assistant, 2, NOW + timedelta(days=36), "")
    await reopen(contract_container, purchase_id, cast.teacher, 5, NOW + timedelta(days=31), "Exams")
    row = await contract_container.get(PurchaseReader).get(purchase_id)
    assert row == PurchaseRow(
        id=purchase_id,
        student_id=student_id(cast.student),
        lecture_id=shop.lecture,
        lecture_name="Motion",
        topic_name="Kinematics",
        course_id=cast.course,
        course_name="Mechanics",
        teacher_id=cast.teacher.actor.teacher_id or 0,
        teacher_name="Ahmed Hassan",
        purchased_at=NOW,
        expires_at=NOW + timedelta(days=30),
        amount_paid=Decimal("80.00"),
        extra_days=7,
        reopened_by=cast.teacher.actor.user_id,
        reopened_by_name="Ahmed Hassan",
        reopened_at=NOW + timedelta(days=31),
        reopen_logs=(
            ReopenLogRow(5, "Ahmed Hassan", NOW + timedelta(days=31), "Exams"),
            ReopenLogRow(2, "Helper Hany", NOW + timedelta(days=36), ""),
        ),
    )
    assert row.effective_expiry == NOW + timedelta(days=37)
    assert await contract_container.get(PurchaseReader).get(999_999) is None


async def test_list_filters_scope_and_order(contract_container: Container) -> None:
    shop = await build_shop(contract_container)
    cast = shop.cast
    reader = contract_container.get(PurchaseReader)
    old = await seed_purchase(contract_container, cast.student, shop.lecture, at=NOW - timedelta(days=40))
    free = await seed_purchase(
        contract_container, cast.student, shop.free, at=NOW - timedelta(days=1), paid="0"
    )
    mate = await seed_purchase(contract_container, cast.classmate, shop.lecture, at=NOW - timedelta(days=2))
    other = await seed_purchase(
        contract_container, cast.student, shop.other_lecture, at=NOW - timedelta(days=3)
    )

    async def ids(**fields: object) -> list[int]:
        page = await reader.list(PurchaseFilter(now=NOW, **fields), ALL)  # type: ignore[arg-type]
        assert page.total == len(page.items)
        return [row.id for row in page.items]

    assert await ids() == [free, mate, other, old]
    assert await ids(teacher=cast.teacher.actor.teacher_id) == [free, mate, old]
    assert await ids(teacher=cast.other.actor.teacher_id) == [other]
    assert await ids(student_id=student_id(cast.classmate)) == [mate]
    assert await ids(student=str(student_id(cast.classmate))) == [mate]
    assert await ids(student="ST00000002") == [mate]
    assert await ids(student="nobody") == []
    assert await ids(lecture=shop.lecture) == [mate, old]
    assert await ids(course=cast.other_course) == [other]
    assert await ids(is_expired=True) == [old]
    assert await ids(is_expired=False) == [free, mate, other]
    page = await reader.list(PurchaseFilter(now=NOW), PageRequest(offset=1, limit=2))
    assert (page.total, [row.id for row in page.items]) == (4, [mate, other])


async def test_expiry_boundary_and_reopen_in_the_filter(contract_container: Container) -> None:
    shop = await build_shop(contract_container)
    cast = shop.cast
    reader = contract_container.get(PurchaseReader)
    at = NOW - timedelta(days=30, microseconds=-250)  # expires 250 µs after NOW
    purchase_id = await seed_purchase(contract_container, cast.student, shop.lecture, at=at)

    async def expired(now: datetime) -> list[int]:
        page = await reader.list(PurchaseFilter(now=now, is_expired=True), ALL)
        return [row.id for row in page.items]

    assert await expired(NOW) == []
    assert await expired(NOW + timedelta(microseconds=250)) == []  # now == effective expiry: not expired
    assert await expired(NOW + timedelta(microseconds=251)) == [purchase_id]
    await reopen(contract_container, purchase_id, cast.teacher, 3, NOW, "")
    assert await expired(NOW + timedelta(days=3, microseconds=250)) == []
    assert await expired(NOW + timedelta(days=3, microseconds=251)) == [purchase_id]


async def test_lectures_with_access(contract_container: Container) -> None:
    shop = await build_shop(contract_container)
    cast = shop.cast
    access = contract_container.get(LectureAccess)
    me = student_id(cast.student)
    expired = await seed_purchase(contract_container, cast.student, shop.lecture, at=NOW - timedelta(days=31))
    await seed_purchase(contract_container, cast.student, shop.free, at=NOW - timedelta(days=6), days=7)
    await seed_purchase(contract_container, cast.classmate, shop.other_lecture)
    everything = {shop.lecture, shop.free, shop.hidden, shop.other_lecture}
    assert await access.lectures_with_access(me, None, NOW) == {shop.free}
    assert await access.lectures_with_access(me, everything, NOW) == {shop.free}
    assert await access.lectures_with_access(me, {shop.lecture, 2**40}, NOW) == frozenset()
    assert await access.lectures_with_access(me, set(), NOW) == frozenset()
    assert await access.lectures_with_access(me, None, NOW + timedelta(days=2)) == frozenset()
    assert await access.lectures_with_access(student_id(cast.classmate), None, NOW) == {shop.other_lecture}
    await reopen(contract_container, expired, cast.teacher, 5, NOW, "Make-up")
    assert await access.lectures_with_access(me, None, NOW) == {shop.free, shop.lecture}
