"""The lessons' reader over the last committed memory state, and ``topics_with_content`` for the courses'
nested topics. Same rows, rules and order as SQL."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from edutrack.adapters.memory import courses as memory_courses
from edutrack.adapters.memory import lessons as memory_lessons
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.adapters.memory.teachers import TeacherTables
from edutrack.core.entities.content import Course, Lecture, Topic, Video
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

R = TypeVar("R")


def _sees(viewer: Viewer, course: Course, *active: bool) -> bool:
    """The SQL rule: the site owner everything, the own teacher's courses whole, otherwise active parts."""
    if viewer.sees_all:
        return True
    if viewer.own_teacher_id is not None and course.teacher_id == viewer.own_teacher_id:
        return True
    return course.is_active and all(active)


def _contains(needle: str | None, *values: str | None) -> bool:
    if not needle:
        return True
    text = needle.lower()
    return any(value is not None and text in value.lower() for value in values)


def _sorted(items: Iterable[R], ordering: Ordering, fields: Callable[[R, str], Any]) -> list[R]:
    """The SQL order: the requested fields (None smallest), then ``order, id`` / ``id``."""
    result = sorted(items, key=lambda item: fields(item, "id"))
    if not ordering:
        return sorted(result, key=lambda item: fields(item, "order"))
    for name, descending in reversed(ordering):
        result.sort(
            key=lambda item, n=name: (fields(item, n) is not None, fields(item, n)),
            reverse=descending,
        )
    return result


def _page(items: list[R], page: PageRequest) -> Page[R]:
    end = None if page.limit is None else page.offset + page.limit
    return Page(total=len(items), items=items[page.offset : end])


class _View:
    """Rows of one committed state as one viewer sees them."""

    def __init__(self, state: MemoryState, viewer: Viewer) -> None:
        self.state = state
        self.tables = state.of(memory_lessons.LessonTables)
        self.courses = state.of(memory_courses.CourseTables).courses
        self.viewer = viewer

    def course_of(self, topic: Topic) -> Course:
        return self.courses[topic.course_id]

    def topic_seen(self, topic: Topic) -> bool:
        return _sees(self.viewer, self.course_of(topic), topic.is_active)

    def lecture_seen(self, lecture: Lecture) -> bool:
        topic = self.tables.topics[lecture.topic_id]
        return _sees(self.viewer, self.course_of(topic), topic.is_active, lecture.is_visible)

    def video_seen(self, video: Video) -> bool:
        lecture = self.tables.lectures[video.lecture_id]
        topic = self.tables.topics[lecture.topic_id]
        return _sees(self.viewer, self.course_of(topic), topic.is_active, lecture.is_visible, video.is_active)

    def videos(self, lecture_id: int | None = None) -> list[Video]:
        return [
            v
            for v in self.tables.videos.values()
            if (lecture_id is None or v.lecture_id == lecture_id) and self.video_seen(v)
        ]

    def lectures(self, topic_id: int | None = None) -> list[Lecture]:
        return [
            lecture
            for lecture in self.tables.lectures.values()
            if (topic_id is None or lecture.topic_id == topic_id) and self.lecture_seen(lecture)
        ]

    def topics(self) -> list[Topic]:
        return [topic for topic in self.tables.topics.values() if self.topic_seen(topic)]

    def video_row(self, video: Video) -> VideoRow:
        assert video.id is not None
        return VideoRow(
            id=video.id,
            lecture_id=video.lecture_id,
            name=video.name,
            platform=video.platform.value,
            video_url=video.video_url,
            order=video.order,
            duration_minutes=video.duration_minutes,
            is_active=video.is_active,
            created_at=video.created_at,
            updated_at=video.updated_at,
        )

    def video_rows(self, lecture_id: int) -> tuple[VideoRow, ...]:
        return tuple(self.video_row(v) for v in _sorted(self.videos(lecture_id), (), _field))

    def lecture_row(self, lecture: Lecture, *, nested: bool) -> LectureRow:
        assert lecture.id is not None
        topic = self.tables.topics[lecture.topic_id]
        course = self.course_of(topic)
        teacher = self.state.of(TeacherTables).teachers[course.teacher_id]
        return LectureRow(
            id=lecture.id,
            topic_id=lecture.topic_id,
            topic_name=topic.name,
            course_id=topic.course_id,
            course_name=course.name,
            teacher_id=course.teacher_id,
            teacher_name=self.state.of(AccountTables).users[teacher.user_id].name,
            name=lecture.name,
            description=lecture.description,
            price=lecture.price,
            discount=lecture.discount,
            available_days=lecture.available_days,
            is_visible=lecture.is_visible,
            picture=lecture.picture,
            order=lecture.order,
            video_count=len(self.videos(lecture.id)),
            created_at=lecture.created_at,
            updated_at=lecture.updated_at,
            videos=self.video_rows(lecture.id) if nested else (),
        )

    def lecture_rows(self, topic_id: int, *, nested: bool) -> list[LectureRow]:
        lectures = _sorted(self.lectures(topic_id), (), _field)
        return [self.lecture_row(lecture, nested=nested) for lecture in lectures]

    def topic_row(self, topic: Topic, *, nested: bool) -> TopicRow:
        assert topic.id is not None
        course = self.course_of(topic)
        return TopicRow(
            id=topic.id,
            course_id=topic.course_id,
            course_name=course.name,
            teacher_id=course.teacher_id,
            name=topic.name,
            description=topic.description,
            order=topic.order,
            is_active=topic.is_active,
            lecture_count=len(self.lectures(topic.id)),
            created_at=topic.created_at,
            updated_at=topic.updated_at,
            lectures=tuple(self.lecture_rows(topic.id, nested=True)) if nested else (),
        )


