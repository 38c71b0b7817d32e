"""Lecture purchases over HTTP (Teacher §7, API_SUPPLEMENT §5/§6) on SQLite and PostgreSQL: the bodies
field by field, errors, permissions, expiry and buying again, reopening, the lists and their statement
counts."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from edutrack.adapters.sql.tables.purchases import PurchaseModel
from edutrack.adapters.sql.tables.wallets import LedgerEntryModel, WalletModel
from edutrack.composition import Container
from edutrack.core.entities.wallets import ReopenLog
from edutrack.core.errors import DomainError
from edutrack.entrypoints.http.errors import status_of
from tests.integration.conftest import HeadersFor, StatementCounter
from tests.integration.test_enrollment_repository_contract import PASSWORD
from tests.integration.test_purchase_repository_contract import (
    Shop,
    add_lecture,
    approve,
    build_shop,
    fund,
    seed_purchase,
    student_id,
)

pytestmark = pytest.mark.anyio

ANONYMOUS = {"detail": "Authentication credentials were not provided."}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
NOT_FOUND = {"detail": "Not found."}
NOT_ENROLLED = {"error": "Student is not enrolled in this course"}
ACTIVE = {"error": "You already have active access to this lecture"}
INSUFFICIENT = {"error": "Insufficient balance"}
NOT_YOURS = {"error": "You can only extend access for lectures in your own courses"}
MY = "/courses/purchases/my/"
STAFF_LIST = "/courses/purchases/"
DATETIME = "datetime"
PURCHASE_FIELDS: dict[str, Any] = {
    "id": int,
    "student": int,
    "lecture": int,
    "lecture_name": str,
    "topic_name": str,
    "course_name": str,
    "teacher_name": str,
    "purchased_at": DATETIME,
    "expires_at": DATETIME,
    "effective_expiry": DATETIME,
    "amount_paid": str,
    "extra_days": int,
    "is_expired": bool,
    "reopened_by": (int, type(None)),
    "reopened_by_name": (str, type(None)),
    "reopened_at": (DATETIME, type(None)),
    "reopen_logs": list,
}


def buy_url(lecture: int) -> str:
    return f"/courses/lectures/{lecture}/purchase/"


def reopen_url(purchase: int) -> str:
    return f"/courses/purchases/{purchase}/reopen/"


def when(raw: str) -> datetime:
    value = datetime.fromisoformat(raw)
    assert value.tzinfo is not None, raw
    return value


def check_shape(body: dict[str, Any]) -> None:
    assert list(body) == list(PURCHASE_FIELDS)
    for name, kind in PURCHASE_FIELDS.items():
        kinds = kind if isinstance(kind, tuple) else (kind,)
        value = body[name]
        if value is None and type(None) in kinds:
            continue
        if DATETIME in kinds:
            when(value)
        else:
            assert isinstance(value, tuple(k for k in kinds if k is not DATETIME)), (name, value)
            assert not (isinstance(value, bool) and bool not in kinds), name
    assert Decimal(body["amount_paid"]).as_tuple().exponent == -2
    for log in body["reopen_logs"]:
        assert list(log) == ["extra_days", "reopened_by", "reopened_at", "note"]
        assert isinstance(log["extra_days"], int) and isinstance(log["note"], str)
        assert log["reopened_by"] is None or isinstance(log["reopened_by"], str)
        when(log["reopened_at"])


@dataclass(frozen=True)
class People:
    shop: Shop
    student: dict[str, str]
    classmate: dict[str, str]
    unverified: dict[str, str]
    teacher: dict[str, str]
    assistant: dict[str, str]
    other: dict[str, str]
    owner: dict[str, str]


@pytest.fixture
async def people(container: Container, headers_for: HeadersFor) -> People:
    shop = await build_shop(container)
    cast = shop.cast
    await approve(container, cast.student, cast.course)

    async def login(username: str) -> dict[str, str]:
        return await headers_for(username, PASSWORD)

    return People(
        shop=shop,
        student=await login(cast.student.username),
        classmate=await login(cast.classmate.username),
        unverified=await login(cast.unverified.username),
        teacher=await login(cast.teacher.username),
        assistant=await login(cast.assistant.username),
        other=await login(cast.other.username),
        owner=await login(cast.owner.username),
    )


async def wallet_and_ledger(container: Container, student: int, course: int) -> tuple[Decimal, list[Any]]:
    assert container.read_sessions is not None
    async with container.read_sessions() as session:
        wallet = await session.scalar(
            select(WalletModel).where(WalletModel.student_id == student, WalletModel.course_id == course)
        )
        entries = (
            await session.scalars(
                select(LedgerEntryModel)
                .where(LedgerEntryModel.student_id == student)
                .order_by(LedgerEntryModel.id)
            )
        ).all()
    return (wallet.balance if wallet else Decimal("0")), list(entries)


# --- buying -----------------------------------------------------------------------------------------------


async def test_buying_answers_the_purchased_lecture(
    client: httpx.AsyncClient, container: Container, people: People
) -> None:
    shop, cast = people.shop, people.shop.cast
    await fund(container, cast.student, cast.course, "100")
    response = await client.post(buy_url(shop.lecture), headers=people.student)
    assert response.status_code == 201, response.text
    body = response.json()
    check_shape(body)
    purchased = when(body["purchased_at"])
    assert body == {
        "id": body["id"],
        "student": student_id(cast.student),
        "lecture": shop.lecture,
        "lecture_name": "Motion",
        "topic_name": "Kinematics",
        "course_name": "Mechanics",
        "teacher_name": "Ahmed Hassan",
        "purchased_at": body["purchased_at"],
        "expires_at": body["expires_at"],
        "effective_expiry": body["effective_expiry"],
        "amount_paid": "80.00",
        "extra_days": 0,
        "is_expired": False,
        "reopened_by": None,
        "reopened_by_name": None,
        "reopened_at": None,
        "reopen_logs": [],
    }
    assert abs(purchased - container.clock.now()) < timedelta(minutes=1)
    assert when(body["expires_at"]) == when(body["effective_expiry"]) == purchased + timedelta(days=30)
    balance, entries = await wallet_and_ledger(container, student_id(cast.student), cast.course)
    assert balance == Decimal("20.00") == sum(e.amount for e in entries)
    assert [(e.kind, e.amount, e.balance_after, e.reference) for e in entries[1:]] == [
        ("purchase", Decimal("-80.00"), Decimal("20.00"), f"purchase:{body['id']}")
    ]
    # the same path without the trailing slash answers the same way
    again = await client.post(buy_url(shop.lecture).rstrip("/"), headers=people.student)
    assert (again.status_code, again.json()) == (400, ACTIVE)


async def test_a_free_lecture_is_bought_without_a_balance(
    client: httpx.AsyncClient, container: Container, people: People
) -> None:
    cast = people.shop.cast
    response = await client.post(buy_url(people.shop.free), headers=people.student)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["amount_paid"], body["is_expired"]) == ("0.00", False)
    assert when(body["expires_at"]) == when(body["purchased_at"]) + timedelta(days=7)
    assert await wallet_and_ledger(container, student_id(cast.student), cast.course) == (Decimal("0"), [])


async def test_buying_errors(client: httpx.AsyncClient, container: Container, people: People) -> None:
    shop, cast = people.shop, people.shop.cast
    post = client.post
    assert ((r := await post(buy_url(shop.lecture))).status_code, r.json()) == (401, ANONYMOUS)
    for headers in (people.teacher, people.assistant, people.owner):
        assert ((r := await post(buy_url(shop.free), headers=headers)).status_code, r.json()) == (
            403,
            FORBIDDEN,
        )
    r = await post(buy_url(shop.free), headers=people.unverified)
    assert (r.status_code, r.json()) == (403, {"detail": "Your account is not verified."})
    for lecture in (shop.hidden, 999_999, 2**31):
        assert ((r := await post(buy_url(lecture), headers=people.student)).status_code, r.json()) == (
            404,
            NOT_FOUND,
        )
    r = await post(buy_url(shop.lecture), headers=people.classmate)
    assert (r.status_code, r.json()) == (403, NOT_ENROLLED)
    r = await post(buy_url(shop.other_lecture), headers=people.student)
    assert (r.status_code, r.json()) == (403, NOT_ENROLLED)
    r = await post(buy_url(shop.lecture), headers=people.student)
    assert (r.status_code, r.json()) == (400, INSUFFICIENT)
    await fund(container, cast.student, cast.course, "79.99")
    r = await post(buy_url(shop.lecture), headers=people.student)
    assert (r.status_code, r.json()) == (400, INSUFFICIENT)
    await fund(container, cast.student, cast.course, "0.01")
    assert (await post(buy_url(shop.lecture), headers=people.student)).status_code == 201
    r = await post(buy_url(shop.lecture), headers=people.student)
    assert (r.status_code, r.json()) == (400, ACTIVE)
    balance, _ = await wallet_and_ledger(container, student_id(cast.student), cast.course)
    assert balance == Decimal("0.00")


async def test_after_expiry_the_lecture_can_be_bought_again(
    client: httpx.AsyncClient, container: Container, people: People
) -> None:
    shop, cast = people.shop, people.shop.cast
    now = container.clock.now()
    old = await seed_purchase(container, cast.student, shop.lecture, at=now - timedelta(days=30, minutes=1))
    await fund(container, cast.student, cast.course, "80")
    response = await client.post(buy_url(shop.lecture), headers=people.student)
    assert response.status_code == 201, response.text
    new = response.json()["id"]
    assert container.read_sessions is not None
    async with container.read_sessions() as session:
        rows = (
            await session.execute(
                select(PurchaseModel.id, PurchaseModel.is_current).order_by(PurchaseModel.id)
            )
        ).all()
    assert [tuple(r) for r in rows] == [(old, False), (new, True)]
    mine = (await client.get(MY, headers=people.student)).json()
    assert [(r["id"], r["is_expired"]) for r in mine["results"]] == [(new, False), (old, True)]


# --- reopening --------------------------------------------------------------------------------------------


async def test_reopen_extends_access_and_logs(
    client: httpx.AsyncClient, container: Container, people: People
) -> None:
    shop, cast = people.shop, people.shop.cast
    now = container.clock.now()
    purchase = await seed_purchase(container, cast.student, shop.lecture, at=now - timedelta(days=31))
    first = await client.patch(
        reopen_url(purchase), headers=people.teacher, json={"extra_days": 3, "note": "Exams"}
    )
    assert first.status_code == 200, first.text
    check_shape(first.json())
    second = await client.patch(reopen_url(purchase), headers=people.assistant, json={"extra_days": 2})
    assert second.status_code == 200, second.text
    body = second.json()
    check_shape(body)
    assert (body["id"], body["extra_days"], body["is_expired"], body["amount_paid"]) == (
        purchase,
        5,
        False,
        "80.00",
    )
    assert when(body["effective_expiry"]) == when(body["expires_at"]) + timedelta(days=5)
    assert (body["reopened_by"], body["reopened_by_name"]) == (cast.assistant.actor.user_id, "Helper Hany")
    assert when(body["reopened_at"]) >= when(first.json()["reopened_at"])
    assert [(log["extra_days"], log["reopened_by"], log["note"]) for log in body["reopen_logs"]] == [
        (3, "Ahmed Hassan", "Exams"),
        (2, "Helper Hany", ""),
    ]
    # the student now has access again: buying is refused
    await fund(container, cast.student, cast.course, "80")
    r = await client.post(buy_url(shop.lecture), headers=people.student)
    assert (r.status_code, r.json()) == (400, ACTIVE)


async def test_reopen_of_a_replaced_purchase_is_refused(
    client: httpx.AsyncClient, container: Container, people: People
) -> None:
    shop, cast = people.shop, people.shop.cast
    now = container.clock.now()
    old = await seed_purchase(container, cast.student, shop.lecture, at=now - timedelta(days=31))
    await fund(container, cast.student, cast.course, "80")
    bought = await client.post(buy_url(shop.lecture), headers=people.student)
    assert bought.status_code == 201, bought.text
    r = await client.patch(reopen_url(old), headers=people.teacher, json={"extra_days": 10})
    assert (r.status_code, r.json()) == (
        400,
        {
            "error": "This purchase was replaced by a newer purchase of the same lecture; extend that one"
            " instead"
        },
    )
    mine = (await client.get(MY, headers=people.student)).json()["results"]
    assert [(row["id"], row["extra_days"], row["is_expired"]) for row in mine] == [
        (bought.json()["id"], 0, False),
        (old, 0, True),
    ]
    r = await client.patch(reopen_url(bought.json()["id"]), headers=people.teacher, json={"extra_days": 10})
    assert (r.status_code, r.json()["extra_days"]) == (200, 10)


async def test_reopen_errors(client: httpx.AsyncClient, container: Container, people: People) -> None:
    shop, cast = people.shop, people.shop.cast
    purchase = await seed_purchase(container, cast.student, shop.lecture)
    url = reopen_url(purchase)
    ok = {"extra_days": 1}
    assert ((r := await client.patch(url, json=ok)).status_code, r.json()) == (401, ANONYMOUS)
    for headers in (people.student, people.owner):
        assert ((r := await client.patch(url, json=ok, headers=headers)).status_code, r.json()) == (
            403,
            FORBIDDEN,
        )
    r = await client.patch(url, json=ok, headers=people.other)
    assert (r.status_code, r.json()) == (403, NOT_YOURS)
    for missing in (999_999, 2**31):
        r = await client.patch(reopen_url(missing), json=ok, headers=people.teacher)
        assert (r.status_code, r.json()) == (404, NOT_FOUND)
    for days in (0, -1):
        r = await client.patch(url, json={"extra_days": days}, headers=people.teacher)
        assert (r.status_code, r.json()) == (
            400,
            {"extra_days": ["Ensure this value is greater than or equal to 1."]},
        )
    r = await client.patch(url, json={}, headers=people.teacher)
    assert (r.status_code, r.json()) == (400, {"extra_days": ["This field is required."]})
    r = await client.patch(url, json={"extra_days": "x"}, headers=people.teacher)
    assert (r.status_code, r.json()) == (400, {"extra_days": ["A valid integer is required."]})
    r = await client.patch(url, json={"extra_days": 3651}, headers=people.teacher)
    assert (r.status_code, r.json()) == (
        400,
        {"extra_days": ["Ensure this value is less than or equal to 3650."]},
    )
    row = (await client.get(MY, headers=people.student)).json()["results"][0]
    assert (row["extra_days"], row["reopen_logs"]) == (0, [])


# --- lists ------------------------------------------------------------------------------------------------


async def test_my_purchases(client: httpx.AsyncClient, container: Container, people: People) -> None:
    shop, cast = people.shop, people.shop.cast
    now = container.clock.now()
    expired = await seed_purchase(
        container, cast.student, shop.free, at=now - timedelta(days=8), days=7, paid="0"
    )
    active = await seed_purchase(container, cast.student, shop.lecture, at=now - timedelta(days=1))
    await seed_purchase(container, cast.classmate, shop.lecture)
    assert ((r := await client.get(MY)).status_code, r.json()) == (401, ANONYMOUS)
    for headers in (people.teacher, people.owner):
        assert ((r := await client.get(MY, headers=headers)).status_code, r.json()) == (403, FORBIDDEN)
    body = (await client.get(MY, headers=people.student)).json()
    assert (body["count"], body["next"], body["previous"]) == (2, None, None)
    for row in body["results"]:
        check_shape(row)
    assert [(r["id"], r["is_expired"], r["amount_paid"]) for r in body["results"]] == [
        (active, False, "80.00"),
        (expired, True, "0.00"),
    ]
    filtered = (await client.get(MY, headers=people.student, params={"is_expired": "true"})).json()
    assert [r["id"] for r in filtered["results"]] == [expired]
    filtered = (await client.get(MY, headers=people.student, params={"lecture": shop.lecture})).json()
    assert [r["id"] for r in filtered["results"]] == [active]
    page = (await client.get(MY, headers=people.student, params={"page_size": 1})).json()
    assert page["count"] == 2 and page["next"] is not None and len(page["results"]) == 1
    r = await client.get(MY, headers=people.student, params={"is_expired": "maybe"})
    assert r.status_code == 400


async def test_staff_list_scope_and_filters(
    client: httpx.AsyncClient, container: Container, people: People
) -> None:
    shop, cast = people.shop, people.shop.cast
    now = container.clock.now()
    mine = await seed_purchase(container, cast.student, shop.lecture, at=now - timedelta(days=40))
    mate = await seed_purchase(container, cast.classmate, shop.free, at=now - timedelta(days=1), paid="0")
    theirs = await seed_purchase(container, cast.student, shop.other_lecture, at=now - timedelta(days=2))

    async def ids(headers: dict[str, str], **params: object) -> list[int]:
        response = await client.get(STAFF_LIST, headers=headers, params=params)
        assert response.status_code == 200, response.text
        for row in response.json()["results"]:
            check_shape(row)
        return [row["id"] for row in response.json()["results"]]

    assert ((r := await client.get(STAFF_LIST)).status_code, r.json()) == (401, ANONYMOUS)
    r = await client.get(STAFF_LIST, headers=people.student)
    assert (r.status_code, r.json()) == (403, FORBIDDEN)
    assert await ids(people.teacher) == [mate, mine]
    assert await ids(people.assistant) == [mate, mine]
    assert await ids(people.other) == [theirs]
    assert await ids(people.owner) == [mate, theirs, mine]
    assert await ids(people.owner, student="ST00000001") == [theirs, mine]
    assert await ids(people.owner, student=str(student_id(cast.classmate))) == [mate]
    assert await ids(people.teacher, lecture=shop.lecture) == [mine]
    assert await ids(people.owner, course=cast.other_course) == [theirs]
    assert await ids(people.teacher, course=cast.other_course) == []
    assert await ids(people.teacher, is_expired="true") == [mine]
    assert await ids(people.owner, is_expired="false") == [mate, theirs]


async def test_lists_take_a_constant_number_of_statements(
    client: httpx.AsyncClient,
    container: Container,
    people: People,
    count_queries: Callable[[], AbstractContextManager[StatementCounter]],
) -> None:
    shop, cast = people.shop, people.shop.cast
    first = await seed_purchase(container, cast.student, shop.lecture)
    async with container.uow() as uow:
        await uow.purchases.add_reopen(
            first, ReopenLog(1, container.clock.now(), cast.teacher.actor.user_id, "a")
        )
        await uow.commit()
    with count_queries() as one_mine:
        assert (await client.get(MY, headers=people.student)).json()["count"] == 1
    with count_queries() as one_staff:
        assert (await client.get(STAFF_LIST, headers=people.teacher)).json()["count"] == 1
    for n in range(12):
        lecture = await add_lecture(container, cast.teacher.actor, shop.topic, f"Extra {n}")
        purchase = await seed_purchase(container, cast.student, lecture)
        async with container.uow() as uow:
            for _ in range(2):
                await uow.purchases.add_reopen(purchase, ReopenLog(1, container.clock.now(), None, ""))
            await uow.commit()
    with count_queries() as many_mine:
        assert (await client.get(MY, headers=people.student)).json()["count"] == 13
    with count_queries() as many_staff:
        assert (await client.get(STAFF_LIST, headers=people.teacher)).json()["count"] == 13
    assert one_mine.count == many_mine.count
    assert one_staff.count == many_staff.count


SOLD_LECTURE = {
    "detail": "Cannot delete: students have bought this lecture. Hide it instead (is_visible false)."
}
SOLD_TOPIC = {
    "detail": "Cannot delete: students have bought lectures of this topic. Deactivate it instead (is_active"
    " false)."
}


async def test_a_bought_lecture_and_its_topic_cannot_be_deleted(
    client: httpx.AsyncClient, container: Container, people: People
) -> None:
    """Found by schemathesis: the purchase's foreign key refused the delete with a 500. The purchase (and the
    money behind it) keeps referring to the lecture, so the teacher is told to hide it instead."""
    shop = people.shop
    purchase = await seed_purchase(container, shop.cast.student, shop.lecture)
    r = await client.delete(f"/courses/lectures/{shop.lecture}/", headers=people.teacher)
    assert (r.status_code, r.json()) == (400, SOLD_LECTURE)
    r = await client.delete(f"/courses/topics/{shop.topic}/", headers=people.teacher)
    assert (r.status_code, r.json()) == (400, SOLD_TOPIC)
    assert (await client.get(f"/courses/lectures/{shop.lecture}/", headers=people.teacher)).status_code == 200
    mine = (await client.get(MY, headers=people.student)).json()["results"]
    assert [row["id"] for row in mine] == [purchase]
    # a lecture nobody bought still goes
    r = await client.delete(f"/courses/lectures/{shop.hidden}/", headers=people.teacher)
    assert r.status_code == 204, r.text


async def test_a_delete_racing_past_the_check_is_still_refused_by_the_foreign_key(
    container: Container, people: People
) -> None:
    """Behind DeleteLecture's check, the purchases' foreign key refuses too: a domain error, never a 500
    (PostgreSQL names the key, so the teacher gets the same message; SQLite serialises writers, so there
    the check always decides, and the bare key is a 409 conflict)."""
    shop = people.shop
    await seed_purchase(container, shop.cast.student, shop.lecture)
    with pytest.raises(DomainError) as caught:
        async with container.uow() as uow:
            await uow.lectures.delete(shop.lecture)
    if container.settings.database_url.startswith("postgresql"):
        assert (status_of(caught.value), caught.value.body()) == (400, SOLD_LECTURE)
    else:
        assert status_of(caught.value) == 409
