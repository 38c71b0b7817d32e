"""Revenue analytics and the teacher dashboard, aggregated by the database.

Statements per answer, whatever the data size: summary 2, course 4, lecture 2, students 1, daily 1,
teacher dashboard 4. Per-lecture counts and revenue come from the ``lecture_sales`` rollup and the
all-courses students report from ``student_sales`` (adapters/sql/rollups.py, ADR 0005): a few thousand
rows, not every purchase. What the rollups do not hold is aggregated from the purchases themselves, by
index: one course's student spending, one lecture's buyers and timeline, the students report of one
course, and the daily trend, which joins the purchases to the day bounds the use case computed
(DST-correct on both databases) and counts ``amount_paid`` rather than ``id`` so that the index on
(purchased_at) including amount_paid answers it alone (bench/results.md).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    Subquery,
    and_,
    cast,
    column,
    func,
    or_,
    select,
    true,
    values,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.enrollments import EnrollmentModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.adapters.sql.tables.purchases import PurchaseModel
from edutrack.adapters.sql.tables.revenue import LectureSalesModel, StudentSalesModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.core.entities.content import final_price
from edutrack.core.entities.enrollments import EnrollmentStatus
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

P = PurchaseModel
L = LectureModel
T = TopicModel
C = CourseModel
E = EnrollmentModel
S = StudentProfileModel
U = UserModel
LS = LectureSalesModel
SS = StudentSalesModel
ZERO = Decimal("0.00")
APPROVED = E.status == EnrollmentStatus.APPROVED.value


class days_between(GenericFunction[float]):
    """``days_between(later, earlier)``: fractional days between two timestamps, per dialect."""

    type = Float()
    inherit_cache = True


@compiles(days_between, "postgresql")
def _days_between_pg(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (
        f"(EXTRACT(EPOCH FROM ({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)}))"
        " / 86400.0)"
    )


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)}))"


def _money(expression: Any) -> ColumnElement[Decimal]:
    return func.coalesce(expression, ZERO)


def _count(expression: Any) -> ColumnElement[int]:
    return func.coalesce(expression, 0)


def _lectures_of_courses(courses: Any) -> Select[Any]:
    return select(L.id).join(T, T.id == L.topic_id).where(T.course_id.in_(courses))


def _sales_by_lecture(lectures: Select[Any] | None = None) -> Subquery:
    """Purchase count and revenue per sold lecture (of ``lectures`` when given), from the rollup."""
    query = select(
        LS.lecture_id.label("lecture_id"),
        LS.purchase_count.label("purchases"),
        LS.revenue.label("revenue"),
    )
    if lectures is not None:
        query = query.where(LS.lecture_id.in_(lectures))
    return query.subquery("sales_by_lecture")


def _course_figures(courses: Select[Any] | None) -> Select[Any]:
    """Per course (of ``courses`` when given): id, name, is_active, approved students, purchases, revenue."""
    sales = _sales_by_lecture(None if courses is None else _lectures_of_courses(courses))
    by_course = (
        select(
            T.course_id.label("course_id"),
            cast(func.sum(sales.c.purchases), Integer).label("purchases"),
            func.sum(sales.c.revenue).label("revenue"),
        )
        .select_from(sales)
        .join(L, L.id == sales.c.lecture_id)
        .join(T, T.id == L.topic_id)
        .group_by(T.course_id)
        .subquery("sales_by_course")
    )
    enrolled = select(E.course_id.label("course_id"), func.count().label("students")).where(APPROVED)
    if courses is not None:
        enrolled = enrolled.where(E.course_id.in_(courses))
    enrolled_by_course = enrolled.group_by(E.course_id).subquery("enrolled_by_course")
    query = (
        select(
            C.id,
            C.name,
            C.is_active,
            _count(enrolled_by_course.c.students).label("students"),
            _count(by_course.c.purchases).label("purchases"),
            _money(by_course.c.revenue).label("revenue"),
        )
        .outerjoin(by_course, by_course.c.course_id == C.id)
        .outerjoin(enrolled_by_course, enrolled_by_course.c.course_id == C.id)
        .order_by(C.id)
    )
    return query if courses is None else query.where(C.id.in_(courses))


def _purchase_totals(lectures: Select[Any]) -> Subquery:
    query = select(
        _money(func.sum(LS.revenue)).label("revenue"),
        _count(cast(func.sum(LS.purchase_count), Integer)).label("purchases"),
    ).where(LS.lecture_id.in_(lectures))
    return query.subquery("purchase_totals")


def _summary_counters() -> Select[Any]:
    students = select(func.count(E.student_id.distinct())).where(APPROVED).scalar_subquery()
    courses = select(func.count()).select_from(C).scalar_subquery()
    return select(students.label("students"), courses.label("courses"))


def _courses_with_totals(courses: Select[Any] | None) -> Select[Any]:
    """Each course's figures (of ``courses`` when given) with their totals as window sums: one pass over the
    purchases (every purchase belongs to a lecture of a course)."""
    figures = _course_figures(courses).subquery("figures")
    return select(
        figures,
        _money(func.sum(figures.c.revenue).over()).label("total_revenue"),
        cast(func.sum(figures.c.purchases).over(), Integer).label("total_purchases"),
    ).order_by(figures.c.id)


def _course_header(course_id: int) -> Select[Any]:
    totals = _purchase_totals(_lectures_of_courses([course_id]))
    return (
        select(C.id, C.name, totals.c.revenue, totals.c.purchases)
        .join(totals, true())
        .where(C.id == course_id)
    )


def _course_lectures(course_id: int) -> Select[Any]:
    sales = _sales_by_lecture(_lectures_of_courses([course_id]))
    return (
        select(
            L.id,
            L.name,
            T.id.label("topic_id"),
            T.name.label("topic_name"),
            L.price,
            L.discount,
            _count(sales.c.purchases).label("purchases"),
            _money(sales.c.revenue).label("revenue"),
        )
        .join(T, T.id == L.topic_id)
        .outerjoin(sales, sales.c.lecture_id == L.id)
        .where(T.course_id == course_id)
        .order_by(T.order, T.id, L.order, L.id)
    )


def _course_topics(course_id: int) -> Select[Any]:
    sales = _sales_by_lecture(_lectures_of_courses([course_id]))
    return (
        select(
            T.id,
            T.name,
            func.count(L.id).label("lectures"),
            _count(cast(func.sum(sales.c.purchases), Integer)).label("purchases"),
            _money(func.sum(sales.c.revenue)).label("revenue"),
        )
        .outerjoin(L, L.topic_id == T.id)
        .outerjoin(sales, sales.c.lecture_id == L.id)
        .where(T.course_id == course_id)
        .group_by(T.id, T.name, T.order)
        .order_by(T.order, T.id)
    )


def _spending(lectures: Select[Any]) -> Subquery:
    """Per student buying any of ``lectures``, from the purchases: spent, distinct lectures, last purchase."""
    return (
        select(
            P.student_id.label("student_id"),
            func.sum(P.amount_paid).label("spent"),
            func.count(P.lecture_id.distinct()).label("lectures"),
            func.max(P.purchased_at).label("last_at"),
        )
        .where(P.lecture_id.in_(lectures))
        .group_by(P.student_id)
        .subquery("spending")
    )


def _all_spending() -> Subquery:
    """Per buying student over every course, from the rollup (the columns of ``_spending``)."""
    return select(
        SS.student_id.label("student_id"),
        SS.spent.label("spent"),
        SS.lecture_count.label("lectures"),
        SS.last_purchase_at.label("last_at"),
    ).subquery("spending")


def _course_spending(course_id: int) -> Select[Any]:
    spending = _spending(_lectures_of_courses([course_id]))
    return (
        select(S.id, U.name, S.student_code, spending.c.spent, spending.c.lectures)
        .select_from(spending)
        .join(S, S.id == spending.c.student_id)
        .join(U, U.id == S.user_id)
        .order_by(spending.c.spent.desc(), S.id)
    )


def _lecture_header(lecture_id: int) -> Select[Any]:
    approved_at = func.coalesce(E.responded_at, E.enrolled_at)
    sales = (
        select(
            _money(func.sum(P.amount_paid)).label("revenue"),
            func.count(P.id).label("purchases"),
            func.count(P.student_id.distinct()).label("buyers"),
            func.avg(days_between(P.purchased_at, approved_at)).label("average_days"),
        )
        .select_from(P)
        .join(L, L.id == P.lecture_id)
        .join(T, T.id == L.topic_id)
        .outerjoin(E, and_(E.student_id == P.student_id, E.course_id == T.course_id, APPROVED))
        .where(P.lecture_id == lecture_id)
        .subquery("lecture_sales")
    )
    return (
        select(L.id, L.name, C.name.label("course_name"), L.price, L.discount, *sales.c)
        .join(T, T.id == L.topic_id)
        .join(C, C.id == T.course_id)
        .join(sales, true())
        .where(L.id == lecture_id)
    )


def _timeline(lecture_id: int) -> Select[Any]:
    return (
        select(U.name, S.student_code, P.amount_paid, P.purchased_at)
        .join(S, S.id == P.student_id)
        .join(U, U.id == S.user_id)
        .where(P.lecture_id == lecture_id)
        .order_by(P.purchased_at, P.id)
    )


def _students(course_id: int | None) -> Select[Any]:
    # one approved enrollment per (student, course) at most (the partial unique index): count(*) counts
    # courses, and a plain count lets the database hash-aggregate
    enrolled = select(E.student_id.label("student_id"), func.count().label("courses")).where(APPROVED)
    if course_id is not None:
        enrolled = enrolled.where(E.course_id == course_id)
    enrolled_sq = enrolled.group_by(E.student_id).subquery("enrolled")
    spending = _all_spending() if course_id is None else _spending(_lectures_of_courses([course_id]))
    spent = _money(spending.c.spent)
    return (
        select(
            S.id,
            U.name,
            S.student_code,
            _count(enrolled_sq.c.courses).label("courses"),
            spent.label("spent"),
            _count(spending.c.lectures).label("lectures"),
            spending.c.last_at,
        )
        .join(U, U.id == S.user_id)
        .outerjoin(enrolled_sq, enrolled_sq.c.student_id == S.id)
        .outerjoin(spending, spending.c.student_id == S.id)
        .where(or_(enrolled_sq.c.student_id.is_not(None), spending.c.student_id.is_not(None)))
        .order_by(spent.desc(), S.id)
    )


def _daily(buckets: list[DayBucket]) -> Select[Any]:
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
            _money(func.sum(P.amount_paid)).label("revenue"),
            func.count(P.amount_paid).label("purchases"),
        )
        .select_from(days)
        .outerjoin(P, and_(P.purchased_at >= days.c.start_at, P.purchased_at < days.c.end_at))
        .group_by(days.c.n)
        .order_by(days.c.n)
    )


def _teacher_counters(teacher_id: int) -> Select[Any]:
    courses = select(C.id).where(C.teacher_id == teacher_id)
    course_count = select(func.count()).select_from(C).where(C.teacher_id == teacher_id).scalar_subquery()
    students = (
        select(func.count(E.student_id.distinct()))
        .where(APPROVED, E.course_id.in_(courses))
        .scalar_subquery()
    )
    return select(course_count.label("courses"), students.label("students"))


def _recent_enrollments(teacher_id: int, limit: int) -> Select[Any]:
    return (
        select(E.id, U.name, C.name.label("course_name"), E.status, E.enrolled_at)
        .join(C, C.id == E.course_id)
        .join(S, S.id == E.student_id)
        .join(U, U.id == S.user_id)
        .where(C.teacher_id == teacher_id)
        .order_by(E.enrolled_at.desc(), E.id.desc())
        .limit(limit)
    )


def _recent_purchases(teacher_id: int, limit: int) -> Select[Any]:
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


class SqlRevenueReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def summary(self) -> RevenueSummary:
        async with self._sessions() as session:
            counters = (await session.execute(_summary_counters())).one()
            courses = (await session.execute(_courses_with_totals(None))).all()
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
            header = (await session.execute(_course_header(course_id))).one_or_none()
            if header is None:
                return None
            topics = (await session.execute(_course_topics(course_id))).all()
            lectures = (await session.execute(_course_lectures(course_id))).all()
            spending = (await session.execute(_course_spending(course_id))).all()
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
            header = (await session.execute(_lecture_header(lecture_id))).one_or_none()
            if header is None:
                return None
            timeline = (await session.execute(_timeline(lecture_id))).all()
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
            result = await (await session.connection()).execute(_students(course_id))
            return [StudentRevenueRow(*row) for row in result]

    async def daily(self, buckets: list[DayBucket]) -> list[DayRevenue]:
        if not buckets:
            return []
        async with self._sessions() as session:
            rows = (await session.execute(_daily(buckets))).all()
        return [DayRevenue(day=buckets[r.n].day, revenue=r.revenue, purchase_count=r.purchases) for r in rows]

    async def teacher_dashboard(self, teacher_id: int, recent: int = RECENT_LIMIT) -> TeacherDashboard:
        teacher_courses = select(C.id).where(C.teacher_id == teacher_id)
        async with self._sessions() as session:
            counters = (await session.execute(_teacher_counters(teacher_id))).one()
            enrollments = (await session.execute(_recent_enrollments(teacher_id, recent))).all()
            purchases = (await session.execute(_recent_purchases(teacher_id, recent))).all()
            courses = (await session.execute(_courses_with_totals(teacher_courses))).all()
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
