"""One teacher (SiteOwner §1, GET /accounts/teachers/{id}/)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.errors import found
from edutrack.core.policies.access import require_site_owner
from edutrack.core.use_cases.shared import Query
from edutrack.ports.teachers import TeacherReader, TeacherRow


class GetTeacher(Query[TeacherReader]):
    """Site owner only. The teacher by profile id (not user id); unknown id: NotFound."""

    async def execute(self, actor: Actor, teacher_id: int) -> TeacherRow:
        require_site_owner(actor)
        return found(await self._reader.get(teacher_id))
