"""Lecture purchases over HTTP (Teacher §7, API_SUPPLEMENT §5/§6) on SQLite and PostgreSQL: the bodies
field by field, errors, permissions, expiry and buying again, reopening (the lists:
test_purchase_lists_api)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import select

from edutrack.adapters.sql.tables.purchases import PurchaseModel
from edutrack.composition import Container
from tests.support.http import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, HeadersFor
from tests.support.money import fund, seed_purchase
from tests.support.people import student_id
from tests.support.purchase_api import (
    ACTIVE,
    INSUFFICIENT,
    MY,
    NOT_ENROLLED,
    NOT_YOURS,
    People,
    build_people,
    buy_url,
    check_shape,
    reopen_url,
    wallet_and_ledger,
    when,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
async def people(container: Container, headers_for: HeadersFor) -> People:
    return await build_people(container, headers_for)


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
    assert ((r := await post(buy_url(shop.lecture))).status_code, r.json()) == (401, UNAUTHENTICATED)
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
    assert ((r := await client.patch(url, json=ok)).status_code, r.json()) == (401, UNAUTHENTICATED)
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
