"""Idempotency keys over the in-memory state, with the same behaviour as the SQL adapters (ADR 0007).

The keys live in the state's ``IdempotencyTables`` like any table: the repository works inside a unit of
work (which holds the store's lock, copies on begin and swaps on commit), so a key and its result are kept
together with the effect or not at all; the edge's store takes the lock for each operation.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TypeVar, cast

from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.core.errors import Conflict
from edutrack.ports.idempotency import KEY_REUSED, IdempotencyRequest, StoredKey

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class KeyRow:
    request_hash: str
    created_at: datetime
    status: int | None = None
    body: bytes | None = None
    result: object | None = None


@dataclass
class IdempotencyTables:
    keys: dict[tuple[int, str], KeyRow] = field(default_factory=dict)


class MemoryIdempotencyRepository:
    def __init__(self, state: MemoryState) -> None:
        self._keys = state.of(IdempotencyTables).keys

    async def claim(self, request: IdempotencyRequest, now: datetime, result_type: type[T]) -> T | None:
        name = (request.user_id, request.key)
        row = self._keys.get(name)
        if row is None:
            self._keys[name] = KeyRow(request.fingerprint, now)
            return None
        if row.request_hash != request.fingerprint:
            raise Conflict(KEY_REUSED)
        if row.result is not None:
            assert isinstance(row.result, result_type)
            request.replayed = True
            return cast(T, row.result)
        if row.status is not None:
            request.refused = True
            raise Conflict(KEY_REUSED)
        return None

    async def record(self, request: IdempotencyRequest, result: object) -> None:
        name = (request.user_id, request.key)
        self._keys[name] = replace(self._keys[name], result=result)


class MemoryIdempotencyStore:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _keys(self) -> dict[tuple[int, str], KeyRow]:
        return self._store.state.of(IdempotencyTables).keys

    async def find(self, user_id: int, key: str) -> StoredKey | None:
        async with self._store.lock:
            row = self._keys().get((user_id, key))
        if row is None:
            return None
        return StoredKey(row.request_hash, row.status, row.body, row.result is not None)

    async def refuse(self, request: IdempotencyRequest, status: int, body: bytes, now: datetime) -> None:
        async with self._store.lock:
            keys = self._keys()
            name = (request.user_id, request.key)
            row = keys.get(name)
            if row is None:
                keys[name] = KeyRow(request.fingerprint, now, status, body)
            elif row.result is None and row.status is None and row.request_hash == request.fingerprint:
                keys[name] = replace(row, status=status, body=body)

    async def purge_older_than(self, cutoff: datetime) -> int:
        async with self._store.lock:
            keys = self._keys()
            old = [name for name, row in keys.items() if row.created_at < cutoff]
            for name in old:
                del keys[name]
            return len(old)
