"""What every reader shares: the page asked for, the page answered, and a named reference."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageRequest:
    """``limit`` None means every row (``?all=true``)."""

    offset: int = 0
    limit: int | None = 50


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    total: int
    items: list[T]


@dataclass(frozen=True, slots=True)
class NamedRef:
    id: int
    name: str
