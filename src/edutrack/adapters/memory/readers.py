from __future__ import annotations

from edutrack.adapters.memory.store import MemoryStore
from edutrack.ports.readers import UserRow


class MemoryAccountReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def principal(self, user_id: int) -> UserRow | None:
        state = self._store.state
        user = state.users.get(user_id)
        if user is None or user.id is None:
            return None
        own = next((t.id for t in state.teachers.values() if t.user_id == user.id), None)
        assistant = next((a for a in state.assistants.values() if a.user_id == user.id), None)
        student = next((s.id for s in state.students.values() if s.user_id == user.id), None)
        employer_active = True
        if assistant is not None:
            employer = state.teachers.get(assistant.teacher_id)
            employer_user = state.users.get(employer.user_id) if employer else None
            employer_active = employer_user is None or employer_user.is_active
        return UserRow(
            id=user.id,
            username=user.username,
            role=user.role.value,
            name=user.name,
            is_active=user.is_active and employer_active,
            teacher_id=own if own is not None else (assistant.teacher_id if assistant else None),
            assistant_id=assistant.id if assistant else None,
            student_id=student,
        )


class MemoryHealthProbe:
    async def database_ready(self) -> bool:
        return True
