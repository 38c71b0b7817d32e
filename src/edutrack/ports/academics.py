"""Reference data: its rows, filter and reader, and the catalog the use cases write through."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from edutrack.core.entities.academics import ReferenceItem, ReferenceKind
from edutrack.ports.readers import NamedRef, Page, PageRequest


@dataclass(frozen=True, slots=True)
class GradeRow:
    id: int
    name: str
    order: int


@dataclass(frozen=True, slots=True)
class SchoolTypeRow:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class DivisionRow:
    id: int
    name: str
    grades: list[NamedRef] = field(default_factory=list)
    school_types: list[NamedRef] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SubjectRow:
    id: int
    name: str
    grades: list[NamedRef] = field(default_factory=list)
    divisions: list[DivisionRow] = field(default_factory=list)
    school_types: list[NamedRef] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class GovernorateRow:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class AreaRow:
    id: int
    name: str
    governorate: int


@dataclass(frozen=True, slots=True)
class VideoSecurityRow:
    id: int
    name: str
    price_per_student: Decimal


ReferenceRow = (
    GradeRow | SchoolTypeRow | DivisionRow | SubjectRow | GovernorateRow | AreaRow | VideoSecurityRow
)


@dataclass(frozen=True, slots=True)
class ReferenceFilter:
    """``parent`` filters areas by governorate, divisions and subjects by grade; ``search`` by name."""

    parent: int | None = None
    search: str | None = None


class ReferenceReader(Protocol):
    async def list(
        self, kind: ReferenceKind, filters: ReferenceFilter, page: PageRequest
    ) -> Page[ReferenceRow]: ...

    async def get(self, kind: ReferenceKind, item_id: int) -> ReferenceRow | None: ...


class ReferenceCatalog(Protocol):
    async def get(self, kind: ReferenceKind, item_id: int) -> ReferenceItem | None: ...

    async def add(self, item: ReferenceItem) -> ReferenceItem:
        """Insert and assign ``item.id``."""
        ...

    async def save(self, item: ReferenceItem) -> None: ...

    async def delete(self, kind: ReferenceKind, item_id: int) -> None:
        """Raise ``InUse`` when another row still refers to it."""
        ...

    async def missing_ids(self, kind: ReferenceKind, ids: Iterable[int]) -> set[int]: ...

    async def name_taken(self, item: ReferenceItem) -> bool:
        """Another item of the same kind (and, for areas, the same governorate) has this name."""
        ...
