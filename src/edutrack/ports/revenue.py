"""Revenue analytics (SiteOwner §6) and the teacher dashboard (Teacher §13): figures the database aggregates.

Revenue is the sum of ``amount_paid`` over purchases (every purchase counts, current or not; free ones add
0.00). A student "is enrolled" in a course when they hold an approved enrollment in it. Student names are
the student's user name; money is an exact ``Decimal``; datetimes are aware (UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RevenueTotals:
    total_revenue: Decimal
    total_purchases: int
    total_students: int
    """Distinct students with at least one approved enrollment."""
    total_courses: int


@dataclass(frozen=True, slots=True)
class CourseRevenueRow:
    id: int
    name: str
    is_active: bool
    enrolled_count: int
    """Students with an approved enrollment in the course."""
    purchase_count: int
    revenue: Decimal


@dataclass(frozen=True, slots=True)
class RevenueSummary:
    summary: RevenueTotals
    courses: list[CourseRevenueRow]


@dataclass(frozen=True, slots=True)
class TopicRevenueRow:
    topic_id: int
    topic_name: str
    lecture_count: int
    purchase_count: int
    revenue: Decimal


@dataclass(frozen=True, slots=True)
class LectureRevenueRow:
    lecture_id: int
    lecture_name: str
    topic_id: int
    topic_name: str
    price: Decimal
    final_price: Decimal
    purchase_count: int
    revenue: Decimal


@dataclass(frozen=True, slots=True)
class StudentSpendingRow:
    student_id: int
    student_name: str
    student_code: str
    total_spent: Decimal
    lectures_purchased: int
    """Distinct lectures bought (a lecture bought again after expiry counts once)."""


@dataclass(frozen=True, slots=True)
class CourseRevenue:
    course_id: int
    course_name: str
    total_revenue: Decimal
    total_purchases: int
    topics: list[TopicRevenueRow]
    lectures: list[LectureRevenueRow]
    student_spending: list[StudentSpendingRow]


@dataclass(frozen=True, slots=True)
class PurchaseTimelineRow:
    student_name: str
    student_code: str
    amount_paid: Decimal
    purchased_at: datetime


@dataclass(frozen=True, slots=True)
class LectureRevenue:
    lecture_id: int
    lecture_name: str
    course_name: str
    price: Decimal
    final_price: Decimal
    total_revenue: Decimal
    buyer_count: int
    purchase_count: int
    average_days_to_purchase: float
    """Mean days from the buyer's approval in the course to the purchase; 0.0 when no purchase has one."""
    purchase_timeline: list[PurchaseTimelineRow]


@dataclass(frozen=True, slots=True)
class StudentRevenueRow:
    student_id: int
    student_name: str
    student_code: str
    courses_enrolled: int
    total_spent: Decimal
    lectures_purchased: int
    last_purchase_at: datetime | None


@dataclass(frozen=True, slots=True)
class DayBucket:
    """One local day: purchases with ``start <= purchased_at < end`` (UTC instants)."""

    day: date
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class DayRevenue:
    day: date
    revenue: Decimal
    purchase_count: int


@dataclass(frozen=True, slots=True)
class RevenueTrend:
    start_date: date
    end_date: date
    total_revenue: Decimal
    total_purchases: int
    daily_trends: list[DayRevenue]


@dataclass(frozen=True, slots=True)
class RecentEnrollmentRow:
    id: int
    student_name: str
    course_name: str
    status: str
    enrolled_at: datetime


@dataclass(frozen=True, slots=True)
class RecentPurchaseRow:
    id: int
    student_name: str
    lecture_name: str
    amount_paid: Decimal
    purchased_at: datetime


@dataclass(frozen=True, slots=True)
class CourseBreakdownRow:
    id: int
    name: str
    student_count: int
    """Students with an approved enrollment in the course."""
    purchase_count: int
    revenue: Decimal


@dataclass(frozen=True, slots=True)
class TeacherDashboard:
    total_courses: int
    total_students: int
    """Distinct students with an approved enrollment in any of the teacher's courses."""
    total_revenue: Decimal
    recent_enrollments: list[RecentEnrollmentRow]
    recent_purchases: list[RecentPurchaseRow]
    course_breakdown: list[CourseBreakdownRow]


RECENT_LIMIT = 10


class RevenueReader(Protocol):
    """Each method answers in a fixed number of statements whatever the data size."""

    async def summary(self) -> RevenueSummary:
        """Totals over every purchase, and every course (zero rows included) ordered by id."""
        ...

    async def course(self, course_id: int) -> CourseRevenue | None:
        """None when the course does not exist. Topics by (order, id); lectures by topic (order, id) then
        lecture (order, id); student spending: buyers only, by total spent descending, then student id."""
        ...

    async def lecture(self, lecture_id: int) -> LectureRevenue | None:
        """None when the lecture does not exist. The timeline lists every purchase, oldest first."""
        ...

    async def students(self, course_id: int | None) -> list[StudentRevenueRow]:
        """Students with an approved enrollment or a purchase (in ``course_id`` when given), by total spent
        descending, then student id."""
        ...

    async def daily(self, buckets: list[DayBucket]) -> list[DayRevenue]:
        """One row per bucket, in the buckets' order, empty days included (0.00 and 0)."""
        ...

    async def teacher_dashboard(self, teacher_id: int, recent: int = RECENT_LIMIT) -> TeacherDashboard:
        """Scoped to the teacher's courses (all of them, active or not). Recent enrollments (any status) by
        enrolled_at then id, newest first; recent purchases by purchased_at then id, newest first; the
        breakdown lists every course of the teacher by id."""
        ...
