"""A page of teachers (SiteOwner §1, GET /accounts/teachers/)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.policies.access import require_site_owner
from edutrack.core.use_cases.shared import Query
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.teachers import TeacherFilter, TeacherReader, TeacherRow


class ListTeachers(Query[TeacherReader]):
    """Site owner only. Newest first; filtered by active flag, subject, a taught grade and a name search."""

    async def execute(self, actor: Actor, filters: TeacherFilter, page: PageRequest) -> Page[TeacherRow]:
        require_site_owner(actor)
        return await self._reader.list(filters, page)
