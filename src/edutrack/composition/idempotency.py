"""The idempotency-key store of the money requests (in memory, or in the main database), and the
test-only fault injector (``adapters/sql/faults.py``)."""

from __future__ import annotations

import os

from edutrack.adapters.memory.idempotency import MemoryIdempotencyStore
from edutrack.adapters.sql.faults import FaultInjector
from edutrack.adapters.sql.idempotency import SqlIdempotencyStore
from edutrack.composition.container import Container
from edutrack.ports.idempotency import IdempotencyStore

FAULT_VARIABLE = "EDUTRACK_FAULT_INJECTION"


def _store(c: Container) -> IdempotencyStore:
    """Writes go through the units of work's session factory (on SQLite: ``BEGIN IMMEDIATE``, the
    writers' engine), each operation in a short transaction of its own."""
    if c.memory_store is not None:
        return MemoryIdempotencyStore(c.memory_store)
    assert c.write_sessions is not None
    return SqlIdempotencyStore(c.write_sessions)


def _faults(c: Container) -> FaultInjector:
    """Enabled only with ``EDUTRACK_ENV=test`` and ``EDUTRACK_FAULT_INJECTION=1``; refused elsewhere."""
    wanted = os.environ.get(FAULT_VARIABLE, "").strip()
    if wanted in {"", "0"}:
        return FaultInjector()
    if c.settings.environment != "test" or wanted != "1":
        raise RuntimeError(f"{FAULT_VARIABLE}=1 is allowed only with EDUTRACK_ENV=test")
    return FaultInjector(c.engines)


def wire(c: Container) -> None:
    c.component(IdempotencyStore, lambda c: _store(c))
    c.component(FaultInjector, lambda c: _faults(c))
    c.get(FaultInjector)  # built now: a refused setting stops the start-up, hooks are in place
