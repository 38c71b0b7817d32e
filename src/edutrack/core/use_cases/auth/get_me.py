from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor
from edutrack.core.errors import NotAuthenticated
from edutrack.core.policies.access import require_active
from edutrack.ports.assistants import AssistantReader, AssistantRow
from edutrack.ports.auth import AccountReader, UserRow
from edutrack.ports.students import StudentReader, StudentRow
from edutrack.ports.teachers import TeacherReader, TeacherRow


@dataclass(frozen=True, slots=True)
class Me:
    user: UserRow
    profile: TeacherRow | AssistantRow | StudentRow | None


class GetMe:
    """Any authenticated, active user: their own account and their role's profile (the teacher, assistant
    or student object as the documents show it; none for a site owner)."""

    def __init__(
        self,
        accounts: AccountReader,
        teachers: TeacherReader,
        assistants: AssistantReader,
        students: StudentReader,
    ) -> None:
        self._accounts = accounts
        self._teachers = teachers
        self._assistants = assistants
        self._students = students

    async def execute(self, actor: Actor) -> Me:
        require_active(actor)
        user = await self._accounts.principal(actor.user_id)
        if user is None:
            raise NotAuthenticated()
        profile: TeacherRow | AssistantRow | StudentRow | None = None
        if user.assistant_id is not None:
            profile = await self._assistants.get(user.assistant_id)
        elif user.student_id is not None:
            profile = await self._students.get(user.student_id)
        elif user.teacher_id is not None:
            profile = await self._teachers.get(user.teacher_id)
        return Me(user=user, profile=profile)
