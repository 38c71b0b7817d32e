"""Course rows for the catalog, built by the database in a fixed number of statements: one COUNT, one page
query (course + teacher's user + grade + subject joined), one GROUP BY for the visible content counts and
the content reader's ``IN (...)`` queries for the nested topics, lectures and videos. They run as Core
reads on the session's connection (adapters/sql/rows.py); the counts' statement is built once per shape."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.readers.lessons import topics_with_content
from edutrack.adapters.sql.readers.lessons_queries import (
    IDS,
    Shape,
    lecture_visible,
    params,
    shape_of,
    topic_visible,
    video_visible,
)
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import fetch_all, fetch_value
from edutrack.adapters.sql.tables.academics import GradeModel, SubjectModel
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel, VideoModel
from edutrack.adapters.sql.tables.teachers import TeacherProfileModel
from edutrack.core.policies.content import Viewer
from edutrack.ports.courses import CourseFilter, CourseRow
from edutrack.ports.readers import Page, PageRequest

C = CourseModel


def _base() -> Select[Any]:
    return (
        select(
            C.id,
            C.name,
            C.teacher_id,
            UserModel.name.label("teacher_name"),
            C.grade_id,
            GradeModel.name.label("grade_name"),
            C.subject_id,
            SubjectModel.name.label("subject_name"),
            C.description,
            C.cover_picture,
            C.is_active,
            C.created_at,
            C.updated_at,
        )
        .join(TeacherProfileModel, TeacherProfileModel.id == C.teacher_id)
        .join(UserModel, UserModel.id == TeacherProfileModel.user_id)
        .join(GradeModel, GradeModel.id == C.grade_id)
        .join(SubjectModel, SubjectModel.id == C.subject_id)
    )


def _conditions(viewer: Viewer, filters: CourseFilter, own_teacher: Any = None) -> list[ColumnElement[bool]]:
    """``own_teacher``: the viewer's own teacher as a parameter (its value otherwise)."""
    conditions: list[ColumnElement[bool]] = []
    if not viewer.sees_all:
        visible: ColumnElement[bool] = C.is_active.is_(True)
        if viewer.own_teacher_id is not None:
            own = viewer.own_teacher_id if own_teacher is None else own_teacher
            visible = or_(visible, C.teacher_id == own)
        conditions.append(visible)
    if filters.teacher_id is not None:
        conditions.append(C.teacher_id == filters.teacher_id)
    if filters.grade_id is not None:
        conditions.append(C.grade_id == filters.grade_id)
    if filters.subject_id is not None:
        conditions.append(C.subject_id == filters.subject_id)
    if filters.search:
        needle = filters.search.lower()
        conditions.append(
            or_(
                func.lower(C.name).contains(needle, autoescape=True),
                func.lower(func.coalesce(C.description, "")).contains(needle, autoescape=True),
            )
        )
    return conditions


@cache
def _counts_statement(shape: Shape) -> Select[Any]:
    return (
        select(
            TopicModel.course_id,
            func.count(TopicModel.id.distinct()),
            func.count(LectureModel.id.distinct()),
            func.count(VideoModel.id),
        )
        .join(C, C.id == TopicModel.course_id)
        .outerjoin(LectureModel, and_(LectureModel.topic_id == TopicModel.id, lecture_visible(shape)))
        .outerjoin(VideoModel, and_(VideoModel.lecture_id == LectureModel.id, video_visible(shape)))
        .where(TopicModel.course_id.in_(IDS), topic_visible(shape))
        .group_by(TopicModel.course_id)
    )


async def _counts(session: AsyncSession, viewer: Viewer, ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """Per course: the topics, lectures and videos the viewer may see, by the content reader's own
    visibility rules (without full access: active topics, visible lectures, active videos)."""
    rows = await fetch_all(session, _counts_statement(shape_of(viewer)), params(viewer, ids=ids))
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


async def _rows(
    session: AsyncSession, viewer: Viewer, rows: Sequence[Any], *, with_topics: bool
) -> list[CourseRow]:
    if not rows:
        return []
    ids = [r.id for r in rows]
    counts = await _counts(session, viewer, ids)
    topics = await topics_with_content(session, viewer, ids) if with_topics else {}
    return [
        CourseRow(
            id=r.id,
            name=r.name,
            teacher_id=r.teacher_id,
            teacher_name=r.teacher_name,
            grade_id=r.grade_id,
            grade_name=r.grade_name,
            subject_id=r.subject_id,
            subject_name=r.subject_name,
            description=r.description,
            cover_picture=r.cover_picture,
            is_active=r.is_active,
            topic_count=counts.get(r.id, (0, 0, 0))[0],
            total_lectures=counts.get(r.id, (0, 0, 0))[1],
            total_videos=counts.get(r.id, (0, 0, 0))[2],
            created_at=r.created_at,
            updated_at=r.updated_at,
            topics=tuple(topics.get(r.id, ())),
        )
        for r in rows
    ]


@cache
def _one(shape: Shape) -> Select[Any]:
    sees_all, own = shape
    viewer = Viewer(sees_all=sees_all, own_teacher_id=0 if own else None)  # the shape: the id is a parameter
    conditions = _conditions(viewer, CourseFilter(), own_teacher=bindparam("own_teacher_id"))
    return _base().where(C.id == bindparam("id"), *conditions)


class SqlCourseReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(
        self, viewer: Viewer, filters: CourseFilter, page: PageRequest, *, with_topics: bool = True
    ) -> Page[CourseRow]:
        conditions = _conditions(viewer, filters)
        statement = _base().where(*conditions).order_by(C.id.desc()).offset(page.offset)
        if page.limit is not None:
            statement = statement.limit(page.limit)
        count = select(func.count()).select_from(C).where(*conditions)
        async with self._sessions() as session:
            total = await fetch_value(session, count)
            rows = await fetch_all(session, statement) if page.limit != 0 else []
            items = await _rows(session, viewer, rows, with_topics=with_topics)
        return Page(total=int(total or 0), items=items)

    async def get(self, viewer: Viewer, course_id: int) -> CourseRow | None:
        if not valid_id(course_id):
            return None
        values = params(viewer, id=course_id)
        async with self._sessions() as session:
            rows = await fetch_all(session, _one(shape_of(viewer)), values)
            items = await _rows(session, viewer, rows, with_topics=True)
        return items[0] if items else None
