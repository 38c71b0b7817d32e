"""The statements of the students report, the daily trend and the teacher dashboard
(adapters/sql/readers/revenue.py).

The all-courses students report reads the ``student_sales`` rollup; one course's, from the purchases. The
daily trend joins the purchases to the day bounds the use case computed (DST-correct on both databases)
and counts ``amount_paid`` rather than ``id`` so that the index on (purchased_at) including amount_paid
answers it alone (bench/results.md).
"""

from __future__ import annotations

from typing import Any

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Integer, Select, and_, bindparam, column, func, or_, select, values

from edutrack.adapters.sql.readers.revenue_queries import (
    APPROVED,
    C,
    E,
    L,
    P,
    S,
    T,
    U,
    all_spending,
    count,
    lectures_of_courses,
    money,
    spending_of,
)
from edutrack.ports.revenue import DayBucket

TEACHER_ID = bindparam("teacher_id", type_=Integer())
RECENT = bindparam("recent", type_=Integer())


def students(course_id: int | None) -> Select[Any]:
    # one approved enrollment per (student, course) at most (the partial unique index): count(*) counts
    # courses, and a plain count lets the database hash-aggregate
    enrolled = select(E.student_id.label("student_id"), func.count().label("courses")).where(APPROVED)
    if course_id is not None:
        enrolled = enrolled.where(E.course_id == course_id)
    enrolled_sq = enrolled.group_by(E.student_id).subquery("enrolled")
    spending = all_spending() if course_id is None else spending_of(lectures_of_courses([course_id]))
    spent = money(spending.c.spent)
    return (
        select(
            S.id,
            U.name,
            S.student_code,
            count(enrolled_sq.c.courses).label("courses"),
            spent.label("spent"),
            count(spending.c.lectures).label("lectures"),
            spending.c.last_at,
        )
        .join(U, U.id == S.user_id)
        .outerjoin(enrolled_sq, enrolled_sq.c.student_id == S.id)
        .outerjoin(spending, spending.c.student_id == S.id)
        .where(or_(enrolled_sq.c.student_id.is_not(None), spending.c.student_id.is_not(None)))
        .order_by(spent.desc(), S.id)
    )


def daily(buckets: list[DayBucket]) -> Select[Any]:
    days = (
        values(
            column("n", Integer()),
            column("start_at", DateTimeUTC()),
            column("end_at", DateTimeUTC()),
            name="days",
        )
        .data([(n, b.start, b.end) for n, b in enumerate(buckets)])
        .cte("days")
    )
    return (
        select(
            days.c.n,
            money(func.sum(P.amount_paid)).label("revenue"),
            func.count(P.amount_paid).label("purchases"),
        )
        .select_from(days)
        .outerjoin(P, and_(P.purchased_at >= days.c.start_at, P.purchased_at < days.c.end_at))
        .group_by(days.c.n)
        .order_by(days.c.n)
    )


def teacher_courses(teacher_id: Any) -> Select[Any]:
    return select(C.id).where(C.teacher_id == teacher_id)


def teacher_counters(teacher_id: Any) -> Select[Any]:
    courses = teacher_courses(teacher_id)
    course_count = select(func.count()).select_from(C).where(C.teacher_id == teacher_id).scalar_subquery()
    students = (
        select(func.count(E.student_id.distinct()))
        .where(APPROVED, E.course_id.in_(courses))
        .scalar_subquery()
    )
    return select(course_count.label("courses"), students.label("students"))


def recent_enrollments(teacher_id: Any, limit: Any) -> Select[Any]:
    return (
        select(E.id, U.name, C.name.label("course_name"), E.status, E.enrolled_at)
        .join(C, C.id == E.course_id)
        .join(S, S.id == E.student_id)
        .join(U, U.id == S.user_id)
        .where(C.teacher_id == teacher_id)
        .order_by(E.enrolled_at.desc(), E.id.desc())
        .limit(limit)
    )


def recent_purchases(teacher_id: Any, limit: Any) -> Select[Any]:
    return (
        select(P.id, U.name, L.name.label("lecture_name"), P.amount_paid, P.purchased_at)
        .join(L, L.id == P.lecture_id)
        .join(T, T.id == L.topic_id)
        .join(C, C.id == T.course_id)
        .join(S, S.id == P.student_id)
        .join(U, U.id == S.user_id)
        .where(C.teacher_id == teacher_id)
        .order_by(P.purchased_at.desc(), P.id.desc())
        .limit(limit)
    )


# the teacher dashboard's statements, built once: the teacher and the number of recent rows are parameters
TEACHER_COUNTERS = teacher_counters(TEACHER_ID)
RECENT_ENROLLMENTS = recent_enrollments(TEACHER_ID, RECENT)
RECENT_PURCHASES = recent_purchases(TEACHER_ID, RECENT)
