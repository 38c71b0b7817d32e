"""The site owner's list of students."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.policies.access import require_site_owner
from edutrack.core.use_cases.shared import Query
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.students import StudentFilter, StudentReader, StudentRow


class ListStudents(Query[StudentReader]):
    """Site owner only: every student, newest first, filtered by status, grade, school type and a
    search over name_ar, name_en, student_code and national_id (case-insensitive, contains)."""

    async def execute(self, actor: Actor, filters: StudentFilter, page: PageRequest) -> Page[StudentRow]:
        require_site_owner(actor)
        return await self._reader.list(filters, page)
