"""Courses' nested content in one statement: each course's visible topics, each with its visible lectures,
each with its visible videos, whatever their number.

The statement is a ``UNION ALL`` of the content reader's three selects (``lessons_queries``: topics,
lectures, videos of the given courses, by the same visibility rules). Each branch fills its own columns and
a typed NULL stands in the others' (PostgreSQL needs one type per column of a union); a first column says
which branch a row is. Rows come back by branch, then by (order, id) within it: grouped by parent, each
list is in the order the per-level statements gave it. The statement is built once per shape; the row
builders are the content reader's too (adapters/sql/readers/lessons.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import CompoundSelect, Integer, Select, cast, literal_column, null, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql.readers import lessons_queries as q
from edutrack.adapters.sql.readers.lessons_queries import T
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import fetch_all
from edutrack.core.money import quantize
from edutrack.core.policies.content import Viewer
from edutrack.ports.lessons import LectureRow, TopicRow, VideoRow

TOPIC, LECTURE, VIDEO = 0, 1, 2


def topic_row(r: Sequence[Any], lectures: Iterable[LectureRow] = ()) -> TopicRow:
    """``r``: the columns of ``lessons_queries.topics``."""
    return TopicRow(*r[:8], int(r[8] or 0), r[9], r[10], tuple(lectures))  # type: ignore[arg-type]


def lecture_row(r: Sequence[Any], videos: Iterable[VideoRow] = ()) -> LectureRow:
    """``r``: the columns of ``lessons_queries.lectures``."""
    return LectureRow(
        *r[:9],  # type: ignore[arg-type]
        quantize(r[9]),
        quantize(r[10]),
        *r[11:15],
        int(r[15] or 0),
        r[16],
        r[17],
        tuple(videos),
    )


def _branches(shape: q.Shape) -> list[Select[Any]]:
    return [
        q.topics(shape).where(T.course_id.in_(q.IDS)),
        q.lectures(shape).where(T.course_id.in_(q.IDS)),
        q.videos(shape).where(T.course_id.in_(q.IDS)),
    ]


@cache
def _widths(shape: q.Shape) -> tuple[int, ...]:
    return tuple(len(branch.selected_columns) for branch in _branches(shape))


@cache
def content_of_courses(shape: q.Shape) -> CompoundSelect:
    """Columns: the branch (``TOPIC``, ``LECTURE``, ``VIDEO``), then the topic's, the lecture's and the
    video's columns (``lessons_queries.topics``, ``lectures``, ``videos``), NULL but in their own branch;
    parameters: ``ids`` (the courses) and the viewer's (``lessons_queries.params``)."""
    branches = _branches(shape)
    columns = [list(branch.selected_columns) for branch in branches]
    selects = []
    for kind, branch in enumerate(branches):
        padded: list[Any] = [literal_column(str(kind), Integer()).label("kind")]
        for other, own in enumerate(columns):
            for n, column in enumerate(own):
                value = column if other == kind else cast(null(), column.type)
                padded.append(value.label(f"c{other}_{n}"))
        selects.append(branch.with_only_columns(*padded, maintain_column_froms=False))
    union = union_all(*selects)
    keys = [union.selected_columns.kind]
    for other, own in enumerate(columns):
        names = [column.key for column in own]
        keys += [union.selected_columns[f"c{other}_{names.index(key)}"] for key in ("order", "id")]
    return union.order_by(*keys)


async def topics_with_content(
    session: AsyncSession, viewer: Viewer, course_ids: Sequence[int]
) -> dict[int, list[TopicRow]]:
    """Each course's topics visible to ``viewer``, each with its visible lectures, each with its visible
    videos, all in ``(order, id)``: one statement whatever the counts. Every requested course id is a key
    (an empty list when it has no visible topic)."""
    ids = [i for i in dict.fromkeys(course_ids) if valid_id(i)]
    result: dict[int, list[TopicRow]] = {course_id: [] for course_id in course_ids}
    if not ids:
        return result
    shape = q.shape_of(viewer)
    topic_width, lecture_width, _ = _widths(shape)
    lecture_at, video_at = 1 + topic_width, 1 + topic_width + lecture_width
    rows: list[list[Sequence[Any]]] = [[], [], []]
    for r in await fetch_all(session, content_of_courses(shape), q.params(viewer, ids=ids)):
        rows[r[0]].append(r)
    videos: dict[int, list[VideoRow]] = defaultdict(list)
    for r in rows[VIDEO]:
        videos[r[video_at + 1]].append(VideoRow(*r[video_at:]))
    lectures: dict[int, list[LectureRow]] = defaultdict(list)
    for r in rows[LECTURE]:
        lecture = lecture_row(r[lecture_at:video_at], videos.get(r[lecture_at], ()))
        lectures[lecture.topic_id].append(lecture)
    for r in rows[TOPIC]:
        topic = topic_row(r[1:lecture_at], lectures.get(r[1], ()))
        result[topic.course_id].append(topic)
    return result
