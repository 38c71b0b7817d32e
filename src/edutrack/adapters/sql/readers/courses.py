"""Course rows for the catalog, built by the database in a fixed number of statements: the page query
(course + teacher's user + grade + subject joined, the list's total as a column), then the nested topics,
lectures and videos in one statement (nested_content.py), from which the content counts follow; a list
without the nested content (the teacher's own courses) reads the counts with one GROUP BY instead. The
total comes from a COUNT of its own only when the page is empty past the first row (or not read at all).
The statements are built once per shape and run as Core reads on the session's connection
(adapters/sql/rows.py)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, and_, bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.readers.lessons_queries import (
    ESCAPE,
    IDS,
    OWN_TEACHER,
    SEARCH,
    Shape,
    lecture_visible,
    params,
    search_params,
    shape_of,
    topic_visible,
    video_visible,
)
from edutrack.adapters.sql.readers.nested_content import topics_with_content
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import fetch_all, fetch_value
from edutrack.adapters.sql.tables.academics import GradeModel, SubjectModel
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel, VideoModel
from edutrack.adapters.sql.tables.teachers import TeacherProfileModel
from edutrack.core.policies.content import Viewer
from edutrack.ports.courses import CourseFilter, CourseRow
from edutrack.ports.lessons import TopicRow
from edutrack.ports.readers import Page, PageRequest

C = CourseModel
Given = tuple[bool, bool, bool, bool]
"""Which of a CourseFilter's teacher, grade, subject and search are given: the statements' shape."""


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


def _given(filters: CourseFilter) -> Given:
    return (
        filters.teacher_id is not None,
        filters.grade_id is not None,
        filters.subject_id is not None,
        bool(filters.search),
    )


def _filter_values(filters: CourseFilter) -> dict[str, Any]:
    given = {"teacher_id": filters.teacher_id, "grade_id": filters.grade_id, "subject_id": filters.subject_id}
    return {**given, **search_params(filters.search)}


def _conditions(shape: Shape, given: Given) -> list[ColumnElement[bool]]:
    """Who sees what (``shape``), then the given filters, each value a parameter."""
    sees_all, own = shape
    conditions: list[ColumnElement[bool]] = []
    if not sees_all:
        visible: ColumnElement[bool] = C.is_active.is_(True)
        conditions.append(or_(visible, C.teacher_id == OWN_TEACHER) if own else visible)
    teacher, grade, subject, search = given
    for wanted, column, name in (
        (teacher, C.teacher_id, "teacher_id"),
        (grade, C.grade_id, "grade_id"),
        (subject, C.subject_id, "subject_id"),
    ):
        if wanted:
            conditions.append(column == bindparam(name, type_=Integer()))
    if search:
        description = func.coalesce(C.description, "")
        conditions.append(
            or_(
                func.lower(C.name).contains(SEARCH, escape=ESCAPE),
                func.lower(description).contains(SEARCH, escape=ESCAPE),
            )
        )
    return conditions


@lru_cache(maxsize=128)
def _page(shape: Shape, given: Given, limited: bool) -> tuple[Select[Any], Select[Any]]:
    """The count and the page query (newest first; its last column ``total``, the count, computed once by
    the database as an uncorrelated subquery); parameters: the viewer's, the filters', offset and limit."""
    conditions = _conditions(shape, given)
    count = select(func.count()).select_from(C).where(*conditions)
    total = count.correlate(None).scalar_subquery().label("total")
    page = _base().add_columns(total).where(*conditions).order_by(C.id.desc())
    page = page.offset(bindparam("offset", type_=Integer()))
    return count, page.limit(bindparam("limit", type_=Integer())) if limited else page


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


def _counted(topics: Sequence[TopicRow]) -> tuple[int, int, int]:
    """The counts of a course's nested content: what ``_counts`` would read, by the same visibility."""
    lectures = [lecture for topic in topics for lecture in topic.lectures]
    return len(topics), len(lectures), sum(len(lecture.videos) for lecture in lectures)


async def _rows(
    session: AsyncSession, viewer: Viewer, rows: Sequence[Any], *, with_topics: bool
) -> list[CourseRow]:
    if not rows:
        return []
    ids = [r.id for r in rows]
    if with_topics:
        topics = await topics_with_content(session, viewer, ids)
        counts = {course_id: _counted(nested) for course_id, nested in topics.items()}
    else:
        topics, counts = {}, await _counts(session, viewer, ids)
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
    return _base().where(C.id == bindparam("id"), *_conditions(shape, (False, False, False, False)))


class SqlCourseReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(
        self, viewer: Viewer, filters: CourseFilter, page: PageRequest, *, with_topics: bool = True
    ) -> Page[CourseRow]:
        count, statement = _page(shape_of(viewer), _given(filters), page.limit is not None)
        values = params(viewer, offset=page.offset, limit=page.limit, **_filter_values(filters))
        async with self._sessions() as session:
            rows = await fetch_all(session, statement, values) if page.limit != 0 else []
            if rows:
                total = rows[0].total
            elif page.offset > 0 or page.limit == 0:  # past the end, or only the count wanted
                total = await fetch_value(session, count, values)
            else:
                total = 0
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
