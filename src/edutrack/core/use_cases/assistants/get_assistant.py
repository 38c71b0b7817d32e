"""One of the calling teacher's assistants (Teacher API §1, GET /accounts/teacher/assistant/{id}/)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.errors import NotFound
from edutrack.core.use_cases.assistants.create_assistant import require_teacher
from edutrack.core.use_cases.shared import Query
from edutrack.ports.assistants import AssistantReader, AssistantRow


class GetMyAssistant(Query[AssistantReader]):
    """Teacher only. Another teacher's assistant, or a missing one, is NotFound (never its data)."""

    async def execute(self, actor: Actor, assistant_id: int) -> AssistantRow:
        teacher_id = require_teacher(actor)
        row = await self._reader.get(assistant_id)
        if row is None or row.teacher != teacher_id:
            raise NotFound()
        return row
