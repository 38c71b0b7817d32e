"""One teacher (SiteOwner §1, GET /accounts/teachers/{id}/)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.errors import NotFound
from edutrack.core.policies.access import require_site_owner
from edutrack.ports.teachers import TeacherReader, TeacherRow


class GetTeacher:
    """Site owner only. The teacher by profile id (not user id); unknown id: NotFound."""

    def __init__(self, reader: TeacherReader) -> None:
        self._reader = reader

    async def execute(self, actor: Actor, teacher_id: int) -> TeacherRow:
        require_site_owner(actor)
        row = await self._reader.get(teacher_id)
        if row is None:
            raise NotFound()
        return row
