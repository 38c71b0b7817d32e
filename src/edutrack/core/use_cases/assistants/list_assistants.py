"""Pages of assistants: a teacher's own (Teacher API §1) and everyone's (SiteOwner API §4)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.policies.access import require_site_owner
from edutrack.core.use_cases.assistants.create_assistant import require_teacher
from edutrack.core.use_cases.shared import Query
from edutrack.ports.assistants import AssistantFilter, AssistantReader, AssistantRow
from edutrack.ports.readers import Page, PageRequest


class ListMyAssistants(Query[AssistantReader]):
    """Teacher only: the calling teacher's assistants, newest first; ``search`` matches name, phone or
    gmail. Never another teacher's assistants."""

    async def execute(self, actor: Actor, page: PageRequest, search: str | None = None) -> Page[AssistantRow]:
        teacher_id = require_teacher(actor)
        return await self._reader.list(AssistantFilter(teacher=teacher_id, search=search), page)


class ListAllAssistants(Query[AssistantReader]):
    """Site owner only (read-only): every assistant of every teacher, newest first, filtered by
    ``teacher`` (teacher profile id) and ``search`` (name, phone or gmail, case-insensitive)."""

    async def execute(self, actor: Actor, filters: AssistantFilter, page: PageRequest) -> Page[AssistantRow]:
        require_site_owner(actor)
        return await self._reader.list(filters, page)
