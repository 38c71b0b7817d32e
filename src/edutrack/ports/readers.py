"""Read-side ports: plain rows built by the database for lists and details."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, Protocol, TypeVar

from edutrack.core.entities.academics import ReferenceKind

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


@dataclass(frozen=True, slots=True)
class UserRow:
    """The principal behind a token. ``is_active`` is effective: an assistant of a deactivated teacher is
    inactive too. The profile ids say which profile the user has (by role)."""

    id: int
    username: str
    role: str
    name: str
    is_active: bool
    teacher_id: int | None = None
    assistant_id: int | None = None
    student_id: int | None = None


class AccountReader(Protocol):
    async def principal(self, user_id: int) -> UserRow | None:
        """The user behind a token, loaded on every request so deactivation takes effect at once."""
        ...


class HealthProbe(Protocol):
    async def database_ready(self) -> bool: ...
