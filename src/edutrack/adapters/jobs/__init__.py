"""Running background jobs: in this process (``inline``) or through PostgreSQL (``postgres_queue``).

Both adapters take the same ``BoundJob`` list, built by ``composition/jobs.py`` from what the features
registered with ``c.job(...)``: plain async functions already bound to the container, so the adapters
know nothing of the container and the same functions run under either.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class BoundJob:
    name: str
    run: Callable[..., Awaitable[object]]  # keyword arguments only (what ``enqueue`` passes)
    every: timedelta | None = None  # periodic when set
