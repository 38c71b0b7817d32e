"""Topic, lecture and video rows for lists and details, as a viewer may see them.

Visibility, counts and names are computed by the database. A list is one COUNT, one page query and (for
lectures) one ``IN (...)`` query for the nested videos; a nested detail is one statement per level, whatever
the number of children. ``topics_with_content`` is the same loader for the courses' nested topics.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.readers.counting import count_of
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel, VideoModel
from edutrack.adapters.sql.tables.teachers import TeacherProfileModel
from edutrack.core.money import quantize
from edutrack.core.policies.content import Viewer
from edutrack.ports.lessons import (
    LectureFilter,
    LectureRow,
    Ordering,
    TopicFilter,
    TopicRow,
    VideoFilter,
    VideoRow,
)
from edutrack.ports.readers import Page, PageRequest

C, T, L, V = CourseModel, TopicModel, LectureModel, VideoModel


# --- visibility: one rule, three depths -----------------------------------------------------------------


def _visible(viewer: Viewer, *active: ColumnElement[bool]) -> ColumnElement[bool]:
    """Everything for the site owner; the viewer's own teacher's courses whole; otherwise only active parts
    (``active``: the flags from the course down to the row)."""
    if viewer.sees_all:
        return true()
    chain = and_(*active)
    if viewer.own_teacher_id is not None:
        return or_(C.teacher_id == viewer.own_teacher_id, chain)
    return chain


def topic_visible(viewer: Viewer) -> ColumnElement[bool]:
    return _visible(viewer, C.is_active, T.is_active)


def lecture_visible(viewer: Viewer) -> ColumnElement[bool]:
    return _visible(viewer, C.is_active, T.is_active, L.is_visible)


def video_visible(viewer: Viewer) -> ColumnElement[bool]:
    return _visible(viewer, C.is_active, T.is_active, L.is_visible, V.is_active)


def _contains(needle: str, *columns: Any) -> ColumnElement[bool]:
    text = needle.lower()
    return or_(*(func.lower(column).contains(text, autoescape=True) for column in columns))


def _order_by(ordering: Ordering, columns: dict[str, Any], table: Any) -> list[Any]:
    """The requested fields (nulls sort as the smallest value), then ``order, id`` / ``id``."""
    clauses: list[Any] = []
    for name, descending in ordering:
        column = columns[name]
        clauses.append(column.desc().nulls_last() if descending else column.asc().nulls_first())
    if not ordering:
        clauses.append(table.order)
    clauses.append(table.id)
    return clauses


# --- the three selects ------------------------------------------------------------------------------------


def _topics(viewer: Viewer) -> Select[Any]:
    lecture_count = (
        select(func.count(L.id))
        .where(L.topic_id == T.id, lecture_visible(viewer))
        .correlate(T, C)
        .scalar_subquery()
    )
    return (
        select(T, C.name.label("course_name"), C.teacher_id, lecture_count.label("lecture_count"))
        .join(C, C.id == T.course_id)
        .where(topic_visible(viewer))
    )


def _lectures(viewer: Viewer) -> Select[Any]:
    video_count = (
        select(func.count(V.id))
        .where(V.lecture_id == L.id, video_visible(viewer))
        .correlate(L, T, C)
        .scalar_subquery()
    )
    return (
        select(
            L,
            T.name.label("topic_name"),
            T.course_id,
            C.name.label("course_name"),
            C.teacher_id,
            UserModel.name.label("teacher_name"),
            video_count.label("video_count"),
        )
        .join(T, T.id == L.topic_id)
        .join(C, C.id == T.course_id)
        .join(TeacherProfileModel, TeacherProfileModel.id == C.teacher_id)
        .join(UserModel, UserModel.id == TeacherProfileModel.user_id)
        .where(lecture_visible(viewer))
    )


def _videos(viewer: Viewer) -> Select[Any]:
    return (
        select(V)
        .join(L, L.id == V.lecture_id)
        .join(T, T.id == L.topic_id)
        .join(C, C.id == T.course_id)
        .where(video_visible(viewer))
    )


def _topic_row(r: Any) -> TopicRow:
    t: TopicModel = r[0]
    return TopicRow(
        id=t.id,
        course_id=t.course_id,
        course_name=r.course_name,
        teacher_id=r.teacher_id,
        name=t.name,
        description=t.description,
        order=t.order,
        is_active=t.is_active,
        lecture_count=int(r.lecture_count or 0),
        created_at=t.created_at,
        updated_at=t.updated_at,
    )


def _lecture_row(r: Any) -> LectureRow:
    lecture: LectureModel = r[0]
    return LectureRow(
        id=lecture.id,
        topic_id=lecture.topic_id,
        topic_name=r.topic_name,
        course_id=r.course_id,
        course_name=r.course_name,
        teacher_id=r.teacher_id,
        teacher_name=r.teacher_name,
        name=lecture.name,
        description=lecture.description,
        price=quantize(lecture.price),
        discount=quantize(lecture.discount),
        available_days=lecture.available_days,
        is_visible=lecture.is_visible,
        picture=lecture.picture,
        order=lecture.order,
        video_count=int(r.video_count or 0),
        created_at=lecture.created_at,
        updated_at=lecture.updated_at,
    )


def _video_row(v: VideoModel) -> VideoRow:
    return VideoRow(
        id=v.id,
        lecture_id=v.lecture_id,
        name=v.name,
        platform=v.platform,
        video_url=v.video_url,
        order=v.order,
        duration_minutes=v.duration_minutes,
        is_active=v.is_active,
        created_at=v.created_at,
        updated_at=v.updated_at,
    )


# --- nested loaders (one statement per level) ------------------------------------------------------------


async def _videos_of(
    session: AsyncSession, viewer: Viewer, lecture_ids: Iterable[int]
) -> dict[int, list[VideoRow]]:
    ids = list(dict.fromkeys(lecture_ids))
    grouped: dict[int, list[VideoRow]] = defaultdict(list)
    if ids:
        statement = _videos(viewer).where(V.lecture_id.in_(ids)).order_by(V.order, V.id)
        for video in (await session.scalars(statement)).all():
            grouped[video.lecture_id].append(_video_row(video))
    return grouped


async def _with_videos(session: AsyncSession, viewer: Viewer, lectures: list[LectureRow]) -> list[LectureRow]:
    videos = await _videos_of(session, viewer, (lecture.id for lecture in lectures))
    return [dataclasses.replace(lecture, videos=tuple(videos.get(lecture.id, ()))) for lecture in lectures]


async def _lectures_of(
    session: AsyncSession, viewer: Viewer, topic_ids: Iterable[int]
) -> dict[int, list[LectureRow]]:
    ids = list(dict.fromkeys(topic_ids))
    grouped: dict[int, list[LectureRow]] = defaultdict(list)
    if not ids:
        return grouped
    statement = _lectures(viewer).where(L.topic_id.in_(ids)).order_by(L.order, L.id)
    lectures = await _with_videos(
        session, viewer, [_lecture_row(r) for r in (await session.execute(statement)).all()]
    )
    for lecture in lectures:
        grouped[lecture.topic_id].append(lecture)
    return grouped


async def _with_lectures(session: AsyncSession, viewer: Viewer, topics: list[TopicRow]) -> list[TopicRow]:
    lectures = await _lectures_of(session, viewer, (topic.id for topic in topics))
    return [dataclasses.replace(topic, lectures=tuple(lectures.get(topic.id, ()))) for topic in topics]


async def topics_with_content(
    session: AsyncSession, viewer: Viewer, course_ids: Sequence[int]
) -> dict[int, list[TopicRow]]:
    """Each course's topics visible to ``viewer``, each with its visible lectures, each with its visible
    videos, all in ``(order, id)``: three statements (topics, lectures, videos) whatever the counts. Every
    requested course id is a key (an empty list when it has no visible topic)."""
    ids = [i for i in dict.fromkeys(course_ids) if valid_id(i)]
    result: dict[int, list[TopicRow]] = {course_id: [] for course_id in course_ids}
    if not ids:
        return result
    statement = _topics(viewer).where(T.course_id.in_(ids)).order_by(T.order, T.id)
    topics = [_topic_row(r) for r in (await session.execute(statement)).all()]
    for topic in await _with_lectures(session, viewer, topics):
        result[topic.course_id].append(topic)
    return result


# --- the reader -----------------------------------------------------------------------------------------


def _topic_conditions(filters: TopicFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.course is not None:
        conditions.append(T.course_id == filters.course)
    if filters.is_active is not None:
        conditions.append(T.is_active == filters.is_active)
    if filters.search:
        conditions.append(_contains(filters.search, T.name, T.description, C.name))
    return conditions


def _lecture_conditions(filters: LectureFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.topic is not None:
        conditions.append(L.topic_id == filters.topic)
    if filters.is_visible is not None:
        conditions.append(L.is_visible == filters.is_visible)
    if filters.search:
        conditions.append(_contains(filters.search, L.name, L.description, T.name))
    return conditions


def _video_conditions(filters: VideoFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.lecture is not None:
        conditions.append(V.lecture_id == filters.lecture)
    if filters.platform is not None:
        conditions.append(V.platform == filters.platform)
    if filters.is_active is not None:
        conditions.append(V.is_active == filters.is_active)
    if filters.search:
        conditions.append(_contains(filters.search, V.name, V.video_url))
    return conditions


def _up_from_lecture(statement: Select[Any]) -> Select[Any]:
    return statement.join(T, T.id == L.topic_id).join(C, C.id == T.course_id)


def _paged(statement: Select[Any], page: PageRequest) -> Select[Any]:
    statement = statement.offset(page.offset)
    return statement.limit(page.limit) if page.limit is not None else statement


class SqlContentReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list_topics(self, viewer: Viewer, filters: TopicFilter, page: PageRequest) -> Page[TopicRow]:
        conditions = [topic_visible(viewer), *_topic_conditions(filters)]
        count = count_of(T, conditions, lambda s: s.join(C, C.id == T.course_id))
        columns = {"order": T.order, "created_at": T.created_at, "name": T.name}
        statement = _paged(
            _topics(viewer).where(*conditions).order_by(*_order_by(filters.ordering, columns, T)), page
        )
        async with self._sessions() as session:
            total = await session.scalar(count)
            rows = (await session.execute(statement)).all() if page.limit != 0 else []
        return Page(total=int(total or 0), items=[_topic_row(r) for r in rows])

    async def get_topic(self, viewer: Viewer, topic_id: int) -> TopicRow | None:
        if not valid_id(topic_id):
            return None
        async with self._sessions() as session:
            row = (await session.execute(_topics(viewer).where(T.id == topic_id))).one_or_none()
            if row is None:
                return None
            return (await _with_lectures(session, viewer, [_topic_row(row)]))[0]

    async def topic_lectures(self, viewer: Viewer, topic_id: int) -> list[LectureRow] | None:
        if not valid_id(topic_id):
            return None
        async with self._sessions() as session:
            topic = await session.scalar(
                select(T.id).join(C, C.id == T.course_id).where(T.id == topic_id, topic_visible(viewer))
            )
            if topic is None:
                return None
            statement = _lectures(viewer).where(L.topic_id == topic_id).order_by(L.order, L.id)
            return [_lecture_row(r) for r in (await session.execute(statement)).all()]

    async def list_lectures(
        self, viewer: Viewer, filters: LectureFilter, page: PageRequest
    ) -> Page[LectureRow]:
        conditions = [lecture_visible(viewer), *_lecture_conditions(filters)]
        count = count_of(L, conditions, _up_from_lecture)
        columns = {"order": L.order, "price": L.price, "created_at": L.created_at, "name": L.name}
        statement = _paged(
            _lectures(viewer).where(*conditions).order_by(*_order_by(filters.ordering, columns, L)), page
        )
        async with self._sessions() as session:
            total = await session.scalar(count)
            rows = (await session.execute(statement)).all() if page.limit != 0 else []
            items = await _with_videos(session, viewer, [_lecture_row(r) for r in rows])
        return Page(total=int(total or 0), items=items)

    async def get_lecture(self, viewer: Viewer, lecture_id: int) -> LectureRow | None:
        if not valid_id(lecture_id):
            return None
        async with self._sessions() as session:
            row = (await session.execute(_lectures(viewer).where(L.id == lecture_id))).one_or_none()
            if row is None:
                return None
            return (await _with_videos(session, viewer, [_lecture_row(row)]))[0]

    async def lecture_videos(self, viewer: Viewer, lecture_id: int) -> list[VideoRow] | None:
        if not valid_id(lecture_id):
            return None
        async with self._sessions() as session:
            lecture = await session.scalar(
                select(L.id)
                .join(T, T.id == L.topic_id)
                .join(C, C.id == T.course_id)
                .where(L.id == lecture_id, lecture_visible(viewer))
            )
            if lecture is None:
                return None
            return (await _videos_of(session, viewer, [lecture_id])).get(lecture_id, [])

    async def list_videos(self, viewer: Viewer, filters: VideoFilter, page: PageRequest) -> Page[VideoRow]:
        conditions = [video_visible(viewer), *_video_conditions(filters)]
        count = count_of(
            V,
            conditions,
            lambda s: _up_from_lecture(s.join(L, L.id == V.lecture_id)),
        )
        columns = {"order": V.order, "created_at": V.created_at, "duration_minutes": V.duration_minutes}
        statement = _paged(
            _videos(viewer).where(*conditions).order_by(*_order_by(filters.ordering, columns, V)), page
        )
        async with self._sessions() as session:
            total = await session.scalar(count)
            videos = (await session.scalars(statement)).all() if page.limit != 0 else []
        return Page(total=int(total or 0), items=[_video_row(v) for v in videos])

    async def get_video(self, viewer: Viewer, video_id: int) -> VideoRow | None:
        if not valid_id(video_id):
            return None
        async with self._sessions() as session:
            video = await session.scalar(_videos(viewer).where(V.id == video_id))
        return _video_row(video) if video is not None else None
