"""The figures every revenue report must give for ``seed_revenue``'s world, derived by hand in its docstring
(``tests/support/revenue.py``)."""

from __future__ import annotations

from typing import Any

from tests.support.revenue import RevenueWorld


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
