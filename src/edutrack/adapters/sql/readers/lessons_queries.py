"""The statements of the content reader (adapters/sql/readers/lessons.py): visibility, the topic, lecture
and video selects (columns in the order of the port rows' fields), and the statements the reader runs,
built once per shape.

Every value is a named parameter: the viewer's own teacher (``own_teacher_id``), an id (``id``), a list of
ids (``ids``, expanding), a filter's value, the search needle (``search``, escaped here) and the page
(``offset``, ``limit``). A statement therefore depends only on its shape (who sees what, which filters
are given, the ordering, whether the page is limited) and is built once per shape, with its cache key
(adapters/sql/rows.py); ``params`` gives the values.
"""

from __future__ import annotations

import dataclasses
from functools import cache, lru_cache
from typing import Any, TypeVar

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    func,
    or_,
    select,
    true,
)

from edutrack.adapters.sql.readers.counting import count_of
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel, VideoModel
from edutrack.adapters.sql.tables.teachers import TeacherProfileModel
from edutrack.core.policies.content import Viewer
from edutrack.ports.lessons import LectureFilter, Ordering, TopicFilter, VideoFilter

C, T, L, V = CourseModel, TopicModel, LectureModel, VideoModel
OWN_TEACHER = bindparam("own_teacher_id", type_=Integer())
ID = bindparam("id", type_=Integer())
IDS = bindparam("ids", expanding=True, type_=Integer())
SEARCH = bindparam("search", type_=String())
ESCAPE = "/"

F = TypeVar("F", TopicFilter, LectureFilter, VideoFilter)
Shape = tuple[bool, bool]
"""(sees everything, has an own teacher): what a statement's visibility rule depends on."""


def shape_of(viewer: Viewer) -> Shape:
    return viewer.sees_all, viewer.own_teacher_id is not None


def params(viewer: Viewer, **values: Any) -> dict[str, Any]:
    """The parameters of a statement for ``viewer``, with ``values``."""
    return {"own_teacher_id": viewer.own_teacher_id, **values}


def _escaped(needle: str) -> str:
    """``needle`` lower-cased, its LIKE wildcards escaped with ``ESCAPE`` (as ``autoescape`` does)."""
    return needle.lower().replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def search_params(search: str | None) -> dict[str, Any]:
    return {"search": _escaped(search)} if search else {}


# --- visibility: one rule, three depths -----------------------------------------------------------------


def _visible(viewer: Viewer | Shape, *active: ColumnElement[bool]) -> ColumnElement[bool]:
    """Everything for the site owner; the viewer's own teacher's courses whole; otherwise only active parts
    (``active``: the flags from the course down to the row)."""
    sees_all, own = shape_of(viewer) if isinstance(viewer, Viewer) else viewer
    if sees_all:
        return true()
    chain = and_(*active)
    return or_(C.teacher_id == OWN_TEACHER, chain) if own else chain


def topic_visible(viewer: Viewer | Shape) -> ColumnElement[bool]:
    return _visible(viewer, C.is_active, T.is_active)


def lecture_visible(viewer: Viewer | Shape) -> ColumnElement[bool]:
    return _visible(viewer, C.is_active, T.is_active, L.is_visible)


def video_visible(viewer: Viewer | Shape) -> ColumnElement[bool]:
    return _visible(viewer, C.is_active, T.is_active, L.is_visible, V.is_active)


def _contains(*columns: Any) -> ColumnElement[bool]:
    return or_(*(func.lower(column).contains(SEARCH, escape=ESCAPE) for column in columns))


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


def topics(shape: Shape) -> Select[Any]:
    """Columns: TopicRow's fields but ``lectures``."""
    lecture_count = (
        select(func.count(L.id))
        .where(L.topic_id == T.id, lecture_visible(shape))
        .correlate(T, C)
        .scalar_subquery()
    )
    return (
        select(
            T.id,
            T.course_id,
            C.name.label("course_name"),
            C.teacher_id,
            T.name,
            T.description,
            T.order,
            T.is_active,
            lecture_count.label("lecture_count"),
            T.created_at,
            T.updated_at,
        )
        .join(C, C.id == T.course_id)
        .where(topic_visible(shape))
    )


def lectures(shape: Shape) -> Select[Any]:
    """Columns: LectureRow's fields but ``videos``."""
    video_count = (
        select(func.count(V.id))
        .where(V.lecture_id == L.id, video_visible(shape))
        .correlate(L, T, C)
        .scalar_subquery()
    )
    return (
        select(
            L.id,
            L.topic_id,
            T.name.label("topic_name"),
            T.course_id,
            C.name.label("course_name"),
            C.teacher_id,
            UserModel.name.label("teacher_name"),
            L.name,
            L.description,
            L.price,
            L.discount,
            L.available_days,
            L.is_visible,
            L.picture,
            L.order,
            video_count.label("video_count"),
            L.created_at,
            L.updated_at,
        )
        .join(T, T.id == L.topic_id)
        .join(C, C.id == T.course_id)
        .join(TeacherProfileModel, TeacherProfileModel.id == C.teacher_id)
        .join(UserModel, UserModel.id == TeacherProfileModel.user_id)
        .where(lecture_visible(shape))
    )


def videos(shape: Shape) -> Select[Any]:
    """Columns: VideoRow's fields."""
    return (
        select(
            V.id,
            V.lecture_id,
            V.name,
            V.platform,
            V.video_url,
            V.order,
            V.duration_minutes,
            V.is_active,
            V.created_at,
            V.updated_at,
        )
        .join(L, L.id == V.lecture_id)
        .join(T, T.id == L.topic_id)
        .join(C, C.id == T.course_id)
        .where(video_visible(shape))
    )


