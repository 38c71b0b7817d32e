"""Revenue analytics bodies (SiteOwner §6) and the teacher dashboard (Teacher §13), and the days of the
trend's query. Money is a two-decimal string, datetimes ISO 8601 with offset, dates YYYY-MM-DD."""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from edutrack.core import messages as m
from edutrack.core.errors import FieldErrors
from edutrack.core.money import format_money
from edutrack.core.policies.dates import OUT_OF_RANGE, parse_day, within_range
from edutrack.ports.revenue import (
    CourseRevenue,
    LectureRevenue,
    RevenueSummary,
    RevenueTrend,
    StudentRevenueRow,
    TeacherDashboard,
)


class RevenueTotalsOut(msgspec.Struct):
    total_revenue: str
    total_purchases: int
    total_students: int
    total_courses: int


class CourseRevenueOut(msgspec.Struct):
    id: int
    name: str
    is_active: bool
    enrolled_count: int
    purchase_count: int
    revenue: str


class RevenueSummaryOut(msgspec.Struct):
    summary: RevenueTotalsOut
    courses: list[CourseRevenueOut]


class TopicRevenueOut(msgspec.Struct):
    topic_id: int
    topic_name: str
    lecture_count: int
    purchase_count: int
    revenue: str


class LectureRevenueRowOut(msgspec.Struct):
    lecture_id: int
    lecture_name: str
    topic_id: int
    topic_name: str
    price: str
    final_price: str
    purchase_count: int
    revenue: str


class StudentSpendingOut(msgspec.Struct):
    student_id: int
    student_name: str
    student_code: str
    total_spent: str
    lectures_purchased: int


class CourseRevenueDetailOut(msgspec.Struct):
    course_id: int
    course_name: str
    total_revenue: str
    total_purchases: int
    topics: list[TopicRevenueOut]
    lectures: list[LectureRevenueRowOut]
    student_spending: list[StudentSpendingOut]


class PurchaseTimelineOut(msgspec.Struct):
    student_name: str
    student_code: str
    amount_paid: str
    purchased_at: datetime


class LectureRevenueOut(msgspec.Struct):
    lecture_id: int
    lecture_name: str
    course_name: str
    price: str
    final_price: str
    total_revenue: str
    buyer_count: int
    purchase_count: int
    average_days_to_purchase: float
    purchase_timeline: list[PurchaseTimelineOut]


class StudentRevenueOut(msgspec.Struct):
    student_id: int
    student_name: str
    student_code: str
    courses_enrolled: int
    total_spent: str
    lectures_purchased: int
    last_purchase_at: datetime | None


class DailyTrendOut(msgspec.Struct):
    date: str
    revenue: str
    purchase_count: int


class RevenueTrendOut(msgspec.Struct):
    start_date: str
    end_date: str
    total_revenue: str
    total_purchases: int
    daily_trends: list[DailyTrendOut]


class RecentEnrollmentOut(msgspec.Struct):
    id: int
    student_name: str
    course_name: str
    status: str
    enrolled_at: datetime


class RecentPurchaseOut(msgspec.Struct):
    id: int
    student_name: str
    lecture_name: str
    amount_paid: str
    purchased_at: datetime


class CourseBreakdownOut(msgspec.Struct):
    id: int
    name: str
    student_count: int
    purchase_count: int
    revenue: str


class TeacherDashboardOut(msgspec.Struct):
    total_courses: int
    total_students: int
    total_revenue: str
    recent_enrollments: list[RecentEnrollmentOut]
    recent_purchases: list[RecentPurchaseOut]
    course_breakdown: list[CourseBreakdownOut]


def summary_out(report: RevenueSummary) -> RevenueSummaryOut:
    totals = report.summary
    return RevenueSummaryOut(
        summary=RevenueTotalsOut(
            total_revenue=format_money(totals.total_revenue),
            total_purchases=totals.total_purchases,
            total_students=totals.total_students,
            total_courses=totals.total_courses,
        ),
        courses=[
            CourseRevenueOut(
                id=c.id,
                name=c.name,
                is_active=c.is_active,
                enrolled_count=c.enrolled_count,
                purchase_count=c.purchase_count,
                revenue=format_money(c.revenue),
            )
            for c in report.courses
        ],
    )


