"""Balances and the ledger over HTTP: ``/payments/balance/add/``, ``/payments/balance/students/``,
``/payments/balance/my/``, ``/payments/transactions/my/`` — exact bodies, scope, permissions, query counts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.entities.wallets import LedgerKind
from tests.support.http import FORBIDDEN, UNAUTHENTICATED, HeadersFor
from tests.support.money import Api, approve_ids, make_api
from tests.support.people import add_pupil

pytestmark = pytest.mark.anyio


@pytest.fixture
async def api(container: Container, headers_for: HeadersFor) -> Api:
    return await make_api(container, headers_for)


def is_iso(value: object) -> bool:
    return isinstance(value, str) and datetime.fromisoformat(value).tzinfo is not None


# --- POST /payments/balance/add/ ---------------------------------------------------------------------


async def test_a_teacher_adds_balance(client: httpx.AsyncClient, api: Api) -> None:
    body = {
        "student_id": api.money.student.id,
        "course_id": api.money.course,
        "amount": "75.50",
        "reason": "cash",
    }
    response = await client.post("/payments/balance/add/", json=body, headers=api.teacher)
    assert response.status_code == 200, response.text
    first = response.json()
    assert first == {
        "detail": "Balance added successfully",
        "student": "Pupil 1",
        "student_code": "P00000001",
        "course": "Algebra",
        "amount_added": "75.50",
        "new_balance": "75.50",
        "transaction_id": first["transaction_id"],
    }
    assert isinstance(first["transaction_id"], int)
    body = {"student_id": "p00000001", "course_id": api.money.course, "amount": 24.5}
    response = await client.post("/payments/balance/add", json=body, headers=api.assistant)
    assert response.status_code == 200, response.text
    assert (response.json()["amount_added"], response.json()["new_balance"]) == ("24.50", "100.00")

    statement = await client.get("/payments/transactions/my/", headers=api.student)
    assert statement.status_code == 200
    page = statement.json()
    assert (page["count"], page["next"], page["previous"]) == (2, None, None)
    newest, oldest = page["results"]
    assert oldest == {
        "id": first["transaction_id"],
        "kind": "manual_add",
        "amount": "75.50",
        "balance_after": "75.50",
        "course": api.money.course,
        "course_name": "Algebra",
        "reason": "cash",
        "actor_name": "Ahmed Hassan",
        "created_at": oldest["created_at"],
    }
    assert is_iso(oldest["created_at"])
    assert (newest["actor_name"], newest["reason"], newest["balance_after"]) == (
        "Helper Sami",
        None,
        "100.00",
    )

    mine = await client.get("/payments/balance/my/", headers=api.student)
    assert mine.status_code == 200
    assert mine.json() == [{"course_id": api.money.course, "course_name": "Algebra", "balance": "100.00"}]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "Ensure this value is greater than or equal to 0.01."),
        (0, "Ensure this value is greater than or equal to 0.01."),
        ("0.009", "Ensure that there are no more than 2 decimal places."),
        ("ten", "A valid number is required."),
    ],
)
async def test_the_amount_is_checked(
    client: httpx.AsyncClient, api: Api, amount: object, message: str
) -> None:
    body = {"student_id": api.money.student.id, "course_id": api.money.course, "amount": amount}
    response = await client.post("/payments/balance/add/", json=body, headers=api.teacher)
    assert (response.status_code, response.json()) == (400, {"amount": [message]})


async def test_add_balance_errors_and_permissions(
    client: httpx.AsyncClient, api: Api, container: Container
) -> None:
    pending = await add_pupil(container, 2)
    await approve_ids(container, pending.id, api.money.course, EnrollmentStatus.PENDING)
    sid, course = api.money.student.id, api.money.course
    cases = [
        (api.teacher, {"student_id": 9999, "course_id": course}, 404, {"error": "Student not found"}),
        (api.teacher, {"student_id": "S99999999", "course_id": course}, 404, {"error": "Student not found"}),
        (api.teacher, {"student_id": sid, "course_id": 9999}, 404, {"error": "Course not found"}),
        (
            api.teacher,
            {"student_id": sid, "course_id": api.money.other_course},
            403,
            {"error": "You can only add balance for your own courses"},
        ),
        (
            api.other_teacher,
            {"student_id": sid, "course_id": course},
            403,
            {"error": "You can only add balance for your own courses"},
        ),
        (
            api.teacher,
            {"student_id": pending.id, "course_id": course},
            403,
            {"error": "Student is not enrolled in this course"},
        ),
        (api.student, {"student_id": sid, "course_id": course}, 403, FORBIDDEN),
        (api.owner, {"student_id": sid, "course_id": course}, 403, FORBIDDEN),
        ({}, {"student_id": sid, "course_id": course}, 401, UNAUTHENTICATED),
    ]
    for headers, body, status, answer in cases:
        response = await client.post("/payments/balance/add/", json={**body, "amount": "5"}, headers=headers)
        assert (response.status_code, response.json()) == (status, answer), body
    response = await client.post(
        "/payments/balance/add/", json={"course_id": course, "amount": "5"}, headers=api.teacher
    )
    assert response.status_code == 400 and "student_id" in response.json()
    response = await client.post(
        "/payments/balance/add/",
        json={"student_id": sid, "course_id": "x", "amount": "5"},
        headers=api.teacher,
    )
    assert response.status_code == 400 and "course_id" in response.json()
    mine = await client.get("/payments/balance/my/", headers=api.student)
    assert mine.json() == [{"course_id": course, "course_name": "Algebra", "balance": "0.00"}]
    assert (await client.get("/payments/transactions/my/", headers=api.student)).json()["count"] == 0


async def test_a_bad_balance_body_names_every_field_and_writes_nothing(
    client: httpx.AsyncClient, api: Api
) -> None:
    url = "/payments/balance/add/"
    required = ["This field is required."]
    empty = await client.post(url, json={}, headers=api.teacher)
    assert (empty.status_code, empty.json()) == (
        400,
        {"student_id": required, "course_id": required, "amount": required},
    )
    sid, course = api.money.student.id, api.money.course
    wrong_types = {"student_id": sid, "course_id": "x", "amount": "5", "reason": 5}
    response = await client.post(url, json=wrong_types, headers=api.teacher)
    assert (response.status_code, response.json()) == (
        400,
        {"course_id": ["A valid integer is required."], "reason": ["Not a valid string."]},
    )
    wrong_values = {"student_id": sid, "course_id": course, "amount": "0", "reason": "x" * 1001}
    response = await client.post(url, json=wrong_values, headers=api.teacher)
    assert (response.status_code, response.json()) == (
        400,
        {
            "amount": ["Ensure this value is greater than or equal to 0.01."],
            "reason": ["Ensure this field has no more than 1000 characters."],
        },
    )
    missing_and_wrong = await client.post(url, json={"course_id": 0, "amount": 5}, headers=api.teacher)
    assert (missing_and_wrong.status_code, missing_and_wrong.json()) == (
        400,
        {"student_id": required, "course_id": ["Ensure this value is greater than or equal to 1."]},
    )
    assert (await client.get("/payments/transactions/my/", headers=api.student)).json()["count"] == 0
    mine = await client.get("/payments/balance/my/", headers=api.student)
    assert mine.json() == [{"course_id": course, "course_name": "Algebra", "balance": "0.00"}]


# --- GET /payments/balance/students/ -----------------------------------------------------------------


async def test_student_balances_for_staff(client: httpx.AsyncClient, api: Api, container: Container) -> None:
    second = await add_pupil(container, 2)
    await approve_ids(container, second.id, api.money.course, minutes=5)
    rejected = await add_pupil(container, 3)
    await approve_ids(container, rejected.id, api.money.course, EnrollmentStatus.REJECTED)
    await approve_ids(container, api.money.student.id, api.money.other_course)
    body = {"student_id": api.money.student.id, "course_id": api.money.course, "amount": "40"}
    assert (await client.post("/payments/balance/add/", json=body, headers=api.teacher)).status_code == 200

    expected = [
        {
            "student_id": api.money.student.id,
            "student_name": "Pupil 1",
            "student_code": "P00000001",
            "course_id": api.money.course,
            "course_name": "Algebra",
            "balance": "40.00",
            "enrolled_at": "2026-04-29T08:00:00Z",
        },
        {
            "student_id": second.id,
            "student_name": "Pupil 2",
            "student_code": "P00000002",
            "course_id": api.money.course,
            "course_name": "Algebra",
            "balance": "0.00",
            "enrolled_at": "2026-04-29T08:05:00Z",
        },
    ]
    for headers in (api.teacher, api.assistant):
        response = await client.get("/payments/balance/students/", headers=headers)
        assert (response.status_code, response.json()) == (200, expected)
    filtered = await client.get(f"/payments/balance/students/?student={second.id}", headers=api.teacher)
    assert filtered.json() == expected[1:]
    filtered = await client.get("/payments/balance/students/?student=P00000001", headers=api.teacher)
    assert filtered.json() == expected[:1]
    filtered = await client.get(f"/payments/balance/students/?course={api.money.course}", headers=api.teacher)
    assert filtered.json() == expected
    scoped = await client.get(
        f"/payments/balance/students/?course={api.money.other_course}", headers=api.teacher
    )
    assert scoped.json() == []
    others = await client.get("/payments/balance/students/", headers=api.other_teacher)
    assert [(r["student_id"], r["course_name"], r["balance"]) for r in others.json()] == [
        (api.money.student.id, "Geometry", "0.00")
    ]
    bad = await client.get("/payments/balance/students/?course=abc", headers=api.teacher)
    assert (bad.status_code, bad.json()) == (400, {"course": ["A valid integer is required."]})
    for headers, status, answer in (
        (api.student, 403, FORBIDDEN),
        (api.owner, 403, FORBIDDEN),
        ({}, 401, UNAUTHENTICATED),
    ):
        response = await client.get("/payments/balance/students/", headers=headers)
        assert (response.status_code, response.json()) == (status, answer)


async def test_student_views_are_for_students(client: httpx.AsyncClient, api: Api) -> None:
    for path in ("/payments/balance/my/", "/payments/transactions/my/"):
        for headers, status, answer in (
            (api.teacher, 403, FORBIDDEN),
            (api.owner, 403, FORBIDDEN),
            ({}, 401, UNAUTHENTICATED),
        ):
            response = await client.get(path, headers=headers)
            assert (response.status_code, response.json()) == (status, answer), path


async def test_lists_take_a_fixed_number_of_statements(
    client: httpx.AsyncClient, api: Api, container: Container, count_queries
) -> None:
    async def measure() -> list[int]:
        counts = []
        for path, headers in (
            ("/payments/balance/students/", api.teacher),
            ("/payments/balance/my/", api.student),
            ("/payments/transactions/my/", api.student),
        ):
            with count_queries() as counter:
                response = await client.get(path, headers=headers)
            assert response.status_code == 200
            counts.append(counter.count)
        return counts

    add = {"student_id": api.money.student.id, "course_id": api.money.course, "amount": "1"}
    assert (await client.post("/payments/balance/add/", json=add, headers=api.teacher)).status_code == 200
    small = await measure()
    await approve_ids(container, api.money.student.id, api.money.other_course)
    for n in range(2, 12):
        student = await add_pupil(container, n)
        await approve_ids(container, student.id, api.money.course)
        assert (await client.post("/payments/balance/add/", json=add, headers=api.teacher)).status_code == 200
    assert await measure() == small


async def test_transactions_are_paginated(client: httpx.AsyncClient, api: Api, container: Container) -> None:
    add = {"student_id": api.money.student.id, "course_id": api.money.course}
    for n in range(1, 4):
        response = await client.post(
            "/payments/balance/add/", json={**add, "amount": str(n)}, headers=api.teacher
        )
        assert response.status_code == 200
    page = (await client.get("/payments/transactions/my/?page_size=2", headers=api.student)).json()
    assert page["count"] == 3 and page["previous"] is None and page["next"].endswith("page_size=2&page=2")
    assert [r["amount"] for r in page["results"]] == ["3.00", "2.00"]
    last = (await client.get("/payments/transactions/my/?page_size=2&page=2", headers=api.student)).json()
    assert [r["balance_after"] for r in last["results"]] == ["1.00"]
    everything = (await client.get("/payments/transactions/my/?all=true", headers=api.student)).json()
    assert everything.keys() == {"count", "results"} and len(everything["results"]) == 3
    async with container.uow() as uow:  # a purchase debits the wallet
        wallet = await uow.wallets.get_for_update(api.money.student.id, api.money.course)
        assert wallet is not None
        entry = wallet.debit(
            LedgerKind.PURCHASE, Decimal("5.25"), container.clock.now(), reference="purchase:1"
        )
        await uow.wallets.record(wallet, entry)
        await uow.commit()
    newest = (await client.get("/payments/transactions/my/", headers=api.student)).json()["results"][0]
    assert (newest["kind"], newest["amount"], newest["balance_after"], newest["actor_name"]) == (
        "purchase",
        "-5.25",
        "0.75",
        None,
    )
