"""The idempotency-key store of the money requests: in memory, or in the main database."""

from __future__ import annotations

from edutrack.adapters.memory.idempotency import MemoryIdempotencyStore
from edutrack.adapters.sql.idempotency import SqlIdempotencyStore
from edutrack.composition.container import Container
from edutrack.ports.idempotency import IdempotencyStore


def _store(c: Container) -> IdempotencyStore:
    """Writes go through the units of work's session factory (on SQLite: ``BEGIN IMMEDIATE``, the
    writers' engine), each operation in a short transaction of its own."""
    if c.memory_store is not None:
        return MemoryIdempotencyStore(c.memory_store)
    assert c.write_sessions is not None
    return SqlIdempotencyStore(c.write_sessions)


def wire(c: Container) -> None:
    c.component(IdempotencyStore, lambda c: _store(c))
