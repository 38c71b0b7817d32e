"""The in-memory backend is always ready."""

from __future__ import annotations


class MemoryHealthProbe:
    async def database_ready(self) -> bool:
        return True

    async def replica_ready(self) -> bool | None:
        return None
