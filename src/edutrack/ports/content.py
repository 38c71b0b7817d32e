"""Read rows shared by the catalog: courses nest topics, topics nest lectures, lectures nest videos."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


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
