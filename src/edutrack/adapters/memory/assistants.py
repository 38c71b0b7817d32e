"""Assistants in memory: the repository (in a unit of work) and the reader (committed state), mirroring
the SQL schema's foreign keys and cascades."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.notifications import NotificationTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.adapters.memory.teachers import TeacherTables
from edutrack.core.entities.people import AssistantProfile
from edutrack.core.errors import Conflict
from edutrack.ports.assistants import AssistantFilter, AssistantRow
from edutrack.ports.readers import Page, PageRequest

CONFLICT = "The request conflicts with the current state of the resource."


@dataclass
class AssistantTables:
    assistants: dict[int, AssistantProfile] = field(default_factory=dict)


class MemoryAssistantRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(AssistantTables)
        self._accounts = state.of(AccountTables)

    def _check_references(self, assistant: AssistantProfile) -> None:
        teachers = self._state.of(TeacherTables).teachers
        if assistant.user_id not in self._accounts.users or assistant.teacher_id not in teachers:
            raise Conflict(CONFLICT)
        if any(
            other.user_id == assistant.user_id and other.id != assistant.id
            for other in self._tables.assistants.values()
        ):
            raise Conflict(CONFLICT)

    async def add(self, assistant: AssistantProfile) -> AssistantProfile:
        self._check_references(assistant)
        assistant.id = self._state.next_id("assistants")
        self._tables.assistants[assistant.id] = copy.copy(assistant)
        return assistant

    async def get(self, assistant_id: int) -> AssistantProfile | None:
        assistant = self._tables.assistants.get(assistant_id)
        return copy.copy(assistant) if assistant else None

    async def save(self, assistant: AssistantProfile) -> None:
        assert assistant.id is not None and assistant.id in self._tables.assistants
        self._check_references(assistant)
        self._tables.assistants[assistant.id] = copy.copy(assistant)

    async def delete(self, assistant_id: int) -> None:
        assistant = self._tables.assistants.pop(assistant_id, None)
        if assistant is None:
            return
        user_id = assistant.user_id
        self._accounts.users.pop(user_id, None)
        tokens = self._accounts.refresh_tokens
        for jti, token in list(tokens.items()):
            if token.user_id == user_id:
                del tokens[jti]
        notifications = self._state.of(NotificationTables).notifications
        for key, notification in list(notifications.items()):
            if notification.user_id == user_id:
                del notifications[key]


def _matches(row: AssistantRow, filters: AssistantFilter) -> bool:
    if filters.teacher is not None and row.teacher != filters.teacher:
        return False
    if filters.search:
        needle = filters.search.lower()
        return any(needle in (value or "").lower() for value in (row.name, row.phone, row.gmail))
    return True


class MemoryAssistantReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _row(self, assistant: AssistantProfile) -> AssistantRow | None:
        users = self._store.state.of(AccountTables).users
        user = users.get(assistant.user_id)
        teacher = self._store.state.of(TeacherTables).teachers.get(assistant.teacher_id)
        teacher_user = users.get(teacher.user_id) if teacher else None
        if user is None or teacher_user is None or assistant.id is None:
            return None
        return AssistantRow(
            id=assistant.id,
            user_id=assistant.user_id,
            username=user.username,
            name=user.name,
            phone=assistant.phone,
            gmail=user.gmail,
            gender=assistant.gender.value if assistant.gender else None,
            profile_picture=assistant.profile_picture,
            is_active=user.is_active,
            created_at=assistant.created_at,
            teacher=assistant.teacher_id,
            teacher_name=teacher_user.name,
        )

    async def list(self, filters: AssistantFilter, page: PageRequest) -> Page[AssistantRow]:
        rows = [
            row
            for a in self._store.state.of(AssistantTables).assistants.values()
            if (row := self._row(a)) is not None
        ]
        rows = [row for row in rows if _matches(row, filters)]
        rows.sort(key=lambda row: (row.created_at, row.id), reverse=True)
        end = None if page.limit is None else page.offset + page.limit
        return Page(total=len(rows), items=rows[page.offset : end])

    async def get(self, assistant_id: int) -> AssistantRow | None:
        assistant = self._store.state.of(AssistantTables).assistants.get(assistant_id)
        return self._row(assistant) if assistant else None