def _field(item: Any, name: str) -> Any:
    return getattr(item, name)


def topics_with_content(
    state: MemoryState, viewer: Viewer, course_ids: Sequence[int]
) -> dict[int, list[TopicRow]]:
    """Each course's visible topics with their visible lectures and videos, all in ``(order, id)``."""
    view = _View(state, viewer)
    wanted = set(course_ids)
    result: dict[int, list[TopicRow]] = {course_id: [] for course_id in course_ids}
    for topic in _sorted(view.topics(), (), _field):
        if topic.course_id in wanted:
            result[topic.course_id].append(view.topic_row(topic, nested=True))
    return result


class MemoryContentReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _view(self, viewer: Viewer) -> _View:
        return _View(self._store.state, viewer)

    async def list_topics(self, viewer: Viewer, filters: TopicFilter, page: PageRequest) -> Page[TopicRow]:
        view = self._view(viewer)
        topics = [
            topic
            for topic in view.topics()
            if (filters.course is None or topic.course_id == filters.course)
            and (filters.is_active is None or topic.is_active == filters.is_active)
            and _contains(filters.search, topic.name, topic.description, view.course_of(topic).name)
        ]
        ordered = _sorted(topics, filters.ordering, _field)
        return _page([view.topic_row(topic, nested=False) for topic in ordered], page)

    async def get_topic(self, viewer: Viewer, topic_id: int) -> TopicRow | None:
        view = self._view(viewer)
        topic = view.tables.topics.get(topic_id)
        if topic is None or not view.topic_seen(topic):
            return None
        return view.topic_row(topic, nested=True)

    async def topic_lectures(self, viewer: Viewer, topic_id: int) -> list[LectureRow] | None:
        view = self._view(viewer)
        topic = view.tables.topics.get(topic_id)
        if topic is None or not view.topic_seen(topic):
            return None
        return view.lecture_rows(topic_id, nested=False)

    async def list_lectures(
        self, viewer: Viewer, filters: LectureFilter, page: PageRequest
    ) -> Page[LectureRow]:
        view = self._view(viewer)
        lectures = [
            lecture
            for lecture in view.lectures()
            if (filters.topic is None or lecture.topic_id == filters.topic)
            and (filters.is_visible is None or lecture.is_visible == filters.is_visible)
            and _contains(
                filters.search, lecture.name, lecture.description, view.tables.topics[lecture.topic_id].name
            )
        ]
        ordered = _sorted(lectures, filters.ordering, _field)
        return _page([view.lecture_row(lecture, nested=True) for lecture in ordered], page)

    async def get_lecture(self, viewer: Viewer, lecture_id: int) -> LectureRow | None:
        view = self._view(viewer)
        lecture = view.tables.lectures.get(lecture_id)
        if lecture is None or not view.lecture_seen(lecture):
            return None
        return view.lecture_row(lecture, nested=True)

    async def lecture_videos(self, viewer: Viewer, lecture_id: int) -> list[VideoRow] | None:
        view = self._view(viewer)
        lecture = view.tables.lectures.get(lecture_id)
        if lecture is None or not view.lecture_seen(lecture):
            return None
        return list(view.video_rows(lecture_id))

    async def list_videos(self, viewer: Viewer, filters: VideoFilter, page: PageRequest) -> Page[VideoRow]:
        view = self._view(viewer)
        videos = [
            video
            for video in view.videos()
            if (filters.lecture is None or video.lecture_id == filters.lecture)
            and (filters.platform is None or video.platform.value == filters.platform)
            and (filters.is_active is None or video.is_active == filters.is_active)
            and _contains(filters.search, video.name, video.video_url)
        ]
        ordered = _sorted(videos, filters.ordering, _field)
        return _page([view.video_row(video) for video in ordered], page)

    async def get_video(self, viewer: Viewer, video_id: int) -> VideoRow | None:
        view = self._view(viewer)
        video = view.tables.videos.get(video_id)
        if video is None or not view.video_seen(video):
            return None
        return view.video_row(video)
