"""Change some fields of a course (SiteOwner §3, PATCH /courses/{id}/)."""

from __future__ import annotations

from dataclasses import dataclass, field

from edutrack.core.actor import Actor
from edutrack.core.commands import UNSET, Unset
from edutrack.core.entities.content import Course
from edutrack.core.errors import FieldErrors, NotFound
from edutrack.core.policies.access import require_site_owner
from edutrack.core.policies.uploads import Upload
from edutrack.core.use_cases.courses.create_course import answer, check_unique, store_cover
from edutrack.core.use_cases.shared import PictureWriter
from edutrack.ports.courses import CourseReader, CourseRow
from edutrack.ports.uow import UnitOfWork

TEACHER_FIXED = "Cannot change the teacher of an existing course."
GRADE_FIXED = "Cannot change the grade of an existing course."


@dataclass(frozen=True, slots=True)
class CourseChanges:
    """``UNSET`` leaves a field as stored. ``description=None`` clears it; ``cover_picture=None`` removes
    the cover, an ``Upload`` replaces it. ``teacher_id``/``grade_id`` may only repeat the stored value.
    Checked like ``NewCourse``."""

    name: str | Unset = UNSET
    teacher_id: int | Unset = UNSET
    grade_id: int | Unset = UNSET
    description: str | Unset | None = UNSET
    is_active: bool | Unset = UNSET
    cover_picture: Upload | Unset | None = field(default=UNSET, repr=False)


class UpdateCourse(PictureWriter[CourseReader]):
    """Site owner only.

    Invariants: the teacher and the grade of a course never change (sending the stored value is fine);
    the name stays unique for the teacher and grade; a new cover is stored before the transaction (deleted
    if it fails); the replaced cover is deleted only after the commit. Unknown course: NotFound.
    """

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
                if cover is not UNSET:
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
        if changes.teacher_id is not UNSET and changes.teacher_id != course.teacher_id:
            errors.add("teacher", TEACHER_FIXED)
        if changes.grade_id is not UNSET and changes.grade_id != course.grade_id:
            errors.add("grade", GRADE_FIXED)
        if changes.description is not UNSET:
            course.description = changes.description
        if changes.is_active is not UNSET:
            course.is_active = changes.is_active
        if changes.name is not UNSET:
            course.name = changes.name
            await check_unique(uow, course, errors)
        errors.raise_if_any()
        return course
