"""Teachers in memory: the repository (inside a unit of work) and the reader (last committed state)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from edutrack.adapters.memory import academics as memory_academics
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.entities.people import TeacherProfile
from edutrack.core.errors import Conflict
from edutrack.ports.academics import SubjectRow, VideoSecurityRow
from edutrack.ports.readers import NamedRef, Page, PageRequest
from edutrack.ports.teachers import TeacherFilter, TeacherRow


@dataclass
class TeacherTables:
    teachers: dict[int, TeacherProfile] = field(default_factory=dict)


class MemoryTeacherRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(TeacherTables)

    def _check_keys(self, teacher: TeacherProfile) -> None:
        """Mirrors the SQL foreign keys and the one-profile-per-user unique key."""
        reference = self._state.of(memory_academics.AcademicTables).reference
        if (
            teacher.user_id not in self._state.of(AccountTables).users
            or (teacher.subject_id is not None and teacher.subject_id not in reference[ReferenceKind.SUBJECT])
            or any(g not in reference[ReferenceKind.GRADE] for g in teacher.grade_ids)
            or (
                teacher.video_security_id is not None
                and teacher.video_security_id not in reference[ReferenceKind.VIDEO_SECURITY]
            )
            or any(
                t.user_id == teacher.user_id and t.id != teacher.id for t in self._tables.teachers.values()
            )
        ):
            raise Conflict("The request conflicts with the current state of the resource.")

    async def add(self, teacher: TeacherProfile) -> TeacherProfile:
        self._check_keys(teacher)
        teacher.id = self._state.next_id("teachers")
        self._store(teacher)
        return teacher

    def _store(self, teacher: TeacherProfile) -> None:
        """Grades kept as the SQL rows come back: unique, by id."""
        assert teacher.id is not None
        stored = copy.deepcopy(teacher)
        stored.grade_ids = sorted(set(teacher.grade_ids))
        self._tables.teachers[teacher.id] = stored

    async def get(self, teacher_id: int) -> TeacherProfile | None:
        teacher = self._tables.teachers.get(teacher_id)
        return copy.deepcopy(teacher) if teacher is not None else None

    async def save(self, teacher: TeacherProfile) -> None:
        assert teacher.id is not None and teacher.id in self._tables.teachers
        self._check_keys(teacher)
        self._store(teacher)


class MemoryTeacherReader:
    """Same rows, order and filters as the SQL reader."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._reference = memory_academics.MemoryReferenceReader(store)

    def _matches(self, teacher: TeacherProfile, filters: TeacherFilter) -> bool:
        user = self._store.state.of(AccountTables).users[teacher.user_id]
        return (
            (filters.is_active is None or user.is_active == filters.is_active)
            and (filters.subject_id is None or teacher.subject_id == filters.subject_id)
            and (filters.grade_id is None or filters.grade_id in teacher.grade_ids)
            and (filters.search is None or filters.search.lower() in user.name.lower())
        )

    async def _row(self, teacher: TeacherProfile) -> TeacherRow:
        assert teacher.id is not None
        user = self._store.state.of(AccountTables).users[teacher.user_id]
        subject = video = None
        if teacher.subject_id is not None:
            subject = await self._reference.get(ReferenceKind.SUBJECT, teacher.subject_id)
        if teacher.video_security_id is not None:
            video = await self._reference.get(ReferenceKind.VIDEO_SECURITY, teacher.video_security_id)
        grades = self._store.state.of(memory_academics.AcademicTables).reference[ReferenceKind.GRADE]
        chosen = sorted(
            (grades[i] for i in teacher.grade_ids if i in grades),
            key=lambda g: (g.order, g.id or 0),  # type: ignore[union-attr]
        )
        return TeacherRow(
            id=teacher.id,
            user_id=teacher.user_id,
            username=user.username,
            name=user.name,
            gmail=user.gmail,
            is_active=user.is_active,
            phone=teacher.phone,
            secondary_phone=teacher.secondary_phone,
            gender=teacher.gender.value,
            profile_picture=teacher.profile_picture,
            biography=teacher.biography,
            facebook=teacher.facebook,
            created_at=teacher.created_at,
            subject=subject if isinstance(subject, SubjectRow) else None,
            grades=[NamedRef(id=g.id, name=g.name) for g in chosen if g.id is not None],
            video_security=video if isinstance(video, VideoSecurityRow) else None,
        )

    async def list(self, filters: TeacherFilter, page: PageRequest) -> Page[TeacherRow]:
        teachers = [
            t for t in self._store.state.of(TeacherTables).teachers.values() if self._matches(t, filters)
        ]
        teachers.sort(key=lambda t: t.id or 0, reverse=True)
        end = None if page.limit is None else page.offset + page.limit
        return Page(total=len(teachers), items=[await self._row(t) for t in teachers[page.offset : end]])

    async def get(self, teacher_id: int) -> TeacherRow | None:
        teacher = self._store.state.of(TeacherTables).teachers.get(teacher_id)
        return await self._row(teacher) if teacher is not None else None
