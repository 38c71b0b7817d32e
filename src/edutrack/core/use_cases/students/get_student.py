"""One student's profile: the student's own, or any student's for the site owner."""

from __future__ import annotations

from edutrack.core.actor import Actor, Role
from edutrack.core.errors import found
from edutrack.core.policies.access import require_role, require_site_owner
from edutrack.core.use_cases.shared import Query
from edutrack.ports.students import StudentReader, StudentRow


class GetMyStudentProfile(Query[StudentReader]):
    """A student: their own profile (found by their user id). A student account without a profile is
    404."""

    async def execute(self, actor: Actor) -> StudentRow:
        require_role(actor, Role.STUDENT)
        return found(await self._reader.get_by_user(actor.user_id))


class GetStudent(Query[StudentReader]):
    """Site owner only: any student by profile id; an unknown id is 404 ``Not found.``."""

    async def execute(self, actor: Actor, student_id: int) -> StudentRow:
        require_site_owner(actor)
        return found(await self._reader.get(student_id))
