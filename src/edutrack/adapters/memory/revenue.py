"""Revenue analytics and the teacher dashboard over the committed memory state, mirroring the SQL reader's
figures and order (adapters/sql/readers/revenue.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.courses import CourseTables
from edutrack.adapters.memory.enrollments import EnrollmentTables
from edutrack.adapters.memory.lessons import LessonTables
from edutrack.adapters.memory.purchases import PurchaseTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.adapters.memory.students import StudentTables
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.entities.wallets import Purchase
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

ZERO = Decimal("0.00")


@dataclass
class _Sales:
    purchases: int = 0
    revenue: Decimal = ZERO

    def add(self, purchase: Purchase) -> None:
        self.purchases += 1
        self.revenue += purchase.amount_paid


@dataclass
class _Spending:
    spent: Decimal = ZERO
    lectures: set[int] = field(default_factory=set)
    last_at: datetime | None = None

    def add(self, purchase: Purchase) -> None:
        self.spent += purchase.amount_paid
        self.lectures.add(purchase.lecture_id)
        if self.last_at is None or purchase.purchased_at > self.last_at:
            self.last_at = purchase.purchased_at


class _View:
    """Lookups over one state snapshot."""

    def __init__(self, state: MemoryState) -> None:
        lessons = state.of(LessonTables)
        self.courses = state.of(CourseTables).courses
        self.topics = lessons.topics
        self.lectures = lessons.lectures
        self.sold = state.of(PurchaseTables).purchases
        self.enrollments = state.of(EnrollmentTables).enrollments
        self.students = state.of(StudentTables).students
        self.users = state.of(AccountTables).users

    def course_of_lecture(self, lecture_id: int) -> int:
        return self.topics[self.lectures[lecture_id].topic_id].course_id

    def lecture_ids(self, course_ids: set[int]) -> set[int]:
        topics = {t.id for t in self.topics.values() if t.course_id in course_ids}
        return {key for key, lecture in self.lectures.items() if lecture.topic_id in topics}

    def purchases(self, lecture_ids: set[int] | None = None) -> list[Purchase]:
        return [p for p in self.sold.values() if lecture_ids is None or p.lecture_id in lecture_ids]

    def approved(self, course_ids: set[int] | None = None) -> list[tuple[int, int]]:
        """(student id, course id) of the approved enrollments (in ``course_ids`` when given)."""
        return [
            (e.student_id, e.course_id)
            for e in self.enrollments.values()
            if e.status is EnrollmentStatus.APPROVED and (course_ids is None or e.course_id in course_ids)
        ]

    def student_name(self, student_id: int) -> str:
        return self.users[self.students[student_id].user_id].name

    def course_figures(self, course_ids: set[int]) -> list[tuple[int, int, _Sales]]:
        """(course id, approved students, sales) per course, by id."""
        sales: dict[int, _Sales] = defaultdict(_Sales)
        for purchase in self.purchases(self.lecture_ids(course_ids)):
            sales[self.course_of_lecture(purchase.lecture_id)].add(purchase)
        students: dict[int, int] = defaultdict(int)
        for _, course_id in self.approved(course_ids):
            students[course_id] += 1
        return [(key, students[key], sales[key]) for key in sorted(course_ids)]

    def spending(self, purchases: list[Purchase]) -> dict[int, _Spending]:
        result: dict[int, _Spending] = defaultdict(_Spending)
        for purchase in purchases:
            result[purchase.student_id].add(purchase)
        return result


def _sum(purchases: list[Purchase]) -> Decimal:
    return sum((p.amount_paid for p in purchases), ZERO)


class MemoryRevenueReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def summary(self) -> RevenueSummary:
        view = _View(self._store.state)
        purchases = view.purchases()
        courses = view.courses
        return RevenueSummary(
            summary=RevenueTotals(
                total_revenue=_sum(purchases),
                total_purchases=len(purchases),
                total_students=len({student for student, _ in view.approved()}),
                total_courses=len(courses),
            ),
            courses=[
                CourseRevenueRow(
                    id=key,
                    name=courses[key].name,
                    is_active=courses[key].is_active,
                    enrolled_count=students,
                    purchase_count=sales.purchases,
                    revenue=sales.revenue,
                )
                for key, students, sales in view.course_figures(set(courses))
            ],
        )

    async def course(self, course_id: int) -> CourseRevenue | None:
        view = _View(self._store.state)
        course = view.courses.get(course_id)
        if course is None:
            return None
        topics = sorted(
            (t for t in view.topics.values() if t.course_id == course_id), key=lambda t: (t.order, t.id)
        )
        topic_ids = {t.id for t in topics}
        topic_rank = {t.id: n for n, t in enumerate(topics)}
        lectures = sorted(
            (item for item in view.lectures.values() if item.topic_id in topic_ids),
            key=lambda item: (topic_rank[item.topic_id], item.order, item.id),
        )
        purchases = view.purchases({item.id for item in lectures if item.id is not None})
        by_lecture: dict[int, _Sales] = defaultdict(_Sales)
        for purchase in purchases:
            by_lecture[purchase.lecture_id].add(purchase)
        spending = view.spending(purchases)
        buyers = sorted(spending, key=lambda key: (-spending[key].spent, key))
        topic_rows = []
        for topic in topics:
            own = [item for item in lectures if item.topic_id == topic.id]
            topic_rows.append(
                TopicRevenueRow(
                    topic_id=topic.id or 0,
                    topic_name=topic.name,
                    lecture_count=len(own),
                    purchase_count=sum(by_lecture[item.id or 0].purchases for item in own),
                    revenue=sum((by_lecture[item.id or 0].revenue for item in own), ZERO),
                )
            )
        return CourseRevenue(
            course_id=course_id,
            course_name=course.name,
            total_revenue=_sum(purchases),
            total_purchases=len(purchases),
            topics=topic_rows,
            lectures=[
                LectureRevenueRow(
                    lecture_id=item.id or 0,
                    lecture_name=item.name,
                    topic_id=item.topic_id,
                    topic_name=view.topics[item.topic_id].name,
                    price=item.price,
                    final_price=item.final_price,
                    purchase_count=by_lecture[item.id or 0].purchases,
                    revenue=by_lecture[item.id or 0].revenue,
                )
                for item in lectures
            ],
            student_spending=[
                StudentSpendingRow(
                    student_id=key,
                    student_name=view.student_name(key),
                    student_code=view.students[key].student_code,
                    total_spent=spending[key].spent,
                    lectures_purchased=len(spending[key].lectures),
                )
                for key in buyers
            ],
        )

    async def lecture(self, lecture_id: int) -> LectureRevenue | None:
        view = _View(self._store.state)
        lecture = view.lectures.get(lecture_id)
        if lecture is None:
            return None
        course_id = view.course_of_lecture(lecture_id)
        purchases = sorted(view.purchases({lecture_id}), key=lambda p: (p.purchased_at, p.id or 0))
        approved_at = {
            e.student_id: e.responded_at or e.enrolled_at
            for e in view.enrollments.values()
            if e.course_id == course_id and e.status is EnrollmentStatus.APPROVED
        }
        waits = [
            (p.purchased_at - approved_at[p.student_id]).total_seconds() / 86400
            for p in purchases
            if p.student_id in approved_at
        ]
        return LectureRevenue(
            lecture_id=lecture_id,
            lecture_name=lecture.name,
            course_name=view.courses[course_id].name,
            price=lecture.price,
            final_price=lecture.final_price,
            total_revenue=_sum(purchases),
            buyer_count=len({p.student_id for p in purchases}),
            purchase_count=len(purchases),
            average_days_to_purchase=round(sum(waits) / len(waits), 2) if waits else 0.0,
            purchase_timeline=[
                PurchaseTimelineRow(
                    student_name=view.student_name(p.student_id),
                    student_code=view.students[p.student_id].student_code,
                    amount_paid=p.amount_paid,
                    purchased_at=p.purchased_at,
                )
                for p in purchases
            ],
        )

    async def students(self, course_id: int | None) -> list[StudentRevenueRow]:
        view = _View(self._store.state)
        courses = None if course_id is None else {course_id}
        enrolled: dict[int, set[int]] = defaultdict(set)
        for student_id, enrolled_course in view.approved(courses):
            enrolled[student_id].add(enrolled_course)
        spending = view.spending(view.purchases(None if courses is None else view.lecture_ids(courses)))
        keys = sorted(set(enrolled) | set(spending), key=lambda k: (-spending[k].spent, k))
        return [
            StudentRevenueRow(
                student_id=key,
                student_name=view.student_name(key),
                student_code=view.students[key].student_code,
                courses_enrolled=len(enrolled[key]),
                total_spent=spending[key].spent,
                lectures_purchased=len(spending[key].lectures),
                last_purchase_at=spending[key].last_at,
            )
            for key in keys
        ]

    async def daily(self, buckets: list[DayBucket]) -> list[DayRevenue]:
        purchases = _View(self._store.state).purchases()
        result = []
        for bucket in buckets:
            inside = [p for p in purchases if bucket.start <= p.purchased_at < bucket.end]
            result.append(DayRevenue(day=bucket.day, revenue=_sum(inside), purchase_count=len(inside)))
        return result

    async def teacher_dashboard(self, teacher_id: int, recent: int = RECENT_LIMIT) -> TeacherDashboard:
        view = _View(self._store.state)
        courses = view.courses
        own = {key for key, course in courses.items() if course.teacher_id == teacher_id}
        lectures = view.lecture_ids(own)
        purchases = view.purchases(lectures)
        enrollments = sorted(
            (e for e in view.enrollments.values() if e.course_id in own),
            key=lambda e: (e.enrolled_at, e.id or 0),
            reverse=True,
        )[:recent]
        latest = sorted(purchases, key=lambda p: (p.purchased_at, p.id or 0), reverse=True)[:recent]
        return TeacherDashboard(
            total_courses=len(own),
            total_students=len({student for student, _ in view.approved(own)}),
            total_revenue=_sum(purchases),
            recent_enrollments=[
                RecentEnrollmentRow(
                    id=e.id or 0,
                    student_name=view.student_name(e.student_id),
                    course_name=courses[e.course_id].name,
                    status=e.status.value,
                    enrolled_at=e.enrolled_at,
                )
                for e in enrollments
            ],
            recent_purchases=[
                RecentPurchaseRow(
                    id=p.id or 0,
                    student_name=view.student_name(p.student_id),
                    lecture_name=view.lectures[p.lecture_id].name,
                    amount_paid=p.amount_paid,
                    purchased_at=p.purchased_at,
                )
                for p in latest
            ],
            course_breakdown=[
                CourseBreakdownRow(
                    id=key,
                    name=courses[key].name,
                    student_count=students,
                    purchase_count=sales.purchases,
                    revenue=sales.revenue,
                )
                for key, students, sales in view.course_figures(own)
            ],
        )
