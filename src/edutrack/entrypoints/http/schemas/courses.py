"""Request and response bodies of the courses endpoints (SiteOwner §3, Teacher §2, API_SUPPLEMENT §5),
and the row → body encoders. Nested topics use the content engineer's topic detail encoder."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile

from edutrack.core.policies.content import Viewer
from edutrack.entrypoints.http.conventions import absolute_url
from edutrack.entrypoints.http.schemas.common import Id
from edutrack.entrypoints.http.schemas.lessons import TopicDetailOut, topic_detail_out
from edutrack.ports.courses import CourseRow
from edutrack.ports.storage import MediaStorage

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType
# Free text is checked (and its length reported) by the core; this outer bound only stops absurd bodies.
Text = Annotated[str, msgspec.Meta(max_length=20_000)]

# --- requests ------------------------------------------------------------------------------------


class CourseIn(msgspec.Struct, forbid_unknown_fields=False):
    """``POST /courses/`` (multipart/form-data)."""

    name: Text
    teacher: Id
    grade: Id
    description: Text | None = None
    cover_picture: UploadFile | None = None
    is_active: bool = True


class CoursePatch(msgspec.Struct, forbid_unknown_fields=False):
    """``PATCH /courses/{id}/``: any field of the create body. ``teacher`` and ``grade`` may only repeat
    the stored value. The cover comes as a file part; ``"cover_picture": null`` (or an empty form value)
    removes it; ``"description": null`` clears the description."""

    name: Text | Unset = UNSET
    teacher: Id | Unset = UNSET
    grade: Id | Unset = UNSET
    description: Text | Unset | None = UNSET
    cover_picture: Text | Unset | None = UNSET
    is_active: bool | Unset = UNSET


# --- responses -----------------------------------------------------------------------------------


class CourseOut(msgspec.Struct):
    id: int
    name: str
    teacher: int
    teacher_id: int
    teacher_name: str
    grade: int
    grade_name: str
    subject: int
    subject_name: str
    description: str | None
    cover_picture: str | None
    is_active: bool
    topics: list[TopicDetailOut]
    topic_count: int
    total_lectures: int
    total_videos: int
    created_at: datetime
    updated_at: datetime


class MyCourseOut(msgspec.Struct):
    id: int
    name: str
    teacher: int
    teacher_name: str
    grade: int
    grade_name: str
    subject: int
    subject_name: str
    description: str | None
    cover_picture: str | None
    is_active: bool
    topic_count: int
    created_at: datetime


def _cover(row: CourseRow, request: Request, storage: MediaStorage) -> str | None:
    return absolute_url(request, storage.url_path(row.cover_picture)) if row.cover_picture else None


def course_out(row: CourseRow, request: Request, storage: MediaStorage, viewer: Viewer) -> CourseOut:
    return CourseOut(
        id=row.id,
        name=row.name,
        teacher=row.teacher_id,
        teacher_id=row.teacher_id,
        teacher_name=row.teacher_name,
        grade=row.grade_id,
        grade_name=row.grade_name,
        subject=row.subject_id,
        subject_name=row.subject_name,
        description=row.description,
        cover_picture=_cover(row, request, storage),
        is_active=row.is_active,
        topics=[topic_detail_out(topic, request, storage, viewer) for topic in row.topics],
        topic_count=row.topic_count,
        total_lectures=row.total_lectures,
        total_videos=row.total_videos,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def my_course_out(row: CourseRow, request: Request, storage: MediaStorage) -> MyCourseOut:
    return MyCourseOut(
        id=row.id,
        name=row.name,
        teacher=row.teacher_id,
        teacher_name=row.teacher_name,
        grade=row.grade_id,
        grade_name=row.grade_name,
        subject=row.subject_id,
        subject_name=row.subject_name,
        description=row.description,
        cover_picture=_cover(row, request, storage),
        is_active=row.is_active,
        topic_count=row.topic_count,
        created_at=row.created_at,
    )
