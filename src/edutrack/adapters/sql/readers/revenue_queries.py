"""The statements of the revenue reports (adapters/sql/readers/revenue.py): the building blocks, and
the summary, course and lecture reports.

Per-lecture counts and revenue come from the ``lecture_sales`` rollup and the all-courses spending from
``student_sales`` (adapters/sql/rollups.py, ADR 0005); one course's student spending and one lecture's
buyers and timeline are aggregated from the purchases, by index.

The statements of one course or one lecture are built once, at import, with a ``course_id`` or
``lecture_id`` placeholder (adapters/sql/rows.py): the readers run them with the id as a parameter.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    Subquery,
    and_,
    bindparam,
    cast,
    func,
    select,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.enrollments import EnrollmentModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.adapters.sql.tables.purchases import PurchaseModel
from edutrack.adapters.sql.tables.revenue import CourseSalesModel, LectureSalesModel, StudentSalesModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.core.entities.enrollments import EnrollmentStatus

P = PurchaseModel
L = LectureModel
T = TopicModel
C = CourseModel
E = EnrollmentModel
S = StudentProfileModel
U = UserModel
LS = LectureSalesModel
CS = CourseSalesModel
SS = StudentSalesModel
ZERO = Decimal("0.00")
APPROVED = E.status == EnrollmentStatus.APPROVED.value
COURSE_ID = bindparam("course_id", type_=Integer())
LECTURE_ID = bindparam("lecture_id", type_=Integer())


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


def money(expression: Any) -> ColumnElement[Decimal]:
    return func.coalesce(expression, ZERO)


def count(expression: Any) -> ColumnElement[int]:
    return func.coalesce(expression, 0)


def lectures_of_courses(courses: Any) -> Select[Any]:
    return select(L.id).join(T, T.id == L.topic_id).where(T.course_id.in_(courses))


def lectures_of_course(course: Any) -> Select[Any]:
    """The lectures of one course (``course``: an id or the ``COURSE_ID`` placeholder)."""
    return select(L.id).join(T, T.id == L.topic_id).where(T.course_id == course)


def _course_figures(courses: Select[Any] | None) -> Select[Any]:
    """Per course (of ``courses`` when given): id, name, is_active, approved students, purchases, revenue."""
    sold = select(
        CS.course_id.label("course_id"),
        CS.purchase_count.label("purchases"),
        CS.revenue.label("revenue"),
    )  # the per-course rollup (ADR 0005): one row per course with sales
    by_course = (sold if courses is None else sold.where(CS.course_id.in_(courses))).subquery(
        "sales_by_course"
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
            count(enrolled_by_course.c.students).label("students"),
            count(by_course.c.purchases).label("purchases"),
            money(by_course.c.revenue).label("revenue"),
        )
        .outerjoin(by_course, by_course.c.course_id == C.id)
        .outerjoin(enrolled_by_course, enrolled_by_course.c.course_id == C.id)
        .order_by(C.id)
    )
    return query if courses is None else query.where(C.id.in_(courses))


def summary_counters() -> Select[Any]:
    students = select(func.count(E.student_id.distinct())).where(APPROVED).scalar_subquery()
    courses = select(func.count()).select_from(C).scalar_subquery()
    return select(students.label("students"), courses.label("courses"))


def courses_with_totals(courses: Select[Any] | None) -> Select[Any]:
    """Each course's figures (of ``courses`` when given) with their totals as window sums: one pass over the
    purchases (every purchase belongs to a lecture of a course)."""
    figures = _course_figures(courses).subquery("figures")
    return select(
        figures,
        money(func.sum(figures.c.revenue).over()).label("total_revenue"),
        cast(func.sum(figures.c.purchases).over(), Integer).label("total_purchases"),
    ).order_by(figures.c.id)


def _course_report() -> Select[Any]:
    """The course report's header, topics and lectures in one statement: the course, each topic, each
    lecture (a row per lecture; one with NULL lecture columns for a topic without any, one with NULL topic
    columns for a course without topics), by (topic order, topic id, lecture order, lecture id). Columns:
    course id and name, topic id and name, lecture id, name, price and discount, purchases, revenue (the
    lecture's, from the rollup); then the topic's lecture count, purchases and revenue, and the course's
    purchases and revenue, summed over the rows by window."""
    purchases, revenue = count(LS.purchase_count), money(LS.revenue)
    topic = {"partition_by": T.id}
    return (
        select(
            C.id,
            C.name,
            T.id.label("topic_id"),
            T.name.label("topic_name"),
            L.id.label("lecture_id"),
            L.name.label("lecture_name"),
            L.price,
            L.discount,
            purchases.label("purchases"),
            revenue.label("revenue"),
            func.count(L.id).over(**topic).label("topic_lectures"),
            cast(func.sum(purchases).over(**topic), Integer).label("topic_purchases"),
            func.sum(revenue).over(**topic).label("topic_revenue"),
            cast(func.sum(purchases).over(), Integer).label("course_purchases"),
            func.sum(revenue).over().label("course_revenue"),
        )
        .outerjoin(T, T.course_id == C.id)
        .outerjoin(L, L.topic_id == T.id)
        .outerjoin(LS, LS.lecture_id == L.id)
        .where(C.id == COURSE_ID)
        .order_by(T.order, T.id, L.order, L.id)
    )


def spending_of(lectures: Select[Any]) -> Subquery:
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


def all_spending() -> Subquery:
    """Per buying student over every course, from the rollup (the columns of ``spending_of``)."""
    return select(
        SS.student_id.label("student_id"),
        SS.spent.label("spent"),
        SS.lecture_count.label("lectures"),
        SS.last_purchase_at.label("last_at"),
    ).subquery("spending")


def _course_spending() -> Select[Any]:
    """Columns in the order of ``StudentSpendingRow``'s fields. The buyer's name and code are looked up per
    aggregated row, by primary key (every purchase has a student profile and it a user): joined, the planner
    expects ~2,000 buyers and hashes the whole students and users tables (~40 % slower at 600 buyers)."""
    spending = spending_of(lectures_of_course(COURSE_ID))
    buyer = spending.c.student_id
    name = select(U.name).join(S, S.user_id == U.id).where(S.id == buyer).scalar_subquery()
    code = select(S.student_code).where(S.id == buyer).scalar_subquery()
    return (
        select(
            buyer.label("id"),
            name.label("name"),
            code.label("student_code"),
            spending.c.spent,
            spending.c.lectures,
        )
        .select_from(spending)
        .order_by(spending.c.spent.desc(), buyer)
    )


def _lecture_header() -> Select[Any]:
    approved_at = func.coalesce(E.responded_at, E.enrolled_at)
    sales = (
        select(
            money(func.sum(P.amount_paid)).label("revenue"),
            func.count(P.id).label("purchases"),
            func.count(P.student_id.distinct()).label("buyers"),
            func.avg(days_between(P.purchased_at, approved_at)).label("average_days"),
        )
        .select_from(P)
        .join(L, L.id == P.lecture_id)
        .join(T, T.id == L.topic_id)
        .outerjoin(E, and_(E.student_id == P.student_id, E.course_id == T.course_id, APPROVED))
        .where(P.lecture_id == LECTURE_ID)
        .subquery("lecture_sales")
    )
    return (
        select(L.id, L.name, C.name.label("course_name"), L.price, L.discount, *sales.c)
        .join(T, T.id == L.topic_id)
        .join(C, C.id == T.course_id)
        .join(sales, true())
        .where(L.id == LECTURE_ID)
    )


def _timeline() -> Select[Any]:
    """Columns in the order of ``PurchaseTimelineRow``'s fields."""
    return (
        select(U.name, S.student_code, P.amount_paid, P.purchased_at)
        .join(S, S.id == P.student_id)
        .join(U, U.id == S.user_id)
        .where(P.lecture_id == LECTURE_ID)
        .order_by(P.purchased_at, P.id)
    )


SUMMARY_COUNTERS = summary_counters()
ALL_COURSES = courses_with_totals(None)
# the teacher dashboard's course breakdown (the teacher a parameter, as in revenue_activity)
TEACHER_COURSE_FIGURES = courses_with_totals(
    select(C.id).where(C.teacher_id == bindparam("teacher_id", type_=Integer()))
)
COURSE_REPORT = _course_report()
COURSE_SPENDING = _course_spending()
LECTURE_HEADER = _lecture_header()
TIMELINE = _timeline()
