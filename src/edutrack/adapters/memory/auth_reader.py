"""The principal behind a token, from the accounts and the profiles (apart from ``auth.py``, whose
account tables the profile modules import)."""

from __future__ import annotations

from edutrack.adapters.memory import assistants as memory_assistants
from edutrack.adapters.memory import students as memory_students
from edutrack.adapters.memory import teachers as memory_teachers
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.store import MemoryStore
from edutrack.ports.auth import UserRow


class MemoryAccountReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def principal(self, user_id: int) -> UserRow | None:
        state = self._store.state
        users = state.of(AccountTables).users
        teachers = state.of(memory_teachers.TeacherTables).teachers
        user = users.get(user_id)
        if user is None or user.id is None:
            return None
        own = next((t.id for t in teachers.values() if t.user_id == user.id), None)
        assistants = state.of(memory_assistants.AssistantTables).assistants.values()
        assistant = next((a for a in assistants if a.user_id == user.id), None)
        students = state.of(memory_students.StudentTables).students.values()
        student = next((s.id for s in students if s.user_id == user.id), None)
        employer_active = True
        if assistant is not None:
            employer = teachers.get(assistant.teacher_id)
            employer_user = users.get(employer.user_id) if employer else None
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
