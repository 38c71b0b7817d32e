"""The in-memory database behind the fakes: real state, real transactions (copy on begin, swap on commit).

The state knows no feature. Each feature's module (``adapters/memory/<feature>.py``) declares its tables as
a dataclass of collections, and its fakes reach them with ``state.of(ThatTables)``: created empty on first
use and kept in the state, so the unit of work's deep copy and swap cover them like any other table.
A reader may read another feature's tables, as an SQL reader joins them. Features whose tables refer to
each other (a cascade, a RESTRICT key) import each other's module, not the class, so the cycle resolves.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TypeVar, cast

T = TypeVar("T")


@dataclass
class MemoryState:
    tables: dict[type, object] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)

    def of(self, kind: type[T]) -> T:
        """The tables of one feature (a dataclass whose fields all have defaults)."""
        found = self.tables.get(kind)
        if found is None:
            found = self.tables[kind] = kind()
        return cast(T, found)

    def next_id(self, name: str) -> int:
        self.sequences[name] = self.sequences.get(name, 0) + 1
        return self.sequences[name]


class MemoryStore:
    """Shared by every memory unit of work and reader of one app. Transactions are serialised by a lock,
    which makes the fake at least as strict as the real databases."""

    def __init__(self) -> None:
        self.state = MemoryState()
        self.lock = asyncio.Lock()
