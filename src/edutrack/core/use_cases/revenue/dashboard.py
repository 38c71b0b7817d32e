"""The teacher dashboard (Teacher §13)."""

from __future__ import annotations

from edutrack.core.actor import Actor, Role
from edutrack.core.errors import PermissionDenied
from edutrack.core.policies.access import require_role
from edutrack.core.use_cases.shared import Query
from edutrack.ports.revenue import RECENT_LIMIT, RevenueReader, TeacherDashboard


class ComputeTeacherDashboard(Query[RevenueReader]):
    """A teacher, or an assistant for their employing teacher. Scoped to that teacher's courses (active or
    not): course and approved-student counts, revenue, the latest 10 enrollments (any status) and
    purchases, and a per-course breakdown. Other teachers' data never appears."""

    async def execute(self, actor: Actor) -> TeacherDashboard:
        require_role(actor, Role.TEACHER, Role.ASSISTANT)
        if actor.teacher_id is None:
            raise PermissionDenied()
        return await self._reader.teacher_dashboard(actor.teacher_id, RECENT_LIMIT)
