"""The site owner's revenue reports (SiteOwner §6): summary, one course, one lecture, per student."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.errors import NotFound
from edutrack.core.policies.access import require_site_owner
from edutrack.core.use_cases.shared import Query
from edutrack.ports.revenue import (
    CourseRevenue,
    LectureRevenue,
    RevenueReader,
    RevenueSummary,
    StudentRevenueRow,
)


class ComputeRevenueSummary(Query[RevenueReader]):
    """Site owner only. Revenue is the sum of ``amount_paid`` over every purchase; ``total_students``
    counts distinct students with an approved enrollment; every course is listed, with zeros when it has
    no purchase. Aggregated by the database in a fixed number of statements."""

    async def execute(self, actor: Actor) -> RevenueSummary:
        require_site_owner(actor)
        return await self._reader.summary()


class ComputeCourseRevenue(Query[RevenueReader]):
    """Site owner only. One course's revenue by topic, by lecture and by buying student; every topic and
    lecture of the course is listed (zeros included). An unknown course is NotFound."""

    async def execute(self, actor: Actor, course_id: int) -> CourseRevenue:
        require_site_owner(actor)
        report = await self._reader.course(course_id)
        if report is None:
            raise NotFound()
        return report


class ComputeLectureRevenue(Query[RevenueReader]):
    """Site owner only. One lecture's revenue, buyers, purchase timeline (oldest first) and the average
    number of days between a buyer's approval in the course (``responded_at``, else ``enrolled_at``) and
    the purchase, over the purchases whose buyer holds an approved enrollment (0.0 when none). An unknown
    lecture is NotFound."""

    async def execute(self, actor: Actor, lecture_id: int) -> LectureRevenue:
        require_site_owner(actor)
        report = await self._reader.lecture(lecture_id)
        if report is None:
            raise NotFound()
        return report


class ComputeStudentRevenue(Query[RevenueReader]):
    """Site owner only. Every student with an approved enrollment or a purchase — within ``course_id``
    when given (an unknown course gives an empty list) — with what they spent, most first."""

    async def execute(self, actor: Actor, course_id: int | None = None) -> list[StudentRevenueRow]:
        require_site_owner(actor)
        return await self._reader.students(course_id)
