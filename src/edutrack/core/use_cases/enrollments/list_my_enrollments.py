"""A student's own enrollments (API_SUPPLEMENT §5, GET /courses/enrollments/my/)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.use_cases.enrollments.common import require_student
from edutrack.core.use_cases.shared import Query
from edutrack.ports.enrollments import EnrollmentFilter, EnrollmentReader, EnrollmentRow
from edutrack.ports.readers import Page, PageRequest


class ListMyEnrollments(Query[EnrollmentReader]):
    """Students only (any status of the student account: reading needs no verification). Every
    enrollment of the calling student, whatever its status (``status`` narrows), newest first."""

    async def execute(
        self, actor: Actor, page: PageRequest, status: EnrollmentStatus | None = None
    ) -> Page[EnrollmentRow]:
        student_id = require_student(actor)
        return await self._reader.list(EnrollmentFilter(student_id=student_id, status=status), page)
