"""Every revenue figure against the hand-computed fixture of tests/support/revenue.py (see ``seed_revenue``):
through HTTP on SQLite and PostgreSQL, and through the use cases on the memory fakes and both databases."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import msgspec
import pytest

from edutrack.composition import Container
from edutrack.core.use_cases.revenue.dashboard import ComputeTeacherDashboard
from edutrack.core.use_cases.revenue.reports import (
    ComputeCourseRevenue,
    ComputeLectureRevenue,
    ComputeRevenueSummary,
    ComputeStudentRevenue,
)
from edutrack.core.use_cases.revenue.trend import ComputeRevenueTrend
from edutrack.entrypoints.http.schemas.revenue import (
    course_revenue_out,
    lecture_revenue_out,
    student_revenue_out,
    summary_out,
    teacher_dashboard_out,
    trend_out,
)
from tests.support.catalog import add_lecture, add_topic
from tests.support.clock import at
from tests.support.http import HeadersFor
from tests.support.people import PASSWORD
from tests.support.revenue import add_purchases, seed_revenue
from tests.support.revenue_figures import (
    expected_course_a1,
    expected_dashboard_ahmed,
    expected_dashboard_mona,
    expected_lecture_1,
    expected_students,
    expected_students_a1,
    expected_summary,
    expected_trend,
    student_row,
)

pytestmark = pytest.mark.anyio


def _json(value: object) -> Any:
    return msgspec.json.decode(msgspec.json.encode(value))


async def test_every_endpoint_gives_the_hand_computed_figures(
    client: httpx.AsyncClient, container: Container, headers_for: HeadersFor
) -> None:
    w = await seed_revenue(container)
    owner = await headers_for(w.base.owner.username, PASSWORD)

    async def get(path: str, headers: dict[str, str] = owner) -> Any:
        response = await client.get(path, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    assert await get("/payments/revenue/summary/") == expected_summary(w)
    assert await get(f"/payments/revenue/course/{w.course_a1}/") == expected_course_a1(w)
    assert await get(f"/payments/revenue/lecture/{w.lecture_1}/") == {
        **expected_lecture_1(),
        "lecture_id": w.lecture_1,
    }
    assert await get("/payments/revenue/students/") == expected_students(w)
    assert await get(f"/payments/revenue/students/?course={w.course_a1}") == expected_students_a1(w)
    trend = await get("/payments/revenue/trends/?start_date=2026-03-10&end_date=2026-03-13")
    assert trend == expected_trend()
    teacher = await headers_for(w.base.teacher.username, PASSWORD)
    assistant = await headers_for(w.base.assistant.username, PASSWORD)
    other = await headers_for(w.base.other.username, PASSWORD)
    assert await get("/courses/dashboard/teacher/", teacher) == expected_dashboard_ahmed(w)
    assert await get("/courses/dashboard/teacher/", assistant) == expected_dashboard_ahmed(w)
    assert await get("/courses/dashboard/teacher/", other) == expected_dashboard_mona(w)


async def test_unsold_and_empty_reports(
    client: httpx.AsyncClient, container: Container, headers_for: HeadersFor
):
    w = await seed_revenue(container)
    owner = await headers_for(w.base.owner.username, PASSWORD)
    sound = (await client.get(f"/payments/revenue/lecture/{w.lecture_4}/", headers=owner)).json()
    assert sound == {
        "lecture_id": w.lecture_4,
        "lecture_name": "Sound",
        "course_name": "Physics 1",
        "price": "60.00",
        "final_price": "60.00",
        "total_revenue": "0.00",
        "buyer_count": 0,
        "purchase_count": 0,
        "average_days_to_purchase": 0.0,
        "purchase_timeline": [],
    }
    a2 = (await client.get(f"/payments/revenue/course/{w.course_a2}/", headers=owner)).json()
    assert a2 == {
        "course_id": w.course_a2,
        "course_name": "Physics 2",
        "total_revenue": "0.00",
        "total_purchases": 0,
        "topics": [],
        "lectures": [],
        "student_spending": [],
    }
    empty = await add_topic(container, w.base, w.course_a2, name="Empty", order=2)
    unsold = await add_topic(container, w.base, w.course_a2, name="Unsold", order=1)
    lecture = await add_lecture(container, w.base, unsold, name="Quiet", price="10")
    a2 = (await client.get(f"/payments/revenue/course/{w.course_a2}/", headers=owner)).json()
    assert (a2["total_revenue"], a2["total_purchases"]) == ("0.00", 0)
    assert [tuple(topic.values()) for topic in a2["topics"]] == [
        (unsold, "Unsold", 1, 0, "0.00"),  # topic_id, topic_name, lecture_count, purchase_count, revenue
        (empty, "Empty", 0, 0, "0.00"),
    ]
    assert [(row["lecture_id"], row["topic_id"], row["revenue"]) for row in a2["lectures"]] == [
        (lecture, unsold, "0.00")
    ]
    for course in (w.course_a2, 999_999):
        response = await client.get(f"/payments/revenue/students/?course={course}", headers=owner)
        assert (response.status_code, response.json()) == (200, [])
    b1 = await client.get(f"/payments/revenue/students/?course={w.course_b1}", headers=owner)
    assert b1.json() == [student_row(w, 3, 1, "40.00", 1, "2026-03-11T12:00:00Z")]


async def test_the_same_figures_on_every_backend(contract_container: Container) -> None:
    """The memory fakes, SQLite and PostgreSQL agree with the hand-computed figures (use-case level)."""
    c = contract_container
    w = await seed_revenue(c)
    owner = w.base.owner.actor
    assert _json(summary_out(await c.get(ComputeRevenueSummary).execute(owner))) == expected_summary(w)
    assert _json(
        course_revenue_out(await c.get(ComputeCourseRevenue).execute(owner, w.course_a1))
    ) == expected_course_a1(w)
    lecture = _json(lecture_revenue_out(await c.get(ComputeLectureRevenue).execute(owner, w.lecture_1)))
    assert lecture == {**expected_lecture_1(), "lecture_id": w.lecture_1}
    rows = await c.get(ComputeStudentRevenue).execute(owner)
    assert [_json(student_revenue_out(r)) for r in rows] == expected_students(w)
    rows = await c.get(ComputeStudentRevenue).execute(owner, w.course_a1)
    assert [_json(student_revenue_out(r)) for r in rows] == expected_students_a1(w)
    trend = await c.get(ComputeRevenueTrend).execute(owner, date(2026, 3, 10), date(2026, 3, 13))
    assert _json(trend_out(trend)) == expected_trend()
    dashboard = await c.get(ComputeTeacherDashboard).execute(w.base.teacher.actor)
    assert _json(teacher_dashboard_out(dashboard)) == expected_dashboard_ahmed(w)
    dashboard = await c.get(ComputeTeacherDashboard).execute(w.base.other.actor)
    assert _json(teacher_dashboard_out(dashboard)) == expected_dashboard_mona(w)


async def test_days_follow_cairo_midnight_and_dst(contract_container: Container) -> None:
    """23:59 and 00:01 Cairo time fall on two days; on 24 April 2026 Cairo skips 00:00–01:00 (a 23-hour day)
    and on 29 October repeats 23:00–24:00 (a 25-hour day)."""
    c = contract_container
    w = await seed_revenue(c)
    s1, lecture = w.students[0].id, w.lecture_2

    await add_purchases(
        c,
        [
            (s1, lecture, "1.00", at("2026-04-23 21:59"), False),  # 23 Apr 23:59 (+02)
            (
                s1,
                lecture,
                "2.00",
                at("2026-04-23 22:00"),
                False,
            ),  # 24 Apr 01:00 (+03): the day's first instant
            (s1, lecture, "3.00", at("2026-04-24 20:59"), False),  # 24 Apr 23:59 (+03)
            (s1, lecture, "4.00", at("2026-04-24 21:00"), False),  # 25 Apr 00:00 (+03)
            (s1, lecture, "5.00", at("2026-10-29 21:30"), False),  # 29 Oct 23:30, the second time (+02)
            (s1, lecture, "6.00", at("2026-10-29 22:00"), False),  # 30 Oct 00:00 (+02)
        ],
    )
    april = await c.get(ComputeRevenueTrend).execute(w.base.owner.actor, date(2026, 4, 23), date(2026, 4, 25))
    assert [(d.day.isoformat(), str(d.revenue), d.purchase_count) for d in april.daily_trends] == [
        ("2026-04-23", "1.00", 1),
        ("2026-04-24", "5.00", 2),
        ("2026-04-25", "4.00", 1),
    ]
    october = await c.get(ComputeRevenueTrend).execute(
        w.base.owner.actor, date(2026, 10, 29), date(2026, 10, 30)
    )
    assert [(str(d.revenue), d.purchase_count) for d in october.daily_trends] == [("5.00", 1), ("6.00", 1)]
