"""Study materials (Teacher API §11): the write-side repository (in a unit of work) and the read rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from edutrack.core.entities.content import Material
from edutrack.ports.readers import Page, PageRequest


class MaterialRepository(Protocol):
    async def add(self, material: Material) -> Material:
        """Insert and assign ``material.id`` (its lecture must exist)."""
        ...

    async def get(self, material_id: int) -> Material | None: ...

    async def save(self, material: Material) -> None: ...

    async def delete(self, material_id: int) -> None: ...

    async def lecture_teacher(self, lecture_id: int) -> int | None:
        """The teacher profile id owning the lecture's course; None when there is no such lecture."""
        ...

    async def file_keys(
        self, *, lecture_id: int | None = None, topic_id: int | None = None, course_id: int | None = None
    ) -> list[str]:
        """The private storage keys of every material under the given lecture, topic or course (exactly
        one of them): what to delete after a cascading delete commits."""
        ...


@dataclass(frozen=True, slots=True)
class MaterialRow:
    """One material with its lecture's name and scope. ``file`` is the private storage key; ``visible`` is
    whether a student may see the material at all (active course, active topic, visible lecture)."""

    id: int
    lecture_id: int
    lecture_name: str
    course_id: int
    teacher_id: int
    title: str
    description: str | None
    file: str
    file_size: int
    visible: bool
    created_at: datetime
    updated_at: datetime


ORDERING_FIELDS = ("title", "created_at", "updated_at", "file_size", "id")


@dataclass(frozen=True, slots=True)
class MaterialFilter:
    """``teacher`` keeps one teacher's courses; ``visible_only`` keeps what a student may see; ``lecture``
    and ``course`` narrow further. ``ordering`` is ``[(field, descending), ...]`` over ``ORDERING_FIELDS``
    (default: oldest first, ``created_at`` then ``id``)."""

    teacher: int | None = None
    visible_only: bool = False
    lecture: int | None = None
    course: int | None = None
    ordering: tuple[tuple[str, bool], ...] = ()


class MaterialReader(Protocol):
    async def list(self, filters: MaterialFilter, page: PageRequest) -> Page[MaterialRow]: ...

    async def get(self, material_id: int) -> MaterialRow | None: ...
