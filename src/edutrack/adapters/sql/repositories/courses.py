"""Courses in SQL. Deleting relies on the ON DELETE CASCADE keys for the content; enrollments RESTRICT."""

from __future__ import annotations

from sqlalchemy import delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.enrollments import EnrollmentModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.adapters.sql.tables.materials import MaterialModel
from edutrack.core.entities.content import Course
from edutrack.ports.courses import CourseFiles

COLUMNS = (
    "name",
    "teacher_id",
    "grade_id",
    "subject_id",
    "description",
    "cover_picture",
    "is_active",
    "created_at",
    "updated_at",
)
OPEN_ENROLLMENT = ("pending", "approved")


def _values(course: Course) -> dict[str, object]:
    return {name: getattr(course, name) for name in COLUMNS}


class SqlCourseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, course: Course) -> Course:
        row = CourseModel(**_values(course))
        self._session.add(row)
        try:
            await self._session.flush()
        except IntegrityError as exc:
            raise errors.translate(exc) from exc
        course.id = row.id
        return course

    async def get(self, course_id: int) -> Course | None:
        if not valid_id(course_id):
            return None
        row = await self._session.get(CourseModel, course_id)
        if row is None:
            return None
        return Course(id=row.id, **{name: getattr(row, name) for name in COLUMNS})

    async def save(self, course: Course) -> None:
        assert course.id is not None
        values = _values(course)
        del values["created_at"]
        try:
            await self._session.execute(update(CourseModel).where(CourseModel.id == course.id).values(values))
        except IntegrityError as exc:
            raise errors.translate(exc) from exc

    async def delete(self, course_id: int) -> None:
        """Rejected enrollment requests go with the course; an open one makes the RESTRICT key refuse."""
        try:
            await self._session.execute(
                delete(EnrollmentModel).where(
                    EnrollmentModel.course_id == course_id, EnrollmentModel.status.not_in(OPEN_ENROLLMENT)
                )
            )
            await self._session.execute(delete(CourseModel).where(CourseModel.id == course_id))
        except IntegrityError as exc:
            raise errors.translate(exc) from exc

    async def name_taken(
        self, teacher_id: int, grade_id: int, name: str, exclude_id: int | None = None
    ) -> bool:
        condition = exists().where(
            CourseModel.teacher_id == teacher_id, CourseModel.grade_id == grade_id, CourseModel.name == name
        )
        if exclude_id is not None:
            condition = condition.where(CourseModel.id != exclude_id)
        return bool(await self._session.scalar(select(condition)))

    async def has_students(self, course_id: int) -> bool:
        condition = exists().where(
            EnrollmentModel.course_id == course_id, EnrollmentModel.status.in_(OPEN_ENROLLMENT)
        )
        return bool(await self._session.scalar(select(condition)))

    async def file_keys(self, course_id: int) -> CourseFiles:
        lecture_ids = (
            select(LectureModel.id)
            .join(TopicModel, TopicModel.id == LectureModel.topic_id)
            .where(TopicModel.course_id == course_id)
        )
        pictures = await self._session.scalars(
            select(CourseModel.cover_picture)
            .where(CourseModel.id == course_id, CourseModel.cover_picture.is_not(None))
            .union_all(
                select(LectureModel.picture).where(
                    LectureModel.id.in_(lecture_ids), LectureModel.picture.is_not(None)
                )
            )
        )
        materials = await self._session.scalars(
            select(MaterialModel.file)
            .where(MaterialModel.lecture_id.in_(lecture_ids))
            .order_by(MaterialModel.id)
        )
        return CourseFiles(pictures=[p for p in pictures if p], materials=list(materials))
