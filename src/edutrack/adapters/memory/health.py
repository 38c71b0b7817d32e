"""The in-memory backend is always ready."""

from __future__ import annotations


class MemoryHealthProbe:
    async def database_ready(self) -> bool:
        return True
