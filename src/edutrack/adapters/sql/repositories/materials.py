"""Study materials in SQL: rows copied to and from the core's ``Material``."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import values_of
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.adapters.sql.tables.materials import MaterialModel
from edutrack.core.entities.content import Material

# the columns the row shares one-to-one with the entity (besides id and created_at)
COLUMNS = ("lecture_id", "title", "description", "file", "file_size", "updated_at")


def _material(row: MaterialModel) -> Material:
    return Material(id=row.id, created_at=row.created_at, **values_of(row, COLUMNS))


class SqlMaterialRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, material: Material) -> Material:
        row = MaterialModel(created_at=material.created_at, **values_of(material, COLUMNS))
        self._session.add(row)
        try:
            await self._session.flush()
        except IntegrityError as exc:
            raise errors.translate(exc) from exc
        material.id = row.id
        return material

    async def get(self, material_id: int) -> Material | None:
        if not valid_id(material_id):
            return None
        row = await self._session.scalar(select(MaterialModel).where(MaterialModel.id == material_id))
        return _material(row) if row else None

    async def save(self, material: Material) -> None:
        assert material.id is not None
        try:
            await self._session.execute(
                update(MaterialModel)
                .where(MaterialModel.id == material.id)
                .values(**values_of(material, COLUMNS))
            )
        except IntegrityError as exc:
            raise errors.translate(exc) from exc

    async def delete(self, material_id: int) -> None:
        if valid_id(material_id):
            await self._session.execute(delete(MaterialModel).where(MaterialModel.id == material_id))

    async def lecture_teacher(self, lecture_id: int) -> int | None:
        if not valid_id(lecture_id):
            return None
        return await self._session.scalar(
            select(CourseModel.teacher_id)
            .join(TopicModel, TopicModel.course_id == CourseModel.id)
            .join(LectureModel, LectureModel.topic_id == TopicModel.id)
            .where(LectureModel.id == lecture_id)
        )

    async def file_keys(
        self, *, lecture_id: int | None = None, topic_id: int | None = None, course_id: int | None = None
    ) -> list[str]:
        statement = select(MaterialModel.file).join(LectureModel, LectureModel.id == MaterialModel.lecture_id)
        if lecture_id is not None:
            statement = statement.where(MaterialModel.lecture_id == lecture_id)
        elif topic_id is not None:
            statement = statement.where(LectureModel.topic_id == topic_id)
        elif course_id is not None:
            statement = statement.join(TopicModel, TopicModel.id == LectureModel.topic_id).where(
                TopicModel.course_id == course_id
            )
        else:
            return []
        return list((await self._session.scalars(statement)).all())
