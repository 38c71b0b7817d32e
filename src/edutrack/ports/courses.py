"""Courses: the write-side repository (in a unit of work) and the catalog reader with its rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from edutrack.core.entities.content import Course
from edutrack.core.policies.content import Viewer
from edutrack.ports.lessons import TopicRow
from edutrack.ports.readers import Page, PageRequest


@dataclass(frozen=True, slots=True)
class CourseFiles:
    """The stored files hanging off a course: public pictures (the cover and its lectures' pictures) and
    private material files. Deleted from storage once the course's deletion is committed."""

    pictures: list[str] = field(default_factory=list)
    materials: list[str] = field(default_factory=list)


class CourseRepository(Protocol):
    async def add(self, course: Course) -> Course:
        """Insert; assign ``course.id``. A duplicate (teacher, grade, name) raises the documented
        ``non_field_errors`` ValidationFailed (the database's named unique constraint decides a race)."""
        ...

    async def get(self, course_id: int) -> Course | None: ...

    async def save(self, course: Course) -> None: ...

    async def delete(self, course_id: int) -> None:
        """Delete the course; its topics, lectures, videos and materials go with it, and so do its rejected
        enrollment requests. A pending or approved enrollment makes the database refuse (Conflict)."""
        ...

    async def name_taken(
        self, teacher_id: int, grade_id: int, name: str, exclude_id: int | None = None
    ) -> bool:
        """Another course of this teacher and grade already has exactly this name."""
        ...

    async def has_students(self, course_id: int) -> bool:
        """A pending or approved enrollment exists (rejected requests do not count: nobody is enrolled)."""
        ...

    async def file_keys(self, course_id: int) -> CourseFiles: ...


@dataclass(frozen=True, slots=True)
class CourseRow:
    """A course as the caller sees it. ``cover_picture`` is the storage key; the counts and ``topics`` only
    include what the viewer may see (students: active topics, visible lectures, active videos). ``topics``
    is empty when the reader was asked for summaries."""

    id: int
    name: str
    teacher_id: int
    teacher_name: str
    grade_id: int
    grade_name: str
    subject_id: int
    subject_name: str
    description: str | None
    cover_picture: str | None
    is_active: bool
    topic_count: int
    total_lectures: int
    total_videos: int
    created_at: datetime
    updated_at: datetime
    topics: tuple[TopicRow, ...] = ()


@dataclass(frozen=True, slots=True)
class CourseFilter:
    """``search``: case-insensitive substring of the name or the description."""

    teacher_id: int | None = None
    grade_id: int | None = None
    subject_id: int | None = None
    search: str | None = None


class CourseReader(Protocol):
    async def list(
        self, viewer: Viewer, filters: CourseFilter, page: PageRequest, *, with_topics: bool = True
    ) -> Page[CourseRow]:
        """The courses the viewer may see, newest first; a fixed number of statements whatever the page
        size and however much content the courses hold."""
        ...

    async def get(self, viewer: Viewer, course_id: int) -> CourseRow | None:
        """The course with its topics, or ``None`` when it does not exist or the viewer may not see it."""
        ...
