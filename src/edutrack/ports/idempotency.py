"""Idempotency keys of the money requests: the outcome is saved with the effect (ADR 0007).

A key belongs to one user. The HTTP edge checks the key, fingerprints the request and hands the use case
an ``IdempotencyRequest``. Inside its unit of work the use case ``claim``s the key first
(``uow.idempotency``): the first claimant holds it until its transaction ends (a concurrent duplicate
waits), and a key whose outcome was saved gives that outcome back, so the use case returns it instead of
acting again. After the effect, ``record`` stores the use case's result in the same transaction: both are
committed, or neither is. A refusal (a 4xx) has no effect; the edge keeps its answer in a short transaction
of its own (``IdempotencyStore.refuse``) and replays it. Keys are kept at least ``KEY_RETENTION``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

KEY_RETENTION = timedelta(hours=24)
KEY_REUSED = "Idempotency key reused with a different request."

T = TypeVar("T")


@dataclass(slots=True)
class IdempotencyRequest:
    """A money request sent with a key. ``replayed`` is set by the use case when it returns a stored
    outcome instead of acting; ``refused`` when the key turned out to hold a stored refusal."""

    user_id: int
    key: str
    fingerprint: str
    replayed: bool = False
    refused: bool = False


@dataclass(frozen=True, slots=True)
class StoredKey:
    """What the edge sees of a key: its fingerprint, and a stored refusal if there is one."""

    fingerprint: str
    status: int | None
    body: bytes | None
    has_result: bool


class IdempotencyRepository(Protocol):
    """Inside a unit of work."""

    async def claim(self, request: IdempotencyRequest, now: datetime, result_type: type[T]) -> T | None:
        """Hold the key until the transaction ends. None: run the request (then ``record``). A stored
        result: return it (``request.replayed`` is set). Another fingerprint: ``Conflict(KEY_REUSED)``; a
        stored refusal: ``request.refused`` is set and ``Conflict`` raised (the edge replays the refusal)."""
        ...

    async def record(self, request: IdempotencyRequest, result: object) -> None:
        """Store the use case's result under the claimed key (same transaction as the effect)."""
        ...


class IdempotencyStore(Protocol):
    """At the edge, each operation a short transaction of its own."""

    async def find(self, user_id: int, key: str) -> StoredKey | None: ...

    async def refuse(self, request: IdempotencyRequest, status: int, body: bytes, now: datetime) -> None:
        """Keep a refusal's answer, unless the key already holds an outcome."""
        ...

    async def purge_older_than(self, cutoff: datetime) -> int:
        """Delete the keys created before ``cutoff``; returns how many."""
        ...