def course_revenue_out(report: CourseRevenue) -> CourseRevenueDetailOut:
    return CourseRevenueDetailOut(
        course_id=report.course_id,
        course_name=report.course_name,
        total_revenue=format_money(report.total_revenue),
        total_purchases=report.total_purchases,
        topics=[
            TopicRevenueOut(
                topic_id=t.topic_id,
                topic_name=t.topic_name,
                lecture_count=t.lecture_count,
                purchase_count=t.purchase_count,
                revenue=format_money(t.revenue),
            )
            for t in report.topics
        ],
        lectures=[
            LectureRevenueRowOut(
                lecture_id=item.lecture_id,
                lecture_name=item.lecture_name,
                topic_id=item.topic_id,
                topic_name=item.topic_name,
                price=format_money(item.price),
                final_price=format_money(item.final_price),
                purchase_count=item.purchase_count,
                revenue=format_money(item.revenue),
            )
            for item in report.lectures
        ],
        student_spending=[
            StudentSpendingOut(
                student_id=s.student_id,
                student_name=s.student_name,
                student_code=s.student_code,
                total_spent=format_money(s.total_spent),
                lectures_purchased=s.lectures_purchased,
            )
            for s in report.student_spending
        ],
    )


def lecture_revenue_out(report: LectureRevenue) -> LectureRevenueOut:
    return LectureRevenueOut(
        lecture_id=report.lecture_id,
        lecture_name=report.lecture_name,
        course_name=report.course_name,
        price=format_money(report.price),
        final_price=format_money(report.final_price),
        total_revenue=format_money(report.total_revenue),
        buyer_count=report.buyer_count,
        purchase_count=report.purchase_count,
        average_days_to_purchase=report.average_days_to_purchase,
        purchase_timeline=[
            PurchaseTimelineOut(
                student_name=p.student_name,
                student_code=p.student_code,
                amount_paid=format_money(p.amount_paid),
                purchased_at=p.purchased_at,
            )
            for p in report.purchase_timeline
        ],
    )


def student_revenue_out(row: StudentRevenueRow) -> StudentRevenueOut:
    return StudentRevenueOut(
        student_id=row.student_id,
        student_name=row.student_name,
        student_code=row.student_code,
        courses_enrolled=row.courses_enrolled,
        total_spent=format_money(row.total_spent),
        lectures_purchased=row.lectures_purchased,
        last_purchase_at=row.last_purchase_at,
    )


def trend_days(start_date: str | None, end_date: str | None) -> tuple[date | None, date | None]:
    """``?start_date=`` and ``?end_date=`` as days (blank is none); both are judged, every problem at once."""
    errors = FieldErrors()
    days: list[date | None] = []
    for name, raw in (("start_date", start_date), ("end_date", end_date)):
        try:
            day = parse_day(raw)
        except ValueError:
            errors.add(name, m.DATE_FORMAT)
            day = None
        if day is not None and not within_range(day):
            errors.add(name, OUT_OF_RANGE)
        days.append(day)
    errors.raise_if_any()
    return days[0], days[1]


def trend_out(trend: RevenueTrend) -> RevenueTrendOut:
    return RevenueTrendOut(
        start_date=trend.start_date.isoformat(),
        end_date=trend.end_date.isoformat(),
        total_revenue=format_money(trend.total_revenue),
        total_purchases=trend.total_purchases,
        daily_trends=[
            DailyTrendOut(
                date=d.day.isoformat(), revenue=format_money(d.revenue), purchase_count=d.purchase_count
            )
            for d in trend.daily_trends
        ],
    )


def teacher_dashboard_out(d: TeacherDashboard) -> TeacherDashboardOut:
    return TeacherDashboardOut(
        total_courses=d.total_courses,
        total_students=d.total_students,
        total_revenue=format_money(d.total_revenue),
        recent_enrollments=[
            RecentEnrollmentOut(
                id=e.id,
                student_name=e.student_name,
                course_name=e.course_name,
                status=e.status,
                enrolled_at=e.enrolled_at,
            )
            for e in d.recent_enrollments
        ],
        recent_purchases=[
            RecentPurchaseOut(
                id=p.id,
                student_name=p.student_name,
                lecture_name=p.lecture_name,
                amount_paid=format_money(p.amount_paid),
                purchased_at=p.purchased_at,
            )
            for p in d.recent_purchases
        ],
        course_breakdown=[
            CourseBreakdownOut(
                id=c.id,
                name=c.name,
                student_count=c.student_count,
                purchase_count=c.purchase_count,
                revenue=format_money(c.revenue),
            )
            for c in d.course_breakdown
        ],
    )
