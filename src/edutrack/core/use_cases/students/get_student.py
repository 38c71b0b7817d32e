"""One student's profile: the student's own, or any student's for the site owner."""

from __future__ import annotations

from edutrack.core.actor import Actor, Role
from edutrack.core.errors import NotFound
from edutrack.core.policies.access import require_role, require_site_owner
from edutrack.ports.students import StudentReader, StudentRow


class GetMyStudentProfile:
    """A student: their own profile (found by their user id). A student account without a profile is
    404."""

    def __init__(self, reader: StudentReader) -> None:
        self._reader = reader

    async def execute(self, actor: Actor) -> StudentRow:
        require_role(actor, Role.STUDENT)
        row = await self._reader.get_by_user(actor.user_id)
        if row is None:
            raise NotFound()
        return row


class GetStudent:
    """Site owner only: any student by profile id; an unknown id is 404 ``Not found.``."""

    def __init__(self, reader: StudentReader) -> None:
        self._reader = reader

    async def execute(self, actor: Actor, student_id: int) -> StudentRow:
        require_site_owner(actor)
        row = await self._reader.get(student_id)
        if row is None:
            raise NotFound()
        return row
