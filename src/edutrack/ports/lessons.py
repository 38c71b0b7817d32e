"""Topics, lectures and videos: the write side and the reader (rows are in ports/content.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Generic, Protocol, TypeVar

from edutrack.core.entities.content import Lecture, Topic, Video
from edutrack.core.policies.content import Viewer
from edutrack.ports.readers import Page, PageRequest

T = TypeVar("T")

Ordering = tuple[tuple[str, bool], ...]
"""``(("price", True), ("name", False))``: field and descending; ``(order, id)`` when empty."""


@dataclass(frozen=True, slots=True)
class Owned(Generic[T]):
    """An entity with the teacher profile id of the course it belongs to (who may change it)."""

    item: T
    teacher_id: int


@dataclass(frozen=True, slots=True)
class RemovedFiles:
    """Files that belonged to deleted rows: public picture keys and private material keys."""

    pictures: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()


class TopicRepository(Protocol):
    async def course_teacher(self, course_id: int) -> int | None:
        """The teacher profile id of the course, or None when the course does not exist."""
        ...

    async def add(self, topic: Topic) -> Topic: ...

    async def get(self, topic_id: int) -> Owned[Topic] | None: ...

    async def save(self, topic: Topic) -> None: ...

    async def has_sold_lectures(self, topic_id: int) -> bool:
        """Whether any lecture of the topic was ever bought (purchases are kept for good)."""
        ...

    async def delete(self, topic_id: int) -> RemovedFiles:
        """Delete the topic with its lectures, videos and materials; return the files they held."""
        ...


class LectureRepository(Protocol):
    async def add(self, lecture: Lecture) -> Lecture: ...

    async def get(self, lecture_id: int) -> Owned[Lecture] | None: ...

    async def save(self, lecture: Lecture) -> None: ...

    async def is_sold(self, lecture_id: int) -> bool:
        """Whether the lecture was ever bought (purchases are kept for good)."""
        ...

    async def delete(self, lecture_id: int) -> RemovedFiles:
        """Delete the lecture with its videos and materials; return the files they held."""
        ...


class VideoRepository(Protocol):
    async def add(self, video: Video) -> Video: ...

    async def get(self, video_id: int) -> Owned[Video] | None: ...

    async def save(self, video: Video) -> None: ...

    async def delete(self, video_id: int) -> None: ...


@dataclass(frozen=True, slots=True)
class TopicFilter:
    course: int | None = None
    is_active: bool | None = None
    search: str | None = None
    ordering: Ordering = field(default=())


@dataclass(frozen=True, slots=True)
class LectureFilter:
    topic: int | None = None
    is_visible: bool | None = None
    search: str | None = None
    ordering: Ordering = field(default=())


@dataclass(frozen=True, slots=True)
class VideoFilter:
    lecture: int | None = None
    platform: str | None = None
    is_active: bool | None = None
    search: str | None = None
    ordering: Ordering = field(default=())


TOPIC_ORDERING = ("order", "created_at", "name")
LECTURE_ORDERING = ("order", "price", "created_at", "name")
VIDEO_ORDERING = ("order", "created_at", "duration_minutes")


class ContentReader(Protocol):
    """Rows as ``viewer`` may see them (core/policies/content.py): what it may not see does not exist.

    Nested lists are in ``(order, id)``; counts count what the viewer sees. ``None`` means not found.
    """

    async def list_topics(
        self, viewer: Viewer, filters: TopicFilter, page: PageRequest
    ) -> Page[TopicRow]: ...

    async def get_topic(self, viewer: Viewer, topic_id: int) -> TopicRow | None:
        """With its lectures, each with its videos."""
        ...

    async def topic_lectures(self, viewer: Viewer, topic_id: int) -> list[LectureRow] | None:
        """The topic's lectures (without videos), or None when the topic is not visible."""
        ...

    async def list_lectures(
        self, viewer: Viewer, filters: LectureFilter, page: PageRequest
    ) -> Page[LectureRow]:
        """Each with its videos."""
        ...

    async def get_lecture(self, viewer: Viewer, lecture_id: int) -> LectureRow | None:
        """With its videos."""
        ...

    async def lecture_videos(self, viewer: Viewer, lecture_id: int) -> list[VideoRow] | None:
        """The lecture's videos, or None when the lecture is not visible."""
        ...

    async def list_videos(
        self, viewer: Viewer, filters: VideoFilter, page: PageRequest
    ) -> Page[VideoRow]: ...

    async def get_video(self, viewer: Viewer, video_id: int) -> VideoRow | None: ...


@dataclass(frozen=True, slots=True)
class VideoRow:
    id: int
    lecture_id: int
    name: str
    platform: str
    video_url: str
    order: int
    duration_minutes: int | None
    is_active: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class LectureRow:
    id: int
    topic_id: int
    topic_name: str
    course_id: int
    course_name: str
    teacher_id: int
    teacher_name: str
    name: str
    description: str | None
    price: Decimal
    discount: Decimal
    available_days: int
    is_visible: bool
    picture: str | None  # storage key
    order: int
    video_count: int
    created_at: datetime
    updated_at: datetime
    videos: tuple[VideoRow, ...] = ()


@dataclass(frozen=True, slots=True)
class TopicRow:
    id: int
    course_id: int
    course_name: str
    teacher_id: int
    name: str
    description: str | None
    order: int
    is_active: bool
    lecture_count: int
    created_at: datetime
    updated_at: datetime
    lectures: tuple[LectureRow, ...] = ()
