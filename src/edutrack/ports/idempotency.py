"""Remembering the first answer to a request sent with an ``Idempotency-Key``.

A key belongs to one user. ``reserve`` claims it atomically: exactly one of several simultaneous callers
gets ``Reserved`` and runs the request; the others learn that it is still running (``InProgress``), or, once
``complete`` stored the answer, get that answer back (``Replay``). The same key with another request is a
``Mismatch``. ``release`` forgets an unfinished reservation (the request failed without a definite answer,
so a retry may run it again). Keys are kept at least ``KEY_RETENTION``; ``purge_older_than`` drops older ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

KEY_RETENTION = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Reserved:
    """The caller owns the key now: run the request, then ``complete`` or ``release``."""


@dataclass(frozen=True, slots=True)
class Replay:
    """The request already ran: this is its answer."""

    status: int
    body: bytes


@dataclass(frozen=True, slots=True)
class Mismatch:
    """The key was first used with a different request."""


@dataclass(frozen=True, slots=True)
class InProgress:
    """Another caller holds the key and has not stored an answer yet."""


Reservation = Reserved | Replay | Mismatch | InProgress


class IdempotencyStore(Protocol):
    async def reserve(self, user_id: int, key: str, request_hash: str, now: datetime) -> Reservation:
        """Claim ``(user_id, key)`` for the request fingerprinted ``request_hash``, in one atomic step."""
        ...

    async def complete(self, user_id: int, key: str, status: int, body: bytes) -> None:
        """Store the answer of the reserved request; later ``reserve`` calls replay it."""
        ...

    async def release(self, user_id: int, key: str) -> None:
        """Forget the reservation if no answer was stored (a stored answer is never removed here)."""
        ...

    async def purge_older_than(self, cutoff: datetime) -> int:
        """Delete the keys created before ``cutoff``; returns how many."""
        ...
