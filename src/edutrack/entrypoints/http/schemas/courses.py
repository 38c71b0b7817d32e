"""Request and response bodies of the courses endpoints (SiteOwner §3, Teacher §2, API_SUPPLEMENT §5),
the body → command functions (``new_course``, ``course_changes``: where a body is checked, once, with every
problem in one answer) and the row → body encoders. Nested topics use the lessons' topic detail encoder."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile

from edutrack.core import commands
from edutrack.core import messages as m
from edutrack.core.errors import FieldErrors, ValidationFailed
from edutrack.core.policies.content import Viewer
from edutrack.core.policies.uploads import Upload, check_image
from edutrack.core.use_cases.courses.create_course import NewCourse
from edutrack.core.use_cases.courses.update_course import CourseChanges
from edutrack.entrypoints.http.conventions import absolute_url
from edutrack.entrypoints.http.schemas.common import Id
from edutrack.entrypoints.http.schemas.lessons import TopicDetailOut, topic_detail_out
from edutrack.entrypoints.http.uploads import PictureChange, picture_change, read_image
from edutrack.ports.courses import CourseRow
from edutrack.ports.storage import MediaStorage

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType
# Free text: the lengths of the trimmed text are checked by ``new_course``/``course_changes`` (with DRF's
# messages); this outer bound only stops absurd bodies.
Text = Annotated[str, msgspec.Meta(max_length=20_000)]
NAME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 10_000

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


# --- body → command ------------------------------------------------------------------------------


def _name(errors: FieldErrors, raw: str) -> str:
    """Trimmed; not blank, at most 200 characters."""
    name = raw.strip()
    if not name:
        errors.add("name", m.BLANK)
    elif len(name) > NAME_MAX_LENGTH:
        errors.add("name", m.max_length(NAME_MAX_LENGTH))
    return name


def _description(errors: FieldErrors, raw: str | None) -> str | None:
    """Trimmed, at most 10000 characters; blank is none (forms send empty strings for untouched inputs)."""
    if raw is None or not raw.strip():
        return None
    if len(description := raw.strip()) > DESCRIPTION_MAX_LENGTH:
        errors.add("description", m.max_length(DESCRIPTION_MAX_LENGTH))
    return description


def _check_cover(errors: FieldErrors, upload: Upload | None) -> None:
    """A cover must really be a JPEG, PNG or WebP image of at most 5 MB."""
    if upload is not None:
        errors.check(check_image, upload, field="cover_picture")


async def new_course(data: CourseIn) -> NewCourse:
    """A create body (multipart) as the core's command, or ValidationFailed naming every problem."""
    errors = FieldErrors()
    name = _name(errors, data.name)
    description = _description(errors, data.description)
    cover = await read_image(data.cover_picture)
    _check_cover(errors, cover)
    errors.raise_if_any()
    return NewCourse(
        name=name,
        teacher_id=data.teacher,
        grade_id=data.grade,
        description=description,
        is_active=data.is_active,
        cover_picture=cover,
    )


async def course_changes(data: CoursePatch, files: dict[str, UploadFile]) -> CourseChanges:
    """A PATCH body (multipart or JSON) and its file parts as the core's command: a ``cover_picture`` file
    replaces the cover, ``null`` or an empty form value removes it; ``"description": null`` clears the
    description."""
    errors = FieldErrors()
    keep = commands.UNSET  # the core's "not sent" (msgspec has its own)
    name = keep if data.name is UNSET else _name(errors, data.name)
    description = keep if data.description is UNSET else _description(errors, data.description)
    try:
        change = await picture_change(data.cover_picture, files, field="cover_picture")
    except ValidationFailed as exc:
        errors.merge(exc)
        change = PictureChange()
    _check_cover(errors, change.upload)
    errors.raise_if_any()
    return CourseChanges(
        name=name,
        teacher_id=keep if data.teacher is UNSET else data.teacher,
        grade_id=keep if data.grade is UNSET else data.grade,
        description=description,
        is_active=keep if data.is_active is UNSET else data.is_active,
        cover_picture=keep if change.keep else change.upload,
    )


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
