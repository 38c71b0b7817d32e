"""Create a course (SiteOwner §3, POST /courses/).

The command comes checked (the HTTP edge: ``schemas/courses.py``): the name trimmed, not blank and at most
200 characters, a blank description none, a cover that is really an image. The use case applies the rules
that need the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from edutrack.core.actor import Actor
from edutrack.core.entities.academics import Grade, ReferenceKind
from edutrack.core.entities.content import Course
from edutrack.core.errors import FieldErrors, found, invalid_pk
from edutrack.core.policies.access import require_site_owner
from edutrack.core.policies.content import viewer_of
from edutrack.core.policies.uploads import Upload, check_image
from edutrack.core.use_cases.shared import PictureWriter
from edutrack.ports.courses import CourseReader, CourseRow
from edutrack.ports.storage import MediaStorage
from edutrack.ports.uow import UnitOfWork

COVER_FOLDER = "courses"
DUPLICATE = "A course with this Teacher, Grade, and Name already exists."


def not_teaching(teacher_name: str, grade_name: str) -> str:
    return f"Teacher {teacher_name} does not teach grade {grade_name}."


def no_subject(teacher_name: str) -> str:
    return f"Teacher {teacher_name} has no subject; assign one before creating a course."


async def check_unique(uow: UnitOfWork, course: Course, errors: FieldErrors) -> None:
    if errors.fields:
        return
    if await uow.courses.name_taken(course.teacher_id, course.grade_id, course.name, exclude_id=course.id):
        errors.add("non_field_errors", DUPLICATE)


async def store_cover(storage: MediaStorage, upload: Upload | None) -> str | None:
    """Stored under the extension its bytes say; a file that is not really an image is never stored."""
    if upload is None:
        return None
    return await storage.save(COVER_FOLDER, check_image(upload, field="cover_picture"), upload.content)


async def answer(reader: CourseReader, actor: Actor, course_id: int) -> CourseRow:
    return found(await reader.get(viewer_of(actor), course_id))


@dataclass(frozen=True, slots=True)
class NewCourse:
    """``teacher_id`` is a teacher profile id."""

    name: str
    teacher_id: int
    grade_id: int
    description: str | None = None
    is_active: bool = True
    cover_picture: Upload | None = field(default=None, repr=False)


class CreateCourse(PictureWriter[CourseReader]):
    """Site owner only.

    Invariants: the teacher and the grade exist; the teacher has a subject (the course's subject is the
    teacher's) and teaches the grade; the name is unique for the teacher and grade (exact match; the
    database's unique constraint decides a race). The cover is stored before the transaction and deleted
    again if the transaction fails.
    """

    async def execute(self, actor: Actor, data: NewCourse) -> CourseRow:
        require_site_owner(actor)
        async with self._uow as uow:
            await self._prepare(uow, data)  # fail fast, before the file write
        key = await store_cover(self._storage, data.cover_picture)
        try:
            async with self._uow as uow:
                course = await self._prepare(uow, data)
                course.cover_picture = key
                await uow.courses.add(course)
                await uow.commit()
        except Exception:
            if key is not None:
                await self._storage.delete(key)
            raise
        assert course.id is not None
        return await answer(self._reader, actor, course.id)

    async def _prepare(self, uow: UnitOfWork, data: NewCourse) -> Course:
        """Check every rule and build the unsaved course; raise all field errors at once."""
        errors = FieldErrors()
        teacher = await uow.teachers.get(data.teacher_id)
        user = await uow.users.get(teacher.user_id) if teacher is not None else None
        if teacher is None or user is None:
            errors.add("teacher", invalid_pk(data.teacher_id))
        grade = await uow.reference.get(ReferenceKind.GRADE, data.grade_id)
        if not isinstance(grade, Grade):
            errors.add("grade", invalid_pk(data.grade_id))
        if teacher is not None and user is not None:
            if teacher.subject_id is None:
                errors.add("teacher", no_subject(user.name))
            if isinstance(grade, Grade) and data.grade_id not in teacher.grade_ids:
                errors.add("grade", not_teaching(user.name, grade.name))
        errors.raise_if_any()
        assert teacher is not None and teacher.subject_id is not None
        now = self._clock.now()
        course = Course(
            name=data.name,
            teacher_id=data.teacher_id,
            grade_id=data.grade_id,
            subject_id=teacher.subject_id,
            description=data.description,
            is_active=data.is_active,
            created_at=now,
            updated_at=now,
        )
        await check_unique(uow, course, errors)
        errors.raise_if_any()
        return course
