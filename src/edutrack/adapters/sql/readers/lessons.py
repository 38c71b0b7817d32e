"""Topic, lecture and video rows for lists and details, as a viewer may see them.

Visibility, counts and names are computed by the database. A list is one COUNT, one page query and (for
lectures) one ``IN (...)`` query for the nested videos; a nested detail is one statement per level, whatever
the number of children. The courses' nested topics come from ``topics_with_content`` (nested_content.py:
one statement for the three levels). The statements (``lessons_queries``) select the columns of the port
rows, are built once per shape and run as Core reads on the session's connection (adapters/sql/rows.py);
the rows are built once, children included.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.readers import lessons_queries as q
from edutrack.adapters.sql.readers.lessons_queries import lecture_visible, topic_visible, video_visible
from edutrack.adapters.sql.readers.nested_content import lecture_row, topic_row, topics_with_content
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import fetch_all, fetch_one, fetch_value
from edutrack.core.policies.content import Viewer
from edutrack.ports.lessons import (
    LectureFilter,
    LectureRow,
    TopicFilter,
    TopicRow,
    VideoFilter,
    VideoRow,
)
from edutrack.ports.readers import Page, PageRequest

__all__ = ["SqlContentReader", "lecture_visible", "topic_visible", "topics_with_content", "video_visible"]


# --- nested loaders (one statement per level) ---------------------------------------------------------------


async def _videos_of(
    session: AsyncSession, viewer: Viewer, lecture_ids: Iterable[int]
) -> dict[int, list[VideoRow]]:
    ids = list(dict.fromkeys(lecture_ids))
    grouped: dict[int, list[VideoRow]] = defaultdict(list)
    if ids:
        statement = q.videos_of_lectures(q.shape_of(viewer))
        for r in await fetch_all(session, statement, q.params(viewer, ids=ids)):
            grouped[r[1]].append(VideoRow(*r))
    return grouped


async def _with_videos(session: AsyncSession, viewer: Viewer, rows: Sequence[Any]) -> list[LectureRow]:
    """Lecture rows (columns of ``lessons_queries.lectures``) with their visible videos: one statement."""
    videos = await _videos_of(session, viewer, (r[0] for r in rows))
    return [lecture_row(r, videos.get(r[0], ())) for r in rows]


async def _lectures_of(
    session: AsyncSession, viewer: Viewer, topic_ids: Iterable[int]
) -> dict[int, list[LectureRow]]:
    ids = list(dict.fromkeys(topic_ids))
    grouped: dict[int, list[LectureRow]] = defaultdict(list)
    if not ids:
        return grouped
    statement = q.lectures_of_topics(q.shape_of(viewer))
    rows = await fetch_all(session, statement, q.params(viewer, ids=ids))
    for lecture in await _with_videos(session, viewer, rows):
        grouped[lecture.topic_id].append(lecture)
    return grouped


async def _with_lectures(session: AsyncSession, viewer: Viewer, rows: Sequence[Any]) -> list[TopicRow]:
    """Topic rows (columns of ``lessons_queries.topics``) with their visible lectures and videos."""
    lectures = await _lectures_of(session, viewer, (r[0] for r in rows))
    return [topic_row(r, lectures.get(r[0], ())) for r in rows]


# --- the reader -----------------------------------------------------------------------------------------


def _page_params(viewer: Viewer, filters: Any, page: PageRequest) -> dict[str, Any]:
    return q.params(viewer, offset=page.offset, limit=page.limit, **q.filter_values(filters))


class SqlContentReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list_topics(self, viewer: Viewer, filters: TopicFilter, page: PageRequest) -> Page[TopicRow]:
        count, statement = q.topic_page(
            q.shape_of(viewer), q.shape_of_filter(filters), page.limit is not None
        )
        values = _page_params(viewer, filters, page)
        async with self._sessions() as session:
            total = await fetch_value(session, count, values)
            rows = await fetch_all(session, statement, values) if page.limit != 0 else []
        return Page(total=int(total or 0), items=[topic_row(r) for r in rows])

    async def get_topic(self, viewer: Viewer, topic_id: int) -> TopicRow | None:
        if not valid_id(topic_id):
            return None
        async with self._sessions() as session:
            row = await fetch_one(session, q.topic_by_id(q.shape_of(viewer)), q.params(viewer, id=topic_id))
            if row is None:
                return None
            return (await _with_lectures(session, viewer, [row]))[0]

    async def topic_lectures(self, viewer: Viewer, topic_id: int) -> list[LectureRow] | None:
        if not valid_id(topic_id):
            return None
        shape, values = q.shape_of(viewer), q.params(viewer, id=topic_id)
        async with self._sessions() as session:
            if await fetch_value(session, q.visible_topic(shape), values) is None:
                return None
            rows = await fetch_all(session, q.lectures_of_topics(shape), q.params(viewer, ids=[topic_id]))
            return [lecture_row(r) for r in rows]

    async def list_lectures(
        self, viewer: Viewer, filters: LectureFilter, page: PageRequest
    ) -> Page[LectureRow]:
        shape, limited = q.shape_of(viewer), page.limit is not None
        count, statement = q.lecture_page(shape, q.shape_of_filter(filters), limited)
        values = _page_params(viewer, filters, page)
        async with self._sessions() as session:
            total = await fetch_value(session, count, values)
            rows = await fetch_all(session, statement, values) if page.limit != 0 else []
            items = await _with_videos(session, viewer, rows)
        return Page(total=int(total or 0), items=items)

    async def get_lecture(self, viewer: Viewer, lecture_id: int) -> LectureRow | None:
        if not valid_id(lecture_id):
            return None
        values = q.params(viewer, id=lecture_id)
        async with self._sessions() as session:
            row = await fetch_one(session, q.lecture_by_id(q.shape_of(viewer)), values)
            if row is None:
                return None
            return (await _with_videos(session, viewer, [row]))[0]

    async def lecture_videos(self, viewer: Viewer, lecture_id: int) -> list[VideoRow] | None:
        if not valid_id(lecture_id):
            return None
        values = q.params(viewer, id=lecture_id)
        async with self._sessions() as session:
            if await fetch_value(session, q.visible_lecture(q.shape_of(viewer)), values) is None:
                return None
            return (await _videos_of(session, viewer, [lecture_id])).get(lecture_id, [])

    async def list_videos(self, viewer: Viewer, filters: VideoFilter, page: PageRequest) -> Page[VideoRow]:
        count, statement = q.video_page(
            q.shape_of(viewer), q.shape_of_filter(filters), page.limit is not None
        )
        values = _page_params(viewer, filters, page)
        async with self._sessions() as session:
            total = await fetch_value(session, count, values)
            rows = await fetch_all(session, statement, values) if page.limit != 0 else []
        return Page(total=int(total or 0), items=[VideoRow(*r) for r in rows])

    async def get_video(self, viewer: Viewer, video_id: int) -> VideoRow | None:
        if not valid_id(video_id):
            return None
        async with self._sessions() as session:
            row = await fetch_one(session, q.video_by_id(q.shape_of(viewer)), q.params(viewer, id=video_id))
        return VideoRow(*row) if row is not None else None
