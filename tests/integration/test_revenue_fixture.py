"""Every revenue figure against the hand-computed fixture of tests/revenue_support.py (see ``seed_revenue``):
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
from tests.integration.conftest import HeadersFor
from tests.lessons_support import PASSWORD
from tests.revenue_support import RevenueWorld, add_purchases, at, seed_revenue

pytestmark = pytest.mark.anyio


def expected_summary(w: RevenueWorld) -> dict[str, Any]:
    return {
        "summary": {"total_revenue": "330.00", "total_purchases": 6, "total_students": 3, "total_courses": 3},
        "courses": [
            {
                "id": w.course_a1,
                "name": "Physics 1",
                "is_active": True,
                "enrolled_count": 2,
                "purchase_count": 5,
                "revenue": "290.00",
            },
            {
                "id": w.course_b1,
                "name": "Other Physics",
                "is_active": True,
                "enrolled_count": 1,
                "purchase_count": 1,
                "revenue": "40.00",
            },
            {
                "id": w.course_a2,
                "name": "Physics 2",
                "is_active": False,
                "enrolled_count": 0,
                "purchase_count": 0,
                "revenue": "0.00",
            },
        ],
    }


def expected_course_a1(w: RevenueWorld) -> dict[str, Any]:
    s1, s2 = w.students[0], w.students[1]

    def lecture(lecture_id: int, name: str, topic: int, topic_name: str, *money: object) -> dict[str, Any]:
        price, final, count, revenue = money
        return {
            "lecture_id": lecture_id,
            "lecture_name": name,
            "topic_id": topic,
            "topic_name": topic_name,
            "price": price,
            "final_price": final,
            "purchase_count": count,
            "revenue": revenue,
        }

    return {
        "course_id": w.course_a1,
        "course_name": "Physics 1",
        "total_revenue": "290.00",
        "total_purchases": 5,
        "topics": [
            {
                "topic_id": w.topic_mechanics,
                "topic_name": "Mechanics",
                "lecture_count": 2,
                "purchase_count": 4,
                "revenue": "290.00",
            },
            {
                "topic_id": w.topic_waves,
                "topic_name": "Waves",
                "lecture_count": 2,
                "purchase_count": 1,
                "revenue": "0.00",
            },
        ],
        "lectures": [
            lecture(w.lecture_1, "Newton", w.topic_mechanics, "Mechanics", "100.00", "80.00", 3, "240.00"),
            lecture(w.lecture_2, "Friction", w.topic_mechanics, "Mechanics", "50.00", "50.00", 1, "50.00"),
            lecture(w.lecture_3, "Intro to waves", w.topic_waves, "Waves", "0.00", "0.00", 1, "0.00"),
            lecture(w.lecture_4, "Sound", w.topic_waves, "Waves", "60.00", "60.00", 0, "0.00"),
        ],
        "student_spending": [
            {
                "student_id": s1.id,
                "student_name": "Student 1",
                "student_code": "S00000001",
                "total_spent": "210.00",
                "lectures_purchased": 3,
            },
            {
                "student_id": s2.id,
                "student_name": "Student 2",
                "student_code": "S00000002",
                "total_spent": "80.00",
                "lectures_purchased": 1,
            },
        ],
    }


def expected_lecture_1() -> dict[str, Any]:
    # waits: p1 8 d 11 h 59 m, p2 7 d 14 h 01 m (approval = request time), p5 18 d → 16,360 min = 11.36 d
    return {
        "lecture_id": None,
        "lecture_name": "Newton",
        "course_name": "Physics 1",
        "price": "100.00",
        "final_price": "80.00",
        "total_revenue": "240.00",
        "buyer_count": 2,
        "purchase_count": 3,
        "average_days_to_purchase": 11.36,
        "purchase_timeline": [
            {
                "student_name": "Student 1",
                "student_code": "S00000001",
                "amount_paid": "80.00",
                "purchased_at": "2026-03-10T21:59:00Z",
            },
            {
                "student_name": "Student 2",
                "student_code": "S00000002",
                "amount_paid": "80.00",
                "purchased_at": "2026-03-10T22:01:00Z",
            },
            {
                "student_name": "Student 1",
                "student_code": "S00000001",
                "amount_paid": "80.00",
                "purchased_at": "2026-03-20T10:00:00Z",
            },
        ],
    }


def student_row(w: RevenueWorld, n: int, courses: int, spent: str, lectures: int, last: str | None) -> dict:
    student = w.students[n - 1]
    return {
        "student_id": student.id,
        "student_name": student.name,
        "student_code": student.code,
        "courses_enrolled": courses,
        "total_spent": spent,
        "lectures_purchased": lectures,
        "last_purchase_at": last,
    }


def expected_students(w: RevenueWorld) -> list[dict[str, Any]]:
    return [
        student_row(w, 1, 1, "210.00", 3, "2026-03-20T10:00:00Z"),
        student_row(w, 2, 1, "80.00", 1, "2026-03-10T22:01:00Z"),
        student_row(w, 3, 1, "40.00", 1, "2026-03-11T12:00:00Z"),
    ]


def expected_students_a1(w: RevenueWorld) -> list[dict[str, Any]]:
    return expected_students(w)[:2]


def expected_trend() -> dict[str, Any]:
    return {
        "start_date": "2026-03-10",
        "end_date": "2026-03-13",
        "total_revenue": "250.00",
        "total_purchases": 5,
        "daily_trends": [
            {"date": "2026-03-10", "revenue": "80.00", "purchase_count": 1},
            {"date": "2026-03-11", "revenue": "120.00", "purchase_count": 2},
            {"date": "2026-03-12", "revenue": "0.00", "purchase_count": 0},
            {"date": "2026-03-13", "revenue": "50.00", "purchase_count": 2},
        ],
    }


def expected_dashboard_ahmed(w: RevenueWorld) -> dict[str, Any]:
    def enrollment(key: str, n: int, course: str, status: str, when: str) -> dict[str, Any]:
        return {
            "id": w.enrollments[key],
            "student_name": f"Student {n}",
            "course_name": course,
            "status": status,
            "enrolled_at": when,
        }

    def purchase(key: str, n: int, lecture: str, amount: str, when: str) -> dict[str, Any]:
        return {
            "id": w.purchases[key],
            "student_name": f"Student {n}",
            "lecture_name": lecture,
            "amount_paid": amount,
            "purchased_at": when,
        }

    return {
        "total_courses": 2,
        "total_students": 2,
        "total_revenue": "290.00",
        "recent_enrollments": [
            enrollment("s4_a2", 4, "Physics 2", "rejected", "2026-03-15T09:00:00Z"),
            enrollment("s3_a1", 3, "Physics 1", "pending", "2026-03-10T09:00:00Z"),
            enrollment("s2_a1", 2, "Physics 1", "approved", "2026-03-03T08:00:00Z"),
            enrollment("s1_a1", 1, "Physics 1", "approved", "2026-03-01T10:00:00Z"),
        ],
        "recent_purchases": [
            purchase("p5", 1, "Newton", "80.00", "2026-03-20T10:00:00Z"),
            purchase("p4", 1, "Intro to waves", "0.00", "2026-03-13T09:00:00Z"),
            purchase("p3", 1, "Friction", "50.00", "2026-03-13T08:00:00Z"),
            purchase("p2", 2, "Newton", "80.00", "2026-03-10T22:01:00Z"),
            purchase("p1", 1, "Newton", "80.00", "2026-03-10T21:59:00Z"),
        ],
        "course_breakdown": [
            {
                "id": w.course_a1,
                "name": "Physics 1",
                "student_count": 2,
                "purchase_count": 5,
                "revenue": "290.00",
            },
            {
                "id": w.course_a2,
                "name": "Physics 2",
                "student_count": 0,
                "purchase_count": 0,
                "revenue": "0.00",
            },
        ],
    }


def expected_dashboard_mona(w: RevenueWorld) -> dict[str, Any]:
    return {
        "total_courses": 1,
        "total_students": 1,
        "total_revenue": "40.00",
        "recent_enrollments": [
            {
                "id": w.enrollments["s3_b1"],
                "student_name": "Student 3",
                "course_name": "Other Physics",
                "status": "approved",
                "enrolled_at": "2026-03-04T10:00:00Z",
            }
        ],
        "recent_purchases": [
            {
                "id": w.purchases["p6"],
                "student_name": "Student 3",
                "lecture_name": "Lenses",
                "amount_paid": "40.00",
                "purchased_at": "2026-03-11T12:00:00Z",
            }
        ],
        "course_breakdown": [
            {
                "id": w.course_b1,
                "name": "Other Physics",
                "student_count": 1,
                "purchase_count": 1,
                "revenue": "40.00",
            }
        ],
    }


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
