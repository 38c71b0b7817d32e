"""Revenue analytics and the teacher dashboard, aggregated by the database.

Statements per answer, whatever the data size: summary 2, course 2 (its header, topics and lectures in
one, the topics' and the course's figures summed from the lectures'), lecture 2, students 1, daily 1,
teacher dashboard 4. Per-lecture counts and revenue come from the ``lecture_sales`` rollup and the
all-courses students report from ``student_sales`` (adapters/sql/rollups.py, ADR 0005): a few thousand
rows, not every purchase. What the rollups do not hold is aggregated from the purchases themselves, by
index: one course's student spending, one lecture's buyers and timeline, the students report of one
course, and the daily trend, which joins the purchases to the day bounds the use case computed
(DST-correct on both databases) and counts ``amount_paid`` rather than ``id`` so that the index on
(purchased_at) including amount_paid answers it alone (bench/results.md).

The statements are built in ``revenue_queries`` (the summary, course and lecture reports, and the
pieces they share) and ``revenue_activity`` (the students report, the daily trend, the teacher
dashboard); this module runs them as Core reads on the session's connection (adapters/sql/rows.py) and
shapes the rows: the fixed statements are built once, with the id as a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.readers import revenue_activity as activity
from edutrack.adapters.sql.readers import revenue_queries as queries
from edutrack.adapters.sql.readers.revenue_queries import ZERO
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import fetch_all, fetch_one, fetch_row
from edutrack.core.entities.content import final_price
from edutrack.ports.revenue import (
    RECENT_LIMIT,
    CourseBreakdownRow,
    CourseRevenue,
    CourseRevenueRow,
    DayBucket,
    DayRevenue,
    LectureRevenue,
    LectureRevenueRow,
    PurchaseTimelineRow,
    RecentEnrollmentRow,
    RecentPurchaseRow,
    RevenueSummary,
    RevenueTotals,
    StudentRevenueRow,
    StudentSpendingRow,
    TeacherDashboard,
    TopicRevenueRow,
)


def _topic_figures(rows: Sequence[Any]) -> list[TopicRevenueRow]:
    """Each topic's figures, from the first of its rows of ``COURSE_REPORT`` (which come by topic, in the
    topics' order, each carrying its topic's sums)."""
    topics: dict[int, TopicRevenueRow] = {}
    for r in rows:
        if r.topic_id is not None and r.topic_id not in topics:
            topics[r.topic_id] = TopicRevenueRow(
                r.topic_id, r.topic_name, r.topic_lectures, r.topic_purchases, r.topic_revenue
            )
    return list(topics.values())


class SqlRevenueReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def summary(self) -> RevenueSummary:
        async with self._sessions() as session:
            counters = await fetch_row(session, queries.SUMMARY_COUNTERS)
            courses = await fetch_all(session, queries.ALL_COURSES)
        return RevenueSummary(
            summary=RevenueTotals(
                total_revenue=courses[0].total_revenue if courses else ZERO,
                total_purchases=courses[0].total_purchases if courses else 0,
                total_students=counters.students,
                total_courses=counters.courses,
            ),
            # id, name, is_active, students, purchases, revenue: CourseRevenueRow's fields in order
            courses=[CourseRevenueRow(*r[:6]) for r in courses],
        )

    async def course(self, course_id: int) -> CourseRevenue | None:
        if not valid_id(course_id):
            return None
        params = {"course_id": course_id}
        async with self._sessions() as session:
            rows = await fetch_all(session, queries.COURSE_REPORT, params)
            if not rows:
                return None
            spending = await fetch_all(session, queries.COURSE_SPENDING, params)
        lectures = [
            LectureRevenueRow(
                lecture_id=r.lecture_id,
                lecture_name=r.lecture_name,
                topic_id=r.topic_id,
                topic_name=r.topic_name,
                price=r.price,
                final_price=final_price(r.price, r.discount),
                purchase_count=r.purchases,
                revenue=r.revenue,
            )
            for r in rows
            if r.lecture_id is not None
        ]
        return CourseRevenue(
            course_id=rows[0].id,
            course_name=rows[0].name,
            total_revenue=rows[0].course_revenue,
            total_purchases=rows[0].course_purchases,
            topics=_topic_figures(rows),
            lectures=lectures,
            student_spending=[StudentSpendingRow(*r) for r in spending],
        )

    async def lecture(self, lecture_id: int) -> LectureRevenue | None:
        if not valid_id(lecture_id):
            return None
        params = {"lecture_id": lecture_id}
        async with self._sessions() as session:
            header = await fetch_one(session, queries.LECTURE_HEADER, params)
            if header is None:
                return None
            timeline = await fetch_all(session, queries.TIMELINE, params)
        average = header.average_days
        return LectureRevenue(
            lecture_id=header.id,
            lecture_name=header.name,
            course_name=header.course_name,
            price=header.price,
            final_price=final_price(header.price, header.discount),
            total_revenue=header.revenue,
            buyer_count=header.buyers,
            purchase_count=header.purchases,
            average_days_to_purchase=round(float(average), 2) if average is not None else 0.0,
            purchase_timeline=[PurchaseTimelineRow(*r) for r in timeline],
        )

    async def students(self, course_id: int | None) -> list[StudentRevenueRow]:
        if course_id is not None and not valid_id(course_id):
            return []
        async with self._sessions() as session:
            # columns in the order of StudentRevenueRow's fields
            return [StudentRevenueRow(*row) for row in await fetch_all(session, activity.students(course_id))]

    async def daily(self, buckets: list[DayBucket]) -> list[DayRevenue]:
        if not buckets:
            return []
        async with self._sessions() as session:
            rows = await fetch_all(session, activity.daily(buckets))
        return [DayRevenue(day=buckets[r.n].day, revenue=r.revenue, purchase_count=r.purchases) for r in rows]

    async def teacher_dashboard(self, teacher_id: int, recent: int = RECENT_LIMIT) -> TeacherDashboard:
        values = {"teacher_id": teacher_id, "recent": recent}
        async with self._sessions() as session:
            counters = await fetch_row(session, activity.TEACHER_COUNTERS, values)
            enrollments = await fetch_all(session, activity.RECENT_ENROLLMENTS, values)
            purchases = await fetch_all(session, activity.RECENT_PURCHASES, values)
            courses = await fetch_all(session, queries.TEACHER_COURSE_FIGURES, values)
        return TeacherDashboard(
            total_courses=counters.courses,
            total_students=counters.students,
            total_revenue=courses[0].total_revenue if courses else ZERO,
            recent_enrollments=[
                RecentEnrollmentRow(
                    id=r.id,
                    student_name=r.name,
                    course_name=r.course_name,
                    status=r.status,
                    enrolled_at=r.enrolled_at,
                )
                for r in enrollments
            ],
            recent_purchases=[
                RecentPurchaseRow(
                    id=r.id,
                    student_name=r.name,
                    lecture_name=r.lecture_name,
                    amount_paid=r.amount_paid,
                    purchased_at=r.purchased_at,
                )
                for r in purchases
            ],
            course_breakdown=[
                CourseBreakdownRow(
                    id=r.id,
                    name=r.name,
                    student_count=r.students,
                    purchase_count=r.purchases,
                    revenue=r.revenue,
                )
                for r in courses
            ],
        )
