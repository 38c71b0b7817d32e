"""Revenue analytics bodies (SiteOwner §6) and the teacher dashboard (Teacher §13), and the days of the
trend's query. Money is a two-decimal string, datetimes ISO 8601 with offset, dates YYYY-MM-DD."""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from edutrack.core import messages as m
from edutrack.core.errors import FieldErrors
from edutrack.core.money import format_money
from edutrack.core.policies.dates import OUT_OF_RANGE, parse_day, within_range
from edutrack.entrypoints.http.conventions import struct_from
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
    return RevenueSummaryOut(
        summary=struct_from(RevenueTotalsOut, report.summary),
        courses=[struct_from(CourseRevenueOut, c) for c in report.courses],
    )


def course_revenue_out(report: CourseRevenue) -> CourseRevenueDetailOut:
    return struct_from(
        CourseRevenueDetailOut,
        report,
        topics=[struct_from(TopicRevenueOut, t) for t in report.topics],
        lectures=[struct_from(LectureRevenueRowOut, item) for item in report.lectures],
        student_spending=[struct_from(StudentSpendingOut, s) for s in report.student_spending],
    )


def lecture_revenue_out(report: LectureRevenue) -> LectureRevenueOut:
    return struct_from(
        LectureRevenueOut,
        report,
        purchase_timeline=[struct_from(PurchaseTimelineOut, p) for p in report.purchase_timeline],
    )


def student_revenue_out(row: StudentRevenueRow) -> StudentRevenueOut:
    return struct_from(StudentRevenueOut, row)


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
    return struct_from(
        RevenueTrendOut,
        trend,
        start_date=trend.start_date.isoformat(),
        end_date=trend.end_date.isoformat(),
        daily_trends=[
            DailyTrendOut(d.day.isoformat(), format_money(d.revenue), d.purchase_count)
            for d in trend.daily_trends
        ],
    )


def teacher_dashboard_out(d: TeacherDashboard) -> TeacherDashboardOut:
    return struct_from(
        TeacherDashboardOut,
        d,
        recent_enrollments=[struct_from(RecentEnrollmentOut, e) for e in d.recent_enrollments],
        recent_purchases=[struct_from(RecentPurchaseOut, p) for p in d.recent_purchases],
        course_breakdown=[struct_from(CourseBreakdownOut, c) for c in d.course_breakdown],
    )
