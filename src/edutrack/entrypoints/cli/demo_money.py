"""The demo world's activity: enrollments in every status, recharge codes (redeemed and unused) and lecture
purchases spread over the last 60 days, so the dashboards and the revenue trend show something real.

Loaded once, after the people and the content: when any enrollment exists already, nothing is created.
Everything goes through the same use cases as the HTTP API, each acting as its real actor (the verified
students ask and buy, the course teachers decide, the operator issues codes), on a second container over
the same settings whose frozen clock is set to past instants, so the timeline reads in order: requests
about 62 days ago, decisions and codes a day later, redemptions 60 days ago, then the purchases day by day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from edutrack.adapters.clock import FrozenClock
from edutrack.composition import Container, build_container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.entities.content import final_price
from edutrack.core.entities.people import StudentStatus
from edutrack.core.policies.content import viewer_of
from edutrack.core.use_cases.enrollments.approve_enrollment import ApproveEnrollment
from edutrack.core.use_cases.enrollments.common import DecisionCommand
from edutrack.core.use_cases.enrollments.reject_enrollment import RejectEnrollment
from edutrack.core.use_cases.enrollments.request_enrollment import RequestEnrollment
from edutrack.core.use_cases.purchases.purchase_lecture import PurchaseLecture
from edutrack.core.use_cases.wallets.generate_codes import CodeRequest, GenerateRechargeCodes
from edutrack.core.use_cases.wallets.redeem_code import RedeemCode, RedeemCommand
from edutrack.entrypoints.cli.demo_content import teacher_actor
from edutrack.entrypoints.cli.demo_people import STUDENT_SEEDS, username_of
from edutrack.ports.courses import CourseFilter, CourseReader, CourseRow
from edutrack.ports.enrollments import EnrollmentFilter, EnrollmentReader
from edutrack.ports.readers import PageRequest
from edutrack.ports.students import StudentFilter, StudentReader, StudentRow
from edutrack.ports.teachers import TeacherFilter, TeacherReader

ENROLLMENTS, CODES, REDEEMED, PURCHASES = "enrollments", "recharge codes", "redeemed codes", "purchases"
MONEY = (ENROLLMENTS, CODES, REDEEMED, PURCHASES)
"""The keys of the counts of activity rows created."""

CODE_VALUE = "500.00"
"""Each redeemed code credits this much, enough for the first few paid lectures of a course."""
UNUSED_CODES = 3
"""Codes left unused per course, on top of one per approved enrollment."""
MAX_PURCHASES = 4
"""Paid lectures bought per approved enrollment, at most (as far as the balance goes)."""
PURCHASE_DAYS = 58
"""Purchases are spread over the days from this many days ago to yesterday."""
CLIENT_ADDRESS = "127.0.0.1"


@dataclass(slots=True)
class _Enrollment:
    student: Actor
    course: CourseRow
    id: int


def student_actor(row: StudentRow) -> Actor:
    return Actor(user_id=row.user_id, username=row.username, role=Role.STUDENT, student_id=row.id)


def decision(n: int) -> str:
    """The fate of the ``n``-th request (from 0): most approved, one in seven rejected, one pending."""
    return {5: "reject", 6: "pending"}.get(n % 7, "approve")


def courses_for(student: StudentRow, courses: list[CourseRow], n: int) -> list[CourseRow]:
    """One or two courses of the student's grade (a graduate picks among all), chosen in turn."""
    fitting = [c for c in courses if c.grade_id == student.grade_id] or courses
    if not fitting:
        return []
    count = min(len(fitting), 1 + n % 2)
    return [fitting[(n + k) % len(fitting)] for k in range(count)]


