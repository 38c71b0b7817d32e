"""The idempotency-key store (a mixin of Container): in memory, or in the main database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from edutrack.adapters.memory.idempotency import MemoryIdempotencyStore
from edutrack.adapters.sql.database import session_factory
from edutrack.adapters.sql.idempotency import SqlIdempotencyStore
from edutrack.ports.idempotency import IdempotencyStore

if TYPE_CHECKING:
    from edutrack.composition import Container


class IdempotencyFactories:
    def idempotency_store(self: Container) -> IdempotencyStore:
        """Writes go through the units of work's session factory (on SQLite: ``BEGIN IMMEDIATE``, the
        writers' engine), each operation in a short transaction of its own."""
        if self.memory_store is not None:
            return MemoryIdempotencyStore(self.memory_store)
        assert self.db_config is not None, "a SQL container has a database config"
        return SqlIdempotencyStore(session_factory(self.db_config))
