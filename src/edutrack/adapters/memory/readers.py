from __future__ import annotations

from edutrack.adapters.memory.store import MemoryStore
from edutrack.ports.readers import UserRow


class MemoryAccountReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def principal(self, user_id: int) -> UserRow | None:
        user = self._store.state.users.get(user_id)
        if user is None or user.id is None:
            return None
        return UserRow(
            id=user.id, username=user.username, role=user.role.value, name=user.name, is_active=user.is_active
        )


class MemoryHealthProbe:
    async def database_ready(self) -> bool:
        return True
