"""Topics, lectures and videos in SQL: rows copied to and from the core's entities. ``get`` also tells the
teacher of the owning course (one joined statement); deletes cascade in the database and report the files
the deleted lectures held."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors, rollups
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import values_of
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel, VideoModel
from edutrack.adapters.sql.tables.materials import MaterialModel
from edutrack.adapters.sql.tables.purchases import PurchaseModel
from edutrack.core.entities.content import Lecture, Platform, Topic, Video
from edutrack.ports.lessons import Owned, RemovedFiles

E = TypeVar("E", Topic, Lecture, Video)
C, T, L, V, P = CourseModel, TopicModel, LectureModel, VideoModel, PurchaseModel


# the columns a row shares one-to-one with its entity (besides id and created_at)
TOPIC_COLUMNS = ("course_id", "name", "description", "order", "is_active", "updated_at")
LECTURE_COLUMNS = (
    "topic_id",
    "name",
    "description",
    "price",
    "discount",
    "available_days",
    "is_visible",
    "picture",
    "order",
    "updated_at",
)
VIDEO_COLUMNS = (
    "lecture_id",
    "name",
    "platform",
    "video_url",
    "order",
    "duration_minutes",
    "is_active",
    "updated_at",
)


def _topic(row: TopicModel) -> Topic:
    return Topic(id=row.id, created_at=row.created_at, **values_of(row, TOPIC_COLUMNS))


def _lecture(row: LectureModel) -> Lecture:
    return Lecture(id=row.id, created_at=row.created_at, **values_of(row, LECTURE_COLUMNS))


def _video(row: VideoModel) -> Video:
    values = values_of(row, VIDEO_COLUMNS)
    values["platform"] = Platform(row.platform)
    return Video(id=row.id, created_at=row.created_at, **values)


def _topic_values(topic: Topic) -> dict[str, Any]:
    return values_of(topic, TOPIC_COLUMNS)


def _lecture_values(lecture: Lecture) -> dict[str, Any]:
    return values_of(lecture, LECTURE_COLUMNS)


def _video_values(video: Video) -> dict[str, Any]:
    values = values_of(video, VIDEO_COLUMNS)
    values["platform"] = video.platform.value
    return values


class _Repository(Generic[E]):
    """add/get/save for one table; ``joins`` lead from the table to the course for the owner's id."""

    model: Any
    to_entity: Callable[[Any], E]
    values: Callable[[E], dict[str, Any]]
    joins: tuple[tuple[Any, ColumnElement[bool]], ...]

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _flush(self) -> None:
        try:
            await self._session.flush()
        except IntegrityError as exc:
            raise errors.translate(exc) from exc

    async def add(self, entity: E) -> E:
        row = self.model(**self.values(entity), created_at=entity.created_at)
        self._session.add(row)
        await self._flush()
        entity.id = row.id
        return entity

    async def get(self, item_id: int) -> Owned[E] | None:
        if not valid_id(item_id):
            return None
        statement = select(self.model, C.teacher_id)
        for table, on in self.joins:
            statement = statement.join(table, on)
        found = (await self._session.execute(statement.where(self.model.id == item_id))).one_or_none()
        if found is None:
            return None
        return Owned(self.to_entity(found[0]), found.teacher_id)

    async def save(self, entity: E) -> None:
        assert entity.id is not None
        statement = update(self.model).where(self.model.id == entity.id).values(**self.values(entity))
        try:
            await self._session.execute(statement)
        except IntegrityError as exc:
            raise errors.translate(exc) from exc


async def _delete_lectures(session: AsyncSession, where: ColumnElement[bool]) -> RemovedFiles:
    """The files of the lectures matching ``where`` (read first: the rows cascade away)."""
    pictures = (
        await session.scalars(select(L.picture).where(where, L.picture.is_not(None)).order_by(L.id))
    ).all()
    materials = (
        await session.scalars(
            select(MaterialModel.file).join(L, L.id == MaterialModel.lecture_id).where(where)
        )
    ).all()
    return RemovedFiles(pictures=tuple(p for p in pictures if p), materials=tuple(materials))


async def _delete_with_lectures(
    session: AsyncSession, lectures: ColumnElement[bool], statement: Any
) -> RemovedFiles:
    """Run the delete that takes the lectures matching ``lectures`` with it; return their files. A lecture
    bought since the use case checked makes the purchases' foreign key refuse (PostgreSQL; SQLite
    serialises writers), which becomes the domain error of adapters/sql/errors.py."""
    removed = await _delete_lectures(session, lectures)
    try:
        await session.execute(statement)
    except IntegrityError as exc:
        raise errors.translate(exc) from exc
    return removed


class SqlTopicRepository(_Repository[Topic]):
    model = T
    to_entity = staticmethod(_topic)
    values = staticmethod(_topic_values)
    joins = ((C, C.id == T.course_id),)

    async def save(self, entity: Topic) -> None:
        """A topic moved to another course takes its lectures' sales with it (``course_sales``)."""
        assert entity.id is not None
        before = await self._session.scalar(select(T.course_id).where(T.id == entity.id))
        await super().save(entity)
        if before is not None and before != entity.course_id:
            await rollups.recount_courses(self._session, {before, entity.course_id})

    async def course_teacher(self, course_id: int) -> int | None:
        if not valid_id(course_id):
            return None
        return await self._session.scalar(select(C.teacher_id).where(C.id == course_id))

    async def has_sold_lectures(self, topic_id: int) -> bool:
        sold = exists().where(P.lecture_id == L.id, L.topic_id == topic_id)
        return bool(await self._session.scalar(select(sold)))

    async def delete(self, topic_id: int) -> RemovedFiles:
        if not valid_id(topic_id):
            return RemovedFiles()
        return await _delete_with_lectures(
            self._session, L.topic_id == topic_id, delete(T).where(T.id == topic_id)
        )


class SqlLectureRepository(_Repository[Lecture]):
    model = L
    to_entity = staticmethod(_lecture)
    values = staticmethod(_lecture_values)
    joins = ((T, T.id == L.topic_id), (C, C.id == T.course_id))

    async def save(self, entity: Lecture) -> None:
        """A lecture moved to a topic of another course takes its sales with it (``course_sales``)."""
        assert entity.id is not None
        before = select(T.course_id).join(L, L.topic_id == T.id).where(L.id == entity.id).scalar_subquery()
        after = select(T.course_id).where(T.id == entity.topic_id).scalar_subquery()
        courses = (await self._session.execute(select(before, after))).one()
        await super().save(entity)
        if None not in courses and courses[0] != courses[1]:
            await rollups.recount_courses(self._session, set(courses))

    async def is_sold(self, lecture_id: int) -> bool:
        return bool(await self._session.scalar(select(exists().where(P.lecture_id == lecture_id))))

    async def delete(self, lecture_id: int) -> RemovedFiles:
        if not valid_id(lecture_id):
            return RemovedFiles()
        return await _delete_with_lectures(
            self._session, L.id == lecture_id, delete(L).where(L.id == lecture_id)
        )


class SqlVideoRepository(_Repository[Video]):
    model = V
    to_entity = staticmethod(_video)
    values = staticmethod(_video_values)
    joins = ((L, L.id == V.lecture_id), (T, T.id == L.topic_id), (C, C.id == T.course_id))

    async def delete(self, video_id: int) -> None:
        if valid_id(video_id):
            await self._session.execute(delete(V).where(V.id == video_id))
