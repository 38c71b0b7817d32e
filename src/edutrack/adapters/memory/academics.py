"""Reference data in memory: the catalog (write side, in a unit of work) and the reader (committed state)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field

from edutrack.adapters.memory import teachers as memory_teachers
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.adapters.memory.students import StudentTables
from edutrack.core.entities.academics import (
    REFERENCES,
    Area,
    Division,
    Grade,
    ReferenceItem,
    ReferenceKind,
    Subject,
    VideoSecurity,
)
from edutrack.core.errors import InUse, NotFound
from edutrack.ports.academics import (
    AreaRow,
    DivisionRow,
    GovernorateRow,
    GradeRow,
    ReferenceFilter,
    ReferenceRow,
    SchoolTypeRow,
    SubjectRow,
    VideoSecurityRow,
)
from edutrack.ports.readers import NamedRef, Page, PageRequest


@dataclass
class AcademicTables:
    reference: dict[ReferenceKind, dict[int, ReferenceItem]] = field(
        default_factory=lambda: {kind: {} for kind in ReferenceKind}
    )


# Profile fields that point at reference rows (the SQL foreign keys that RESTRICT deletes).
PROFILE_REFERENCES: dict[ReferenceKind, tuple[str, ...]] = {
    ReferenceKind.GRADE: ("grade_ids", "grade_id"),
    ReferenceKind.SUBJECT: ("subject_id",),
    ReferenceKind.VIDEO_SECURITY: ("video_security_id",),
    ReferenceKind.SCHOOL_TYPE: ("school_type_id",),
    ReferenceKind.DIVISION: ("division_id",),
    ReferenceKind.GOVERNORATE: ("governorate_id",),
    ReferenceKind.AREA: ("area_id",),
}


class MemoryReferenceCatalog:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    def _items(self, kind: ReferenceKind) -> dict[int, ReferenceItem]:
        return self._state.of(AcademicTables).reference[kind]

    def _referenced(self, kind: ReferenceKind, item_id: int) -> bool:
        """Mirrors the RESTRICT foreign keys of the SQL schema."""
        for owner_kind, fields in REFERENCES.items():
            for name, target in fields.items():
                if target is not kind:
                    continue
                for other in self._items(owner_kind).values():
                    value = getattr(other, name)
                    if value == item_id or (isinstance(value, list) and item_id in value):
                        return True
        # bank_chapters.subject_id (imported here: the question bank's module imports this one)
        from edutrack.adapters.memory import questions as memory_questions

        if kind is ReferenceKind.SUBJECT and memory_questions.chapter_ids_of_subject(self._state, item_id):
            return True
        teachers = self._state.of(memory_teachers.TeacherTables).teachers
        profiles = [*teachers.values(), *self._state.of(StudentTables).students.values()]
        for profile in profiles:
            for name in PROFILE_REFERENCES.get(kind, ()):
                value = getattr(profile, name, None)
                if value == item_id or (isinstance(value, list) and item_id in value):
                    return True
        return False

    async def get(self, kind: ReferenceKind, item_id: int) -> ReferenceItem | None:
        item = self._items(kind).get(item_id)
        return copy.deepcopy(item) if item is not None else None

    async def add(self, item: ReferenceItem) -> ReferenceItem:
        item.id = self._state.next_id(item.kind.value)
        self._items(item.kind)[item.id] = copy.deepcopy(item)
        return item

    async def save(self, item: ReferenceItem) -> None:
        assert item.id is not None and item.id in self._items(item.kind)
        self._items(item.kind)[item.id] = copy.deepcopy(item)

    async def delete(self, kind: ReferenceKind, item_id: int) -> None:
        if item_id not in self._items(kind):
            raise NotFound()
        if self._referenced(kind, item_id):
            raise InUse()
        del self._items(kind)[item_id]

    async def missing_ids(self, kind: ReferenceKind, ids: Iterable[int]) -> set[int]:
        return {i for i in ids if i not in self._items(kind)}

    async def name_taken(self, item: ReferenceItem) -> bool:
        wanted = item.name.strip().lower()
        for other in self._items(item.kind).values():
            if other.id == item.id or other.name.lower() != wanted:
                continue
            if (
                isinstance(item, Area)
                and isinstance(other, Area)
                and other.governorate_id != item.governorate_id
            ):
                continue
            return True
        return False


def _position(item: ReferenceItem) -> tuple[int, int]:
    """Grades by (order, id), everything else by id."""
    return (item.order if isinstance(item, Grade) else 0, item.id or 0)


class MemoryReferenceReader:
    """Same rows, order and filters as the SQL reader, over the last committed state."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _items(self, kind: ReferenceKind) -> dict[int, ReferenceItem]:
        return self._store.state.of(AcademicTables).reference[kind]

    def _refs(self, kind: ReferenceKind, ids: list[int]) -> list[NamedRef]:
        items = [self._items(kind)[i] for i in ids if i in self._items(kind)]
        items.sort(key=_position)
        return [NamedRef(id=i.id, name=i.name) for i in items if i.id is not None]

    def _division_row(self, item: Division) -> DivisionRow:
        assert item.id is not None
        return DivisionRow(
            id=item.id,
            name=item.name,
            grades=self._refs(ReferenceKind.GRADE, item.grade_ids),
            school_types=self._refs(ReferenceKind.SCHOOL_TYPE, item.school_type_ids),
        )

    def _row(self, item: ReferenceItem) -> ReferenceRow:
        assert item.id is not None
        match item:
            case Grade():
                return GradeRow(id=item.id, name=item.name, order=item.order)
            case Division():
                return self._division_row(item)
            case Subject():
                divisions = self._items(ReferenceKind.DIVISION)
                chosen = sorted(i for i in item.division_ids if i in divisions)
                return SubjectRow(
                    id=item.id,
                    name=item.name,
                    grades=self._refs(ReferenceKind.GRADE, item.grade_ids),
                    divisions=[self._division_row(divisions[i]) for i in chosen],  # type: ignore[arg-type]
                    school_types=self._refs(ReferenceKind.SCHOOL_TYPE, item.school_type_ids),
                )
            case Area():
                return AreaRow(id=item.id, name=item.name, governorate=item.governorate_id)
            case VideoSecurity():
                return VideoSecurityRow(id=item.id, name=item.name, price_per_student=item.price_per_student)
        if item.kind is ReferenceKind.SCHOOL_TYPE:
            return SchoolTypeRow(id=item.id, name=item.name)
        return GovernorateRow(id=item.id, name=item.name)

    @staticmethod
    def _matches(item: ReferenceItem, filters: ReferenceFilter) -> bool:
        if filters.search and filters.search.lower() not in item.name.lower():
            return False
        if filters.parent is not None:
            if isinstance(item, Area):
                return item.governorate_id == filters.parent
            if isinstance(item, Division | Subject):
                return filters.parent in item.grade_ids
        return True

    async def list(
        self, kind: ReferenceKind, filters: ReferenceFilter, page: PageRequest
    ) -> Page[ReferenceRow]:
        items = [i for i in self._items(kind).values() if self._matches(i, filters)]
        items.sort(key=_position)
        end = None if page.limit is None else page.offset + page.limit
        return Page(total=len(items), items=[self._row(i) for i in items[page.offset : end]])

    async def get(self, kind: ReferenceKind, item_id: int) -> ReferenceRow | None:
        item = self._items(kind).get(item_id)
        return self._row(item) if item is not None else None
