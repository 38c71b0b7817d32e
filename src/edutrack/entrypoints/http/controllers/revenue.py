"""Revenue analytics (SiteOwner §6, ``/payments/revenue/``) and the teacher dashboard (Teacher §13,
``/courses/dashboard/teacher/``). Handlers decode, call one use case and encode."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.params import FromPath

from edutrack.core.actor import Role
from edutrack.core.use_cases.revenue.dashboard import ComputeTeacherDashboard
from edutrack.core.use_cases.revenue.reports import (
    ComputeCourseRevenue,
    ComputeLectureRevenue,
    ComputeRevenueSummary,
    ComputeStudentRevenue,
)
from edutrack.core.use_cases.revenue.trend import ComputeRevenueTrend
from edutrack.entrypoints.http.conventions import parse_int
from edutrack.entrypoints.http.openapi import DateQuery, IntQuery
from edutrack.entrypoints.http.schemas.revenue import (
    CourseRevenueDetailOut,
    LectureRevenueOut,
    RevenueSummaryOut,
    RevenueTrendOut,
    StudentRevenueOut,
    TeacherDashboardOut,
    course_revenue_out,
    lecture_revenue_out,
    student_revenue_out,
    summary_out,
    teacher_dashboard_out,
    trend_days,
    trend_out,
)
from edutrack.entrypoints.http.security import actor_of, roles
from edutrack.entrypoints.http.wiring import Inject

OWNER_ONLY = [roles(Role.SITE_OWNER)]
STAFF = [roles(Role.TEACHER, Role.ASSISTANT)]
MONEY = (
    "Revenue is the sum of amount_paid over purchases: every purchase counts, including earlier purchases of "
    "a lecture bought again after its access expired, and free lectures add 0.00. Money is a two-decimal "
    "string. A student 'is enrolled' in a course when they hold an approved enrollment in it. "
)


class RevenueController(Controller):
    path = "/payments/revenue"
    tags = ["revenue"]
    guards = OWNER_ONLY

    @get(
        "/summary/",
        summary="Revenue overview across all courses (site owner)",
        description=MONEY
        + "summary.total_students counts distinct students with at least one approved enrollment; "
        "summary.total_courses every course, active or not. `courses` lists every course by id, with zeros "
        "when it has no purchase: enrolled_count is its approved enrollments, purchase_count its purchases.",
    )
    async def summary(
        self, request: Request, compute_revenue_summary: Inject[ComputeRevenueSummary]
    ) -> RevenueSummaryOut:
        return summary_out(await compute_revenue_summary.execute(actor_of(request)))

    @get(
        "/course/{course_id:int}/",
        summary="Revenue of one course by topic, lecture and student (site owner)",
        description=MONEY
        + "Every topic (by order, id) and lecture (by topic, then order, id) of the course is listed, "
        "with zeros when unsold; lecture_count counts the topic's lectures, visible or not. "
        "student_spending lists the students who bought lectures of the course, most spent first "
        "(then by student id); "
        "lectures_purchased counts distinct lectures. price and final_price are two-decimal strings. "
        'Unknown course: 404 {"detail": "Not found."}.',
    )
    async def course(
        self, request: Request, compute_course_revenue: Inject[ComputeCourseRevenue], course_id: FromPath[int]
    ) -> CourseRevenueDetailOut:
        report = await compute_course_revenue.execute(actor_of(request), course_id)
        return course_revenue_out(report)

    @get(
        "/lecture/{lecture_id:int}/",
        summary="Revenue of one lecture with its purchase timeline (site owner)",
        description=MONEY
        + "buyer_count counts distinct buyers, purchase_count every purchase. purchase_timeline lists every "
        "purchase, oldest first. average_days_to_purchase is the mean number of days (a float rounded to two "
        "decimals) between the buyer's approval in the lecture's course (the enrollment's response time, or "
        "its request time when it has none) and the purchase, over the purchases whose buyer holds an "
        'approved enrollment; 0.0 when there is none. Unknown lecture: 404 {"detail": "Not found."}.',
    )
    async def lecture(
        self,
        request: Request,
        compute_lecture_revenue: Inject[ComputeLectureRevenue],
        lecture_id: FromPath[int],
    ) -> LectureRevenueOut:
        report = await compute_lecture_revenue.execute(actor_of(request), lecture_id)
        return lecture_revenue_out(report)

    @get(
        "/students/",
        summary="Revenue per student (site owner; a bare array)",
        description=MONEY
        + "Every student with an approved enrollment or a purchase, most spent first (then by student id). "
        "?course=<course id> restricts enrollments and purchases to that course (an unknown course gives "
        "an empty array; a non-integer is 400). courses_enrolled counts approved enrollments; "
        "lectures_purchased counts distinct lectures; last_purchase_at is null for students who bought "
        "nothing.",
    )
    async def students(
        self,
        request: Request,
        compute_student_revenue: Inject[ComputeStudentRevenue],
        course: IntQuery = None,
    ) -> list[StudentRevenueOut]:
        course_id = parse_int("course", course)
        rows = await compute_student_revenue.execute(actor_of(request), course_id)
        return [student_revenue_out(row) for row in rows]

    @get(
        "/trends/",
        summary="Revenue per day over a date range (site owner)",
        description=MONEY
        + "?start_date= and ?end_date= are YYYY-MM-DD days of the platform time zone (default Africa/Cairo), "
        "inclusive. Defaults: end_date today, start_date 29 days earlier (30 days). A purchase counts on the "
        "local day it was made. daily_trends has one row per day in order, days without purchases included "
        'with "0.00" and 0. Errors (400): a malformed date {"start_date": ["Date has wrong format. Use one '
        'of these formats instead: YYYY-MM-DD."]} (likewise end_date); start_date after end_date '
        '{"non_field_errors": ["start_date must be on or before end_date."]}; more than 366 days '
        '{"non_field_errors": ["The date range cannot be longer than 366 days."]}.',
    )
    async def trends(
        self,
        request: Request,
        compute_revenue_trend: Inject[ComputeRevenueTrend],
        start_date: DateQuery = None,
        end_date: DateQuery = None,
    ) -> RevenueTrendOut:
        trend = await compute_revenue_trend.execute(actor_of(request), *trend_days(start_date, end_date))
        return trend_out(trend)


class TeacherDashboardController(Controller):
    path = "/courses/dashboard"
    tags = ["dashboards"]

    @get(
        "/teacher/",
        guards=STAFF,
        summary="The teacher dashboard (teacher, assistant)",
        description=MONEY
        + "Scoped to the caller's teacher (an assistant sees their employer's): every course of the teacher, "
        "active or not. total_students counts distinct students with an approved enrollment in those "
        "courses. recent_enrollments: the latest 10 enrollments of any status (status is pending, approved "
        "or rejected), newest first; recent_purchases: the latest 10 purchases, newest first; "
        "course_breakdown: every course by id, student_count being its approved enrollments. "
        'Other roles: 403 {"detail": "You do not have permission to perform this action."}.',
    )
    async def teacher(
        self, request: Request, compute_teacher_dashboard: Inject[ComputeTeacherDashboard]
    ) -> TeacherDashboardOut:
        return teacher_dashboard_out(await compute_teacher_dashboard.execute(actor_of(request)))


CONTROLLERS: list[type[Controller]] = [RevenueController, TeacherDashboardController]
