"""The in-memory database behind the fakes: real state, real transactions (copy on begin, swap on commit)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

from edutrack.core.entities.academics import ReferenceItem, ReferenceKind
from edutrack.core.entities.users import RefreshToken, User


@dataclass
class MemoryState:
    users: dict[int, User] = field(default_factory=dict)
    refresh_tokens: dict[str, RefreshToken] = field(default_factory=dict)
    attempts: list[tuple[str, str, datetime]] = field(default_factory=list)
    reference: dict[ReferenceKind, dict[int, ReferenceItem]] = field(
        default_factory=lambda: {kind: {} for kind in ReferenceKind}
    )
    sequences: dict[str, int] = field(default_factory=dict)

    def next_id(self, name: str) -> int:
        self.sequences[name] = self.sequences.get(name, 0) + 1
        return self.sequences[name]


class MemoryStore:
    """Shared by every memory unit of work and reader of one app. Transactions are serialised by a lock,
    which makes the fake at least as strict as the real databases."""

    def __init__(self) -> None:
        self.state = MemoryState()
        self.lock = asyncio.Lock()
