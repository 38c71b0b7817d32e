"""Revenue analytics over HTTP (SiteOwner §6): who may call, errors, shapes and statement counts."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.entities.enrollments import EnrollmentStatus
from tests.support.catalog import add_lecture, add_topic
from tests.support.clock import at
from tests.support.enrollments import insert_enrollment
from tests.support.http import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, HeadersFor
from tests.support.people import PASSWORD, add_numbered_student
from tests.support.revenue import RevenueWorld, add_purchases, make_place, seed_revenue

pytestmark = pytest.mark.anyio

MONEY = re.compile(r"^\d+\.\d\d$")
COURSE_REPORT_BUDGET = 3  # statements of the course report (issue 16), the request's authentication included


def paths(w: RevenueWorld) -> list[str]:
    return [
        "/payments/revenue/summary/",
        f"/payments/revenue/course/{w.course_a1}/",
        f"/payments/revenue/lecture/{w.lecture_1}/",
        "/payments/revenue/students/",
        "/payments/revenue/trends/",
    ]


async def grow(container: Container, w: RevenueWorld, first: int) -> None:
    """More of everything: a topic with three lectures, five approved students, 25 purchases."""
    topic = await add_topic(container, w.base, w.course_a1, name=f"Extra {first}")
    lectures = [await add_lecture(container, w.base, topic, price="10") for _ in range(3)]
    place = await make_place(container, w.base, f"Giza {first}")
    rows = []
    for n in range(first, first + 5):
        student = await add_numbered_student(container, n, place)
        await insert_enrollment(
            container, student.id, w.course_a1, EnrollmentStatus.APPROVED, at("2026-03-01 08:00")
        )
        for k, lecture in enumerate([*lectures, w.lecture_2, w.lecture_5]):
            rows.append((student.id, lecture, "10.00", at(f"2026-03-{10 + k:02d} 12:00"), True))
    await add_purchases(container, rows)


async def test_only_the_site_owner_may_read_revenue(
    client: httpx.AsyncClient, container: Container, headers_for: HeadersFor
) -> None:
    w = await seed_revenue(container)
    b = w.base
    callers = {
        name: await headers_for(getattr(b, name).username, PASSWORD)
        for name in ("teacher", "assistant", "other")
    }
    callers["student"] = await headers_for(w.students[0].username, PASSWORD)
    for path in paths(w):
        response = await client.get(path)
        assert (response.status_code, response.json()) == (401, UNAUTHENTICATED), path
        for name, headers in callers.items():
            response = await client.get(path, headers=headers)
            assert (response.status_code, response.json()) == (403, FORBIDDEN), (path, name)
        owner = await headers_for(b.owner.username, PASSWORD)
        assert (await client.get(path, headers=owner)).status_code == 200, path
        assert (await client.get(path.rstrip("/"), headers=owner)).status_code == 200, path


async def test_unknown_course_and_lecture_are_not_found(
    client: httpx.AsyncClient, container: Container, headers_for: HeadersFor
) -> None:
    w = await seed_revenue(container)
    owner = await headers_for(w.base.owner.username, PASSWORD)
    for kind in ("course", "lecture"):
        for missing in (999_999, 2**31, 2**40):
            response = await client.get(f"/payments/revenue/{kind}/{missing}/", headers=owner)
            assert (response.status_code, response.json()) == (404, NOT_FOUND), (kind, missing)
    response = await client.get("/payments/revenue/students/?course=abc", headers=owner)
    assert (response.status_code, response.json()) == (400, {"course": ["A valid integer is required."]})


@pytest.mark.parametrize(
    ("query", "body"),
    [
        (
            "start_date=2026-13-01",
            {"start_date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        (
            "start_date=10/03/2026&end_date=2026-02-30",
            {
                "start_date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
                "end_date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
            },
        ),
        ("end_date=0001-01-01", {"end_date": ["Ensure the date is between 1900-01-01 and 9998-12-31."]}),
        (
            "start_date=2026-03-14&end_date=2026-03-13",
            {"non_field_errors": ["start_date must be on or before end_date."]},
        ),
        (
            "start_date=2025-01-01&end_date=2026-01-02",
            {"non_field_errors": ["The date range cannot be longer than 366 days."]},
        ),
    ],
)
async def test_trend_errors(
    client: httpx.AsyncClient, owner_headers: dict[str, str], query: str, body: dict[str, Any]
) -> None:
    response = await client.get(f"/payments/revenue/trends/?{query}", headers=owner_headers)
    assert (response.status_code, response.json()) == (400, body)


async def test_trend_defaults_to_the_30_days_ending_today_in_cairo(
    client: httpx.AsyncClient, owner_headers: dict[str, str]
) -> None:
    today = datetime.now(ZoneInfo("Africa/Cairo")).date()
    response = await client.get("/payments/revenue/trends/", headers=owner_headers)
    body = response.json()
    if body["end_date"] != today.isoformat():  # the test straddled Cairo midnight
        today = date.fromisoformat(body["end_date"])
    first = today - timedelta(days=29)
    assert body == {
        "start_date": first.isoformat(),
        "end_date": today.isoformat(),
        "total_revenue": "0.00",
        "total_purchases": 0,
        "daily_trends": [
            {"date": (first + timedelta(days=n)).isoformat(), "revenue": "0.00", "purchase_count": 0}
            for n in range(30)
        ],
    }
    only_end = await client.get("/payments/revenue/trends/?end_date=2026-03-31", headers=owner_headers)
    assert (only_end.json()["start_date"], len(only_end.json()["daily_trends"])) == ("2026-03-02", 30)
    year = await client.get(
        "/payments/revenue/trends/?start_date=2024-01-01&end_date=2024-12-31", headers=owner_headers
    )
    assert (year.status_code, len(year.json()["daily_trends"])) == (200, 366)


async def test_shapes_use_money_strings_and_iso_datetimes(
    client: httpx.AsyncClient, container: Container, headers_for: HeadersFor
) -> None:
    w = await seed_revenue(container)
    owner = await headers_for(w.base.owner.username, PASSWORD)
    lecture = (await client.get(f"/payments/revenue/lecture/{w.lecture_1}/", headers=owner)).json()
    assert isinstance(lecture["average_days_to_purchase"], float)
    for key in ("price", "final_price", "total_revenue"):
        assert MONEY.match(lecture[key]), key
    for row in lecture["purchase_timeline"]:
        assert MONEY.match(row["amount_paid"])
        assert datetime.fromisoformat(row["purchased_at"]).tzinfo is not None
    students = (await client.get("/payments/revenue/students/", headers=owner)).json()
    assert isinstance(students, list) and all(MONEY.match(s["total_spent"]) for s in students)


async def test_statement_counts_do_not_grow_with_the_data(
    client: httpx.AsyncClient,
    container: Container,
    headers_for: HeadersFor,
    count_queries: Callable[[], Any],
) -> None:
    w = await seed_revenue(container)
    owner = await headers_for(w.base.owner.username, PASSWORD)
    urls = [
        *paths(w),
        f"/payments/revenue/students/?course={w.course_a1}",
        "/payments/revenue/trends/?start_date=2026-01-01&end_date=2026-12-31",
    ]

    async def counts() -> list[int]:
        result = []
        for url in urls:
            with count_queries() as counter:
                assert (await client.get(url, headers=owner)).status_code == 200, url
            result.append(counter.count)
        return result

    before = await counts()
    await grow(container, w, 10)
    after = await counts()
    assert after == before
    auth = before[4] - 1  # a trend is one statement; the rest is the request's authentication
    assert [n - auth for n in before] == [2, 2, 2, 1, 1, 1, 1], before
    assert before[1] <= COURSE_REPORT_BUDGET, before  # the principal's read included
