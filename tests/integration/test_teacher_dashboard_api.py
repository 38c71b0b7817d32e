"""The teacher dashboard over HTTP (Teacher §13): who may call, scope, the latest-10 lists and statement
counts. The exact figures are asserted in test_revenue_fixture.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.entities.enrollments import EnrollmentStatus
from tests.support.clock import at
from tests.support.enrollments import insert_enrollment
from tests.support.http import FORBIDDEN, UNAUTHENTICATED, HeadersFor
from tests.support.people import PASSWORD, add_numbered_student
from tests.support.revenue import RevenueWorld, add_purchases, make_place, seed_revenue

pytestmark = pytest.mark.anyio

PATH = "/courses/dashboard/teacher/"


async def crowd(container: Container, w: RevenueWorld, students: int = 12) -> None:
    """``students`` more students, each approved in A1 (one a minute after 2026-04-01 09:00) and buying the
    Friction lecture (one a minute after 2026-04-02 09:00)."""
    place = await make_place(container, w.base, "Alexandria")
    start = at("2026-04-01 09:00")
    rows = []
    for n in range(students):
        student = await add_numbered_student(container, 100 + n, place)
        await insert_enrollment(
            container, student.id, w.course_a1, EnrollmentStatus.APPROVED, start + timedelta(minutes=n)
        )
        rows.append((student.id, w.lecture_2, "50.00", start + timedelta(days=1, minutes=n), True))
    await add_purchases(container, rows)


async def test_only_teachers_and_assistants(
    client: httpx.AsyncClient, container: Container, headers_for: HeadersFor
) -> None:
    w = await seed_revenue(container)
    response = await client.get(PATH)
    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)
    for username in (w.base.owner.username, w.students[0].username, w.base.student.username):
        response = await client.get(PATH, headers=await headers_for(username, PASSWORD))
        assert (response.status_code, response.json()) == (403, FORBIDDEN), username
    for member in (w.base.teacher, w.base.assistant, w.base.other):
        response = await client.get(PATH.rstrip("/"), headers=await headers_for(member.username, PASSWORD))
        assert response.status_code == 200, member.username


async def test_scoped_to_the_callers_teacher(
    client: httpx.AsyncClient, container: Container, headers_for: HeadersFor
) -> None:
    w = await seed_revenue(container)
    mona = (await client.get(PATH, headers=await headers_for(w.base.other.username, PASSWORD))).json()
    assert [c["id"] for c in mona["course_breakdown"]] == [w.course_b1]
    assert {p["lecture_name"] for p in mona["recent_purchases"]} == {"Lenses"}
    assert {e["course_name"] for e in mona["recent_enrollments"]} == {"Other Physics"}
    ahmed = (await client.get(PATH, headers=await headers_for(w.base.teacher.username, PASSWORD))).json()
    helper = (await client.get(PATH, headers=await headers_for(w.base.assistant.username, PASSWORD))).json()
    assert ahmed == helper
    assert "Lenses" not in {p["lecture_name"] for p in ahmed["recent_purchases"]}


async def test_recent_lists_hold_the_latest_ten_newest_first(
    client: httpx.AsyncClient, container: Container, headers_for: HeadersFor
) -> None:
    w = await seed_revenue(container)
    await crowd(container, w)
    body = (await client.get(PATH, headers=await headers_for(w.base.teacher.username, PASSWORD))).json()
    names = [f"Student {100 + n}" for n in range(11, 1, -1)]
    assert [e["student_name"] for e in body["recent_enrollments"]] == names
    assert [p["student_name"] for p in body["recent_purchases"]] == names
    assert body["recent_purchases"][0] == {
        "id": body["recent_purchases"][0]["id"],
        "student_name": "Student 111",
        "lecture_name": "Friction",
        "amount_paid": "50.00",
        "purchased_at": "2026-04-02T09:11:00Z",
    }
    assert body["recent_enrollments"][0]["status"] == "approved"
    assert (body["total_students"], body["total_revenue"]) == (14, "890.00")  # 2 + 12; 290 + 12 × 50
    assert body["course_breakdown"][0] == {
        "id": w.course_a1,
        "name": "Physics 1",
        "student_count": 14,
        "purchase_count": 17,
        "revenue": "890.00",
    }


async def test_statement_count_does_not_grow_with_the_data(
    client: httpx.AsyncClient,
    container: Container,
    headers_for: HeadersFor,
    count_queries: Callable[[], Any],
) -> None:
    w = await seed_revenue(container)
    teacher = await headers_for(w.base.teacher.username, PASSWORD)
    with count_queries() as small:
        assert (await client.get(PATH, headers=teacher)).status_code == 200
    await crowd(container, w, 30)
    with count_queries() as large:
        assert (await client.get(PATH, headers=teacher)).status_code == 200
    assert small.count == large.count
    owner = await headers_for(w.base.owner.username, PASSWORD)
    with count_queries() as one_statement:
        assert (await client.get("/payments/revenue/trends/", headers=owner)).status_code == 200
    auth = one_statement.count - 1  # a trend is one statement; the rest is the request's authentication
    assert large.count - auth == 4  # totals, recent enrollments, recent purchases, course breakdown
