"""Revenue analytics and the teacher dashboard, aggregated by the database.

Statements per answer, whatever the data size: summary 2, course 4, lecture 2, students 1, daily 1,
teacher dashboard 4. Per-lecture counts and revenue come from the ``lecture_sales`` rollup and the
all-courses students report from ``student_sales`` (adapters/sql/rollups.py, ADR 0005): a few thousand
rows, not every purchase. What the rollups do not hold is aggregated from the purchases themselves, by
index: one course's student spending, one lecture's buyers and timeline, the students report of one
course, and the daily trend, which joins the purchases to the day bounds the use case computed
(DST-correct on both databases) and counts ``amount_paid`` rather than ``id`` so that the index on
(purchased_at) including amount_paid answers it alone (bench/results.md).

The statements are built in ``revenue_queries`` (the summary, course and lecture reports, and the
pieces they share) and ``revenue_activity`` (the students report, the daily trend, the teacher
dashboard); this module runs them and shapes the rows.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.readers import revenue_activity as activity
from edutrack.adapters.sql.readers import revenue_queries as queries
from edutrack.adapters.sql.readers.revenue_queries import ZERO
from edutrack.adapters.sql.repositories.academics import valid_id
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


class SqlRevenueReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def summary(self) -> RevenueSummary:
        async with self._sessions() as session:
            counters = (await session.execute(queries.summary_counters())).one()
            courses = (await session.execute(queries.courses_with_totals(None))).all()
        return RevenueSummary(
            summary=RevenueTotals(
                total_revenue=courses[0].total_revenue if courses else ZERO,
                total_purchases=courses[0].total_purchases if courses else 0,
                total_students=counters.students,
                total_courses=counters.courses,
            ),
            courses=[
                CourseRevenueRow(
                    id=r.id,
                    name=r.name,
                    is_active=r.is_active,
                    enrolled_count=r.students,
                    purchase_count=r.purchases,
                    revenue=r.revenue,
                )
                for r in courses
            ],
        )

    async def course(self, course_id: int) -> CourseRevenue | None:
        if not valid_id(course_id):
            return None
        async with self._sessions() as session:
            header = (await session.execute(queries.course_header(course_id))).one_or_none()
            if header is None:
                return None
            topics = (await session.execute(queries.course_topics(course_id))).all()
            lectures = (await session.execute(queries.course_lectures(course_id))).all()
            spending = (await session.execute(queries.course_spending(course_id))).all()
        return CourseRevenue(
            course_id=header.id,
            course_name=header.name,
            total_revenue=header.revenue,
            total_purchases=header.purchases,
            topics=[
                TopicRevenueRow(
                    topic_id=r.id,
                    topic_name=r.name,
                    lecture_count=r.lectures,
                    purchase_count=r.purchases,
                    revenue=r.revenue,
                )
                for r in topics
            ],
            lectures=[
                LectureRevenueRow(
                    lecture_id=r.id,
                    lecture_name=r.name,
                    topic_id=r.topic_id,
                    topic_name=r.topic_name,
                    price=r.price,
                    final_price=final_price(r.price, r.discount),
                    purchase_count=r.purchases,
                    revenue=r.revenue,
                )
                for r in lectures
            ],
            student_spending=[
                StudentSpendingRow(
                    student_id=r.id,
                    student_name=r.name,
                    student_code=r.student_code,
                    total_spent=r.spent,
                    lectures_purchased=r.lectures,
                )
                for r in spending
            ],
        )

    async def lecture(self, lecture_id: int) -> LectureRevenue | None:
        if not valid_id(lecture_id):
            return None
        async with self._sessions() as session:
            header = (await session.execute(queries.lecture_header(lecture_id))).one_or_none()
            if header is None:
                return None
            timeline = (await session.execute(queries.timeline(lecture_id))).all()
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
            purchase_timeline=[
                PurchaseTimelineRow(
                    student_name=r.name,
                    student_code=r.student_code,
                    amount_paid=r.amount_paid,
                    purchased_at=r.purchased_at,
                )
                for r in timeline
            ],
        )

    async def students(self, course_id: int | None) -> list[StudentRevenueRow]:
        if course_id is not None and not valid_id(course_id):
            return []
        async with self._sessions() as session:
            # a Core result straight off the connection (one row per student: ORM row handling would cost
            # more than the query); columns in the order of StudentRevenueRow's fields
            result = await (await session.connection()).execute(activity.students(course_id))
            return [StudentRevenueRow(*row) for row in result]

    async def daily(self, buckets: list[DayBucket]) -> list[DayRevenue]:
        if not buckets:
            return []
        async with self._sessions() as session:
            rows = (await session.execute(activity.daily(buckets))).all()
        return [DayRevenue(day=buckets[r.n].day, revenue=r.revenue, purchase_count=r.purchases) for r in rows]

    async def teacher_dashboard(self, teacher_id: int, recent: int = RECENT_LIMIT) -> TeacherDashboard:
        teacher_courses = activity.teacher_courses(teacher_id)
        async with self._sessions() as session:
            counters = (await session.execute(activity.teacher_counters(teacher_id))).one()
            enrollments = (await session.execute(activity.recent_enrollments(teacher_id, recent))).all()
            purchases = (await session.execute(activity.recent_purchases(teacher_id, recent))).all()
            courses = (await session.execute(queries.courses_with_totals(teacher_courses))).all()
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