class _MoneyLoader:
    def __init__(self, container: Container, past: Container, clock: FrozenClock, today: datetime) -> None:
        self._container = container
        self._past = past
        self._clock = clock
        self._today = today  # midnight (UTC) of the current day
        self.counts = dict.fromkeys(MONEY, 0)

    def at(self, days_ago: int, hour: int, minute: int = 0) -> None:
        self._clock.at = self._today - timedelta(days=days_ago, hours=-hour, minutes=-minute)

    async def load(self) -> None:
        container, everything = self._container, PageRequest(limit=None)
        verified = await container.get(StudentReader).list(
            StudentFilter(status=StudentStatus.VERIFIED), everything
        )
        demo = {username_of(seed.name_en) for seed in STUDENT_SEEDS[StudentStatus.VERIFIED]}
        students = sorted((row for row in verified.items if row.username in demo), key=lambda row: row.id)
        courses = sorted(
            (await container.get(CourseReader).list(viewer_of(SYSTEM), CourseFilter(), everything)).items,
            key=lambda row: row.id,
        )
        teacher_rows = await container.get(TeacherReader).list(TeacherFilter(), everything)
        teachers = {row.id: teacher_actor(row) for row in teacher_rows.items}
        approved = await self.enroll(students, [c for c in courses if c.teacher_id in teachers], teachers)
        await self.codes(approved)
        await self.purchases(approved)

    async def enroll(
        self, students: list[StudentRow], courses: list[CourseRow], teachers: dict[int, Actor]
    ) -> list[_Enrollment]:
        requested: list[_Enrollment] = []
        for index, row in enumerate(students):
            actor = student_actor(row)
            for k, course in enumerate(courses_for(row, courses, index)):
                self.at(62, 8 + index % 10, 7 * k)
                enrollment = await self._past.get(RequestEnrollment).execute(actor, course.id)
                requested.append(_Enrollment(actor, course, enrollment.id))
                self.counts[ENROLLMENTS] += 1
        approved: list[_Enrollment] = []
        for n, enrollment in enumerate(requested):
            self.at(61, 9 + n % 9, n % 60)
            teacher = teachers[enrollment.course.teacher_id]
            match decision(n):
                case "approve":
                    welcome = DecisionCommand(enrollment.id, "Welcome aboard!")
                    await self._past.get(ApproveEnrollment).execute(teacher, welcome)
                    approved.append(enrollment)
                case "reject":
                    note = "The group is full this term; please ask again next month."
                    refusal = DecisionCommand(enrollment.id, note)
                    await self._past.get(RejectEnrollment).execute(teacher, refusal)
        return approved

    async def codes(self, approved: list[_Enrollment]) -> None:
        by_course: dict[int, list[_Enrollment]] = {}
        for enrollment in approved:
            by_course.setdefault(enrollment.course.id, []).append(enrollment)
        self.at(61, 20)
        for course_id, enrollments in by_course.items():
            request = CodeRequest(
                course_id=course_id, value=Decimal(CODE_VALUE), count=len(enrollments) + UNUSED_CODES
            )
            codes = await self._past.get(GenerateRechargeCodes).execute(SYSTEM, request)
            self.counts[CODES] += len(codes)
            for n, (enrollment, code) in enumerate(zip(enrollments, codes, strict=False)):
                self.at(60, 10 + n % 10, 5 * n % 60)
                redeem = RedeemCommand(code.code, CLIENT_ADDRESS)
                await self._past.get(RedeemCode).execute(enrollment.student, redeem)
                self.counts[REDEEMED] += 1

    async def purchases(self, approved: list[_Enrollment]) -> None:
        """Each approved student buys the first paid lectures of the course that the code covers; the
        purchases are taken round by round across the students and spread evenly over the days."""
        baskets: list[list[int]] = []
        for enrollment in approved:
            left, basket = Decimal(CODE_VALUE), []
            for lecture in (lec for topic in enrollment.course.topics for lec in topic.lectures):
                price = final_price(lecture.price, lecture.discount)
                if 0 < price <= left and len(basket) < MAX_PURCHASES:
                    basket.append(lecture.id)
                    left -= price
            baskets.append(basket)
        plan = [
            (approved[e].student, basket[r])
            for r in range(MAX_PURCHASES)
            for e, basket in enumerate(baskets)
            if r < len(basket)
        ]
        for p, (student, lecture_id) in enumerate(plan):
            days_ago = PURCHASE_DAYS - (p * (PURCHASE_DAYS - 1)) // max(1, len(plan) - 1)
            self.at(days_ago, 8 + (3 * p) % 12, (17 * p) % 60)
            await self._past.get(PurchaseLecture).execute(student, lecture_id)
            self.counts[PURCHASES] += 1


async def load_money(container: Container) -> dict[str, int]:
    """Create the demo enrollments, codes and purchases unless any enrollment exists; return how many rows
    of each kind were created."""
    existing = await container.get(EnrollmentReader).list(EnrollmentFilter(), PageRequest(limit=1))
    if existing.total or existing.items:
        return dict.fromkeys(MONEY, 0)
    now = container.clock.now()
    today = datetime.combine(now.astimezone(UTC).date(), time(0), tzinfo=UTC)
    clock = FrozenClock(today)
    past = build_container(container.settings, clock=clock)
    try:
        loader = _MoneyLoader(container, past, clock, today)
        await loader.load()
    finally:
        await past.dispose()
    return loader.counts
