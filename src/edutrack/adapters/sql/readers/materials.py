"""Material rows for lists and details: the material joined with its lecture, topic and course in one
statement (a list is one COUNT and one page query, whatever its size)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.readers.counting import count_of
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import fetch_all, fetch_one, fetch_value
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.adapters.sql.tables.materials import MaterialModel
from edutrack.ports.materials import MaterialFilter, MaterialRow
from edutrack.ports.readers import Page, PageRequest

M = MaterialModel
ORDER_COLUMNS = {
    "title": M.title,
    "created_at": M.created_at,
    "updated_at": M.updated_at,
    "file_size": M.file_size,
    "id": M.id,
}


def _joined(statement: Select[Any]) -> Select[Any]:
    return (
        statement.join(LectureModel, LectureModel.id == M.lecture_id)
        .join(TopicModel, TopicModel.id == LectureModel.topic_id)
        .join(CourseModel, CourseModel.id == TopicModel.course_id)
    )


def _select() -> Select[Any]:
    return _joined(
        select(
            M.id,
            M.lecture_id,
            LectureModel.name.label("lecture_name"),
            TopicModel.course_id,
            CourseModel.teacher_id,
            M.title,
            M.description,
            M.file,
            M.file_size,
            CourseModel.is_active.label("course_active"),
            TopicModel.is_active.label("topic_active"),
            LectureModel.is_visible.label("lecture_visible"),
            M.created_at,
            M.updated_at,
        ).select_from(M)
    )


def _row(r: Any) -> MaterialRow:
    return MaterialRow(
        id=r.id,
        lecture_id=r.lecture_id,
        lecture_name=r.lecture_name,
        course_id=r.course_id,
        teacher_id=r.teacher_id,
        title=r.title,
        description=r.description,
        file=r.file,
        file_size=r.file_size,
        visible=bool(r.course_active and r.topic_active and r.lecture_visible),
        created_at=r.created_at,
        updated_at=r.updated_at,
    )


def _conditions(filters: MaterialFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.teacher is not None:
        conditions.append(CourseModel.teacher_id == filters.teacher)
    if filters.visible_only:
        conditions += [CourseModel.is_active.is_(True), TopicModel.is_active.is_(True)]
        conditions.append(LectureModel.is_visible.is_(True))
    if filters.lecture is not None:
        conditions.append(M.lecture_id == filters.lecture)
    if filters.course is not None:
        conditions.append(TopicModel.course_id == filters.course)
    return conditions


class SqlMaterialReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(self, filters: MaterialFilter, page: PageRequest) -> Page[MaterialRow]:
        conditions = _conditions(filters)
        count = count_of(M, conditions, _joined)
        order = [
            ORDER_COLUMNS[name].desc() if desc else ORDER_COLUMNS[name].asc()
            for name, desc in filters.ordering
        ]
        statement = _select().where(*conditions).order_by(*order, M.created_at, M.id).offset(page.offset)
        if page.limit is not None:
            statement = statement.limit(page.limit)
        async with self._sessions() as session:
            total = await fetch_value(session, count)
            rows = await fetch_all(session, statement) if page.limit != 0 else []
        return Page(total=int(total or 0), items=[_row(r) for r in rows])

    async def get(self, material_id: int) -> MaterialRow | None:
        if not valid_id(material_id):
            return None
        async with self._sessions() as session:
            row = await fetch_one(session, _select().where(M.id == material_id))
        return _row(row) if row else None