# --- built once per shape -------------------------------------------------------------------------------


@cache
def topics_of_courses(shape: Shape) -> Select[Any]:
    return topics(shape).where(T.course_id.in_(IDS)).order_by(T.order, T.id)


@cache
def lectures_of_topics(shape: Shape) -> Select[Any]:
    return lectures(shape).where(L.topic_id.in_(IDS)).order_by(L.order, L.id)


@cache
def videos_of_lectures(shape: Shape) -> Select[Any]:
    return videos(shape).where(V.lecture_id.in_(IDS)).order_by(V.order, V.id)


@cache
def topic_by_id(shape: Shape) -> Select[Any]:
    return topics(shape).where(T.id == ID)


@cache
def lecture_by_id(shape: Shape) -> Select[Any]:
    return lectures(shape).where(L.id == ID)


@cache
def video_by_id(shape: Shape) -> Select[Any]:
    return videos(shape).where(V.id == ID)


@cache
def visible_topic(shape: Shape) -> Select[Any]:
    return select(T.id).join(C, C.id == T.course_id).where(T.id == ID, topic_visible(shape))


@cache
def visible_lecture(shape: Shape) -> Select[Any]:
    return (
        select(L.id)
        .join(T, T.id == L.topic_id)
        .join(C, C.id == T.course_id)
        .where(L.id == ID, lecture_visible(shape))
    )


def _paged(statement: Select[Any], limited: bool) -> Select[Any]:
    statement = statement.offset(bindparam("offset", type_=Integer()))
    return statement.limit(bindparam("limit", type_=Integer())) if limited else statement


def _count(table: Any, conditions: list[ColumnElement[bool]]) -> Select[Any]:
    """``count(*)`` of ``table`` (a model), joined up to the course only when a condition reads a parent
    (adapters/sql/readers/counting.py)."""

    def up(statement: Select[Any]) -> Select[Any]:
        if table is V:
            statement = statement.join(L, L.id == V.lecture_id)
        if table is not T:
            statement = statement.join(T, T.id == L.topic_id)
        return statement.join(C, C.id == T.course_id)

    return count_of(table, conditions, up)


def shape_of_filter(filters: F) -> F:
    """``filters`` with each given value replaced by a stand-in: the statements' cache key is which filters
    are given and the ordering, not their values (``filter_values`` gives those)."""
    stand_ins: dict[str, Any] = {}
    for f in dataclasses.fields(filters):
        value = getattr(filters, f.name)
        if f.name != "ordering":
            stand_ins[f.name] = (
                None if value is None or value == "" else "x" if isinstance(value, str) else True
            )
    return dataclasses.replace(filters, **stand_ins)


def filter_values(filters: TopicFilter | LectureFilter | VideoFilter) -> dict[str, Any]:
    """The parameters of the given filters (the search needle escaped)."""
    values = {f.name: getattr(filters, f.name) for f in dataclasses.fields(filters) if f.name != "ordering"}
    values.update(search_params(values.pop("search", None)))
    return values


@lru_cache(maxsize=256)
def topic_page(shape: Shape, filters: TopicFilter, limited: bool) -> tuple[Select[Any], Select[Any]]:
    """The count and the page query of the topics list; ``filters``: which are given (``shape_of_filter``:
    their values are the parameters, ``filter_values``)."""
    conditions = [topic_visible(shape)]
    if filters.course is not None:
        conditions.append(T.course_id == bindparam("course", type_=Integer()))
    if filters.is_active is not None:
        conditions.append(T.is_active == bindparam("is_active", type_=Boolean()))
    if filters.search:
        conditions.append(_contains(T.name, T.description, C.name))
    columns = {"order": T.order, "created_at": T.created_at, "name": T.name}
    page = topics(shape).where(*conditions).order_by(*_order_by(filters.ordering, columns, T))
    return _count(T, conditions), _paged(page, limited)


@lru_cache(maxsize=256)
def lecture_page(shape: Shape, filters: LectureFilter, limited: bool) -> tuple[Select[Any], Select[Any]]:
    conditions = [lecture_visible(shape)]
    if filters.topic is not None:
        conditions.append(L.topic_id == bindparam("topic", type_=Integer()))
    if filters.is_visible is not None:
        conditions.append(L.is_visible == bindparam("is_visible", type_=Boolean()))
    if filters.search:
        conditions.append(_contains(L.name, L.description, T.name))
    columns = {"order": L.order, "price": L.price, "created_at": L.created_at, "name": L.name}
    page = lectures(shape).where(*conditions).order_by(*_order_by(filters.ordering, columns, L))
    return _count(L, conditions), _paged(page, limited)


@lru_cache(maxsize=256)
def video_page(shape: Shape, filters: VideoFilter, limited: bool) -> tuple[Select[Any], Select[Any]]:
    conditions = [video_visible(shape)]
    if filters.lecture is not None:
        conditions.append(V.lecture_id == bindparam("lecture", type_=Integer()))
    if filters.platform is not None:
        conditions.append(V.platform == bindparam("platform", type_=String()))
    if filters.is_active is not None:
        conditions.append(V.is_active == bindparam("is_active", type_=Boolean()))
    if filters.search:
        conditions.append(_contains(V.name, V.video_url))
    columns = {"order": V.order, "created_at": V.created_at, "duration_minutes": V.duration_minutes}
    page = videos(shape).where(*conditions).order_by(*_order_by(filters.ordering, columns, V))
    return _count(V, conditions), _paged(page, limited)
