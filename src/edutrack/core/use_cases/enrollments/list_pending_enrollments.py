"""The enrollment requests waiting for a teacher (Teacher §6, GET /courses/enrollments/pending/)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.use_cases.enrollments.common import require_staff
from edutrack.core.use_cases.shared import Query
from edutrack.ports.enrollments import EnrollmentFilter, EnrollmentReader, EnrollmentRow
from edutrack.ports.readers import Page, PageRequest


class ListPendingEnrollments(Query[EnrollmentReader]):
    """Teachers and their assistants only (students, the site owner: PermissionDenied). The pending
    enrollments in the teacher's own courses — never another teacher's — oldest first (first come, first
    served); ``course_id`` narrows to one course."""

    async def execute(
        self, actor: Actor, page: PageRequest, course_id: int | None = None
    ) -> Page[EnrollmentRow]:
        teacher_id = require_staff(actor)
        filters = EnrollmentFilter(
            teacher_id=teacher_id, course_id=course_id, status=EnrollmentStatus.PENDING
        )
        return await self._reader.list(filters, page, oldest_first=True)
