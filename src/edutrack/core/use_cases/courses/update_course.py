"""Change some fields of a course (SiteOwner §3, PATCH /courses/{id}/)."""

from __future__ import annotations

from dataclasses import dataclass, field

from edutrack.core.actor import Actor
from edutrack.core.entities.content import Course
from edutrack.core.errors import FieldErrors, NotFound
from edutrack.core.policies.access import require_site_owner
from edutrack.core.policies.teachers import KEEP, Keep
from edutrack.core.policies.uploads import Upload, check_image
from edutrack.core.use_cases.courses.create_course import (
    answer,
    check_unique,
    clean_description,
    clean_name,
    store_cover,
)
from edutrack.ports.clock import Clock
from edutrack.ports.courses import CourseReader, CourseRow
from edutrack.ports.storage import MediaStorage
from edutrack.ports.uow import UnitOfWork

TEACHER_FIXED = "Cannot change the teacher of an existing course."
GRADE_FIXED = "Cannot change the grade of an existing course."


@dataclass(frozen=True, slots=True)
class CourseChanges:
    """``KEEP`` leaves a field as stored. ``description=None`` clears it; ``cover_picture=None`` removes
    the cover, an ``Upload`` replaces it. ``teacher_id``/``grade_id`` may only repeat the stored value."""

    name: str | Keep = KEEP
    teacher_id: int | Keep = KEEP
    grade_id: int | Keep = KEEP
    description: str | Keep | None = KEEP
    is_active: bool | Keep = KEEP
    cover_picture: Upload | Keep | None = field(default=KEEP, repr=False)


class UpdateCourse:
    """Site owner only.

    Invariants: the teacher and the grade of a course never change (sending the stored value is fine);
    the name stays non-blank and unique for the teacher and grade; a new cover is checked like on create
    and stored before the transaction (deleted if it fails); the replaced cover is deleted only after the
    commit. Unknown course: NotFound.
    """

    def __init__(self, uow: UnitOfWork, storage: MediaStorage, clock: Clock, reader: CourseReader) -> None:
        self._uow = uow
        self._storage = storage
        self._clock = clock
        self._reader = reader

    async def execute(self, actor: Actor, course_id: int, changes: CourseChanges) -> CourseRow:
        require_site_owner(actor)
        async with self._uow as uow:
            await self._prepare(uow, course_id, changes)  # fail fast, before the file write
        cover = changes.cover_picture
        key = await store_cover(self._storage, cover) if isinstance(cover, Upload) else None
        replaced: str | None = None
        try:
            async with self._uow as uow:
                course = await self._prepare(uow, course_id, changes)
                if cover is not KEEP:
                    replaced = course.cover_picture
                    course.cover_picture = key
                course.updated_at = self._clock.now()
                await uow.courses.save(course)
                await uow.commit()
        except Exception:
            if key is not None:
                await self._storage.delete(key)
            raise
        if replaced is not None:
            await self._storage.delete(replaced)
        return await answer(self._reader, actor, course_id)

    async def _prepare(self, uow: UnitOfWork, course_id: int, changes: CourseChanges) -> Course:
        """Load the course, apply the changes and check every rule (all errors at once)."""
        course = await uow.courses.get(course_id)
        if course is None:
            raise NotFound()
        errors = FieldErrors()
        if changes.teacher_id is not KEEP and changes.teacher_id != course.teacher_id:
            errors.add("teacher", TEACHER_FIXED)
        if changes.grade_id is not KEEP and changes.grade_id != course.grade_id:
            errors.add("grade", GRADE_FIXED)
        if isinstance(changes.name, str):
            course.name = clean_name(changes.name, errors)
        if not isinstance(changes.description, Keep):
            course.description = clean_description(changes.description, errors)
        if isinstance(changes.is_active, bool):
            course.is_active = changes.is_active
        if isinstance(changes.cover_picture, Upload):
            errors.check(check_image, changes.cover_picture, field="cover_picture")
        if isinstance(changes.name, str):
            await check_unique(uow, course, errors)
        errors.raise_if_any()
        return course
