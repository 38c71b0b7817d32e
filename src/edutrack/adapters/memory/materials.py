"""Study materials in memory: the repository (in a unit of work) and the reader (committed state),
mirroring the SQL schema's foreign keys."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from edutrack.adapters.memory import courses as memory_courses
from edutrack.adapters.memory import lessons as memory_lessons
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.core.entities.content import Lecture, Material
from edutrack.core.errors import Conflict
from edutrack.ports.materials import MaterialFilter, MaterialRow
from edutrack.ports.readers import Page, PageRequest

CONFLICT = "The request conflicts with the current state of the resource."


@dataclass
class MaterialTables:
    materials: dict[int, Material] = field(default_factory=dict)


def _teacher_of(state: MemoryState, lecture_id: int) -> int | None:
    lessons = state.of(memory_lessons.LessonTables)
    lecture = lessons.lectures.get(lecture_id)
    topic = lessons.topics.get(lecture.topic_id) if lecture else None
    course = state.of(memory_courses.CourseTables).courses.get(topic.course_id) if topic else None
    return course.teacher_id if course else None


class MemoryMaterialRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(MaterialTables)

    def _lectures(self) -> dict[int, Lecture]:
        return self._state.of(memory_lessons.LessonTables).lectures

    async def add(self, material: Material) -> Material:
        if material.lecture_id not in self._lectures():
            raise Conflict(CONFLICT)
        material.id = self._state.next_id("materials")
        self._tables.materials[material.id] = copy.copy(material)
        return material

    async def get(self, material_id: int) -> Material | None:
        material = self._tables.materials.get(material_id)
        return copy.copy(material) if material else None

    async def save(self, material: Material) -> None:
        assert material.id is not None
        if material.id not in self._tables.materials:
            return
        if material.lecture_id not in self._lectures():
            raise Conflict(CONFLICT)
        self._tables.materials[material.id] = copy.copy(material)

    async def delete(self, material_id: int) -> None:
        self._tables.materials.pop(material_id, None)

    async def lecture_teacher(self, lecture_id: int) -> int | None:
        return _teacher_of(self._state, lecture_id)

    async def file_keys(
        self, *, lecture_id: int | None = None, topic_id: int | None = None, course_id: int | None = None
    ) -> list[str]:
        keys = []
        lessons = self._state.of(memory_lessons.LessonTables)
        for material in self._tables.materials.values():
            lecture = lessons.lectures.get(material.lecture_id)
            topic = lessons.topics.get(lecture.topic_id) if lecture else None
            if lecture is None or topic is None:
                continue
            if (
                (lecture_id is not None and material.lecture_id == lecture_id)
                or (lecture_id is None and topic_id is not None and lecture.topic_id == topic_id)
                or (
                    lecture_id is None
                    and topic_id is None
                    and course_id is not None
                    and topic.course_id == course_id
                )
            ):
                keys.append(material.file)
        return keys


def _matches(row: MaterialRow, filters: MaterialFilter) -> bool:
    return (
        (filters.teacher is None or row.teacher_id == filters.teacher)
        and (not filters.visible_only or row.visible)
        and (filters.lecture is None or row.lecture_id == filters.lecture)
        and (filters.course is None or row.course_id == filters.course)
    )


def _sorted(rows: list[MaterialRow], ordering: tuple[tuple[str, bool], ...]) -> list[MaterialRow]:
    """The SQL order: the requested fields, then ``created_at`` and ``id``. Stable sorts applied from the
    last key to the first give the same result."""
    rows = sorted(rows, key=lambda row: (row.created_at, row.id))
    for name, descending in reversed(ordering):
        rows.sort(key=lambda row, n=name: getattr(row, n), reverse=descending)  # type: ignore[misc]
    return rows


class MemoryMaterialReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _row(self, material: Material) -> MaterialRow | None:
        state = self._store.state
        lessons = state.of(memory_lessons.LessonTables)
        lecture = lessons.lectures.get(material.lecture_id)
        topic = lessons.topics.get(lecture.topic_id) if lecture else None
        course = state.of(memory_courses.CourseTables).courses.get(topic.course_id) if topic else None
        if lecture is None or topic is None or course is None or material.id is None:
            return None
        return MaterialRow(
            id=material.id,
            lecture_id=material.lecture_id,
            lecture_name=lecture.name,
            course_id=course.id or 0,
            teacher_id=course.teacher_id,
            title=material.title,
            description=material.description,
            file=material.file,
            file_size=material.file_size,
            visible=course.is_active and topic.is_active and lecture.is_visible,
            created_at=material.created_at,
            updated_at=material.updated_at,
        )

    async def list(self, filters: MaterialFilter, page: PageRequest) -> Page[MaterialRow]:
        rows = [
            row
            for m in self._store.state.of(MaterialTables).materials.values()
            if (row := self._row(m)) is not None
        ]
        rows = _sorted([row for row in rows if _matches(row, filters)], filters.ordering)
        end = None if page.limit is None else page.offset + page.limit
        return Page(total=len(rows), items=rows[page.offset : end])

    async def get(self, material_id: int) -> MaterialRow | None:
        material = self._store.state.of(MaterialTables).materials.get(material_id)
        return self._row(material) if material else None
