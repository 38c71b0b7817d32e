"""Idempotency keys over the in-memory state, with the same behaviour as the SQL store.

Every operation is one step under the store's lock, outside any unit of work: the keys live in the
state's ``IdempotencyTables`` like any table, and a unit of work (which holds the same lock while it runs)
copies them along unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from edutrack.adapters.memory.store import MemoryStore
from edutrack.ports.idempotency import InProgress, Mismatch, Replay, Reservation, Reserved


@dataclass(frozen=True, slots=True)
class StoredKey:
    request_hash: str
    created_at: datetime
    status: int | None = None
    body: bytes | None = None


@dataclass
class IdempotencyTables:
    keys: dict[tuple[int, str], StoredKey] = field(default_factory=dict)


class MemoryIdempotencyStore:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _keys(self) -> dict[tuple[int, str], StoredKey]:
        return self._store.state.of(IdempotencyTables).keys

    async def reserve(self, user_id: int, key: str, request_hash: str, now: datetime) -> Reservation:
        async with self._store.lock:
            keys = self._keys()
            stored = keys.get((user_id, key))
            if stored is None:
                keys[(user_id, key)] = StoredKey(request_hash=request_hash, created_at=now)
                return Reserved()
        if stored.request_hash != request_hash:
            return Mismatch()
        if stored.status is None or stored.body is None:
            return InProgress()
        return Replay(stored.status, stored.body)

    async def complete(self, user_id: int, key: str, status: int, body: bytes) -> None:
        async with self._store.lock:
            keys = self._keys()
            stored = keys.get((user_id, key))
            if stored is not None:
                keys[(user_id, key)] = replace(stored, status=status, body=body)

    async def release(self, user_id: int, key: str) -> None:
        async with self._store.lock:
            keys = self._keys()
            stored = keys.get((user_id, key))
            if stored is not None and stored.status is None:
                del keys[(user_id, key)]

    async def purge_older_than(self, cutoff: datetime) -> int:
        async with self._store.lock:
            keys = self._keys()
            old = [name for name, stored in keys.items() if stored.created_at < cutoff]
            for name in old:
                del keys[name]
            return len(old)
