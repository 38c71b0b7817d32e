"""Request and response bodies of topics, lectures and videos (Teacher API §3–§5), and their encoders.

A body is checked once, here: its Struct (shape, types, ranges) and the function that turns it into the
core's command (``new_topic``, ``topic_changes``, …: trimmed names that may not be blank, exact money, the
platform, the picture's bytes, and the fields a PUT requires), with every problem in one answer.

Money is a two-decimal string; pictures are absolute URLs; a video's URL is null for whoever may not watch
it (``shows_video_url`` decides, in one place).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile

from edutrack.core import messages as m
from edutrack.core.entities.content import Platform, duration_display, formatted_price
from edutrack.core.entities.content import final_price as final_price_of
from edutrack.core.errors import FieldErrors, ValidationFailed
from edutrack.core.money import format_money, parse_money
from edutrack.core.policies.content import Viewer
from edutrack.core.policies.lessons import shows_video_url
from edutrack.core.policies.uploads import check_image
from edutrack.core.use_cases.lessons.commands import (
    LectureChanges,
    NewLecture,
    NewTopic,
    NewVideo,
    TopicChanges,
    VideoChanges,
)
from edutrack.entrypoints.http.conventions import absolute_url
from edutrack.entrypoints.http.schemas.common import Id, MoneyIn
from edutrack.entrypoints.http.uploads import PictureChange, picture_change, read_image
from edutrack.ports.lessons import LectureRow, TopicRow, VideoRow
from edutrack.ports.storage import MediaStorage

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType

Order = Annotated[int, msgspec.Meta(ge=0, le=2**31 - 1, description="Position among its siblings")]
Title = Annotated[str, msgspec.Meta(max_length=200)]
Text = Annotated[str, msgspec.Meta(max_length=10_000)]
Days = Annotated[int, msgspec.Meta(ge=1, le=365, description="Days of access after purchase (1-365)")]
Minutes = Annotated[int, msgspec.Meta(ge=0, le=10_000)]
Url = Annotated[str, msgspec.Meta(max_length=500, description="Must match the platform's format")]
PlatformIn = Annotated[str, msgspec.Meta(max_length=20, description="youtube | bunnystream | vdocipher")]


# --- requests ---------------------------------------------------------------------------------------------


class TopicCreateIn(msgspec.Struct, forbid_unknown_fields=False):
    course: Id
    name: Title
    description: Text | Unset | None = UNSET
    order: Order | Unset = UNSET
    is_active: bool | Unset = UNSET


class TopicUpdateIn(msgspec.Struct, forbid_unknown_fields=False):
    """PUT requires course and name; PATCH any subset."""

    course: Id | Unset = UNSET
    name: Title | Unset = UNSET
    description: Text | Unset | None = UNSET
    order: Order | Unset = UNSET
    is_active: bool | Unset = UNSET


class LectureCreateIn(msgspec.Struct, forbid_unknown_fields=False):
    """multipart/form-data; ``picture`` is a JPEG, PNG or WebP file of at most 5 MB."""

    topic: Id
    name: Title
    price: MoneyIn
    available_days: Days
    description: Text | Unset | None = UNSET
    discount: MoneyIn | Unset = UNSET
    is_visible: bool | Unset = UNSET
    order: Order | Unset = UNSET
    picture: UploadFile | None = None


class LectureUpdateIn(msgspec.Struct, forbid_unknown_fields=False):
    """PUT requires topic, name, price and available_days; PATCH any subset. ``picture``: a file replaces
    it; ``null`` (JSON) or an empty form value removes it."""

    topic: Id | Unset = UNSET
    name: Title | Unset = UNSET
    price: MoneyIn | Unset = UNSET
    available_days: Days | Unset = UNSET
    description: Text | Unset | None = UNSET
    discount: MoneyIn | Unset = UNSET
    is_visible: bool | Unset = UNSET
    order: Order | Unset = UNSET
    picture: str | Unset | None = UNSET


class VideoCreateIn(msgspec.Struct, forbid_unknown_fields=False):
    lecture: Id
    name: Title
    platform: PlatformIn
    video_url: Url
    order: Order | Unset = UNSET
    duration_minutes: Minutes | Unset | None = UNSET
    is_active: bool | Unset = UNSET


class VideoUpdateIn(msgspec.Struct, forbid_unknown_fields=False):
    """PUT requires lecture, name, platform and video_url; PATCH any subset."""

    lecture: Id | Unset = UNSET
    name: Title | Unset = UNSET
    platform: PlatformIn | Unset = UNSET
    video_url: Url | Unset = UNSET
    order: Order | Unset = UNSET
    duration_minutes: Minutes | Unset | None = UNSET
    is_active: bool | Unset = UNSET


# --- body → command -------------------------------------------------------------------------------------

# what a PUT must send (PATCH: any subset); the Structs are shared by both, so it is checked here
PUT_TOPIC = ("course", "name")
PUT_LECTURE = ("topic", "name", "price", "available_days")
PUT_VIDEO = ("lecture", "name", "platform", "video_url")
PARENTS = {"course": "course_id", "topic": "topic_id", "lecture": "lecture_id"}
NAMES = frozenset({"name", "video_url"})
MONEY = frozenset({"price", "discount"})


def _platform(errors: FieldErrors, raw: str) -> Platform | None:
    try:
        return Platform(raw)
    except ValueError:
        errors.add("platform", m.invalid_choice(raw))
        return None


def _values(data: msgspec.Struct, errors: FieldErrors, required: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields ``data`` sets, under the command's names, as the core takes them: names and URLs trimmed
    (blank: a field error), a blank description is none, money parsed exactly (>= 0, two decimals), the
    platform by its name. Files are read apart. Each problem is added to ``errors``."""
    for name in required:
        if getattr(data, name) is UNSET:
            errors.add(name, m.REQUIRED)
    values: dict[str, Any] = {}
    for name in data.__struct_fields__:
        value = getattr(data, name)
        if value is UNSET or name == "picture":
            continue
        if name in NAMES:
            value = value.strip()
            if not value:
                errors.add(name, m.BLANK)
        elif name == "description":
            value = (value.strip() or None) if value is not None else None
        elif name in MONEY:
            value = errors.check(parse_money, name, value, minimum=Decimal("0"))
        elif name == "platform":
            value = _platform(errors, value)
        values[PARENTS.get(name, name)] = value
    return values


def _checked(data: msgspec.Struct, required: tuple[str, ...] = ()) -> dict[str, Any]:
    errors = FieldErrors()
    values = _values(data, errors, required)
    errors.raise_if_any()
    return values


def new_topic(data: TopicCreateIn) -> NewTopic:
    return NewTopic(**_checked(data))


def topic_changes(data: TopicUpdateIn, *, replace: bool) -> TopicChanges:
    """``replace``: a PUT, which must send course and name."""
    return TopicChanges(**_checked(data, PUT_TOPIC if replace else ()))


async def new_lecture(data: LectureCreateIn) -> NewLecture:
    errors = FieldErrors()
    values = _values(data, errors)
    picture = await read_image(data.picture)
    if picture is not None:
        errors.check(check_image, picture, field="picture")
    errors.raise_if_any()
    return NewLecture(**values, picture=picture)


async def lecture_changes(
    data: LectureUpdateIn, files: dict[str, UploadFile], *, replace: bool
) -> LectureChanges:
    """``replace``: a PUT, which must send topic, name, price and available_days. A ``picture`` file
    replaces the picture; ``null`` or an empty form value removes it."""
    errors = FieldErrors()
    values = _values(data, errors, PUT_LECTURE if replace else ())
    try:
        change = await picture_change(data.picture, files, field="picture")
    except ValidationFailed as exc:
        errors.merge(exc)
        change = PictureChange()
    if change.upload is not None:
        errors.check(check_image, change.upload, field="picture")
    errors.raise_if_any()
    if not change.keep:
        values["picture"] = change.upload
    return LectureChanges(**values)


def new_video(data: VideoCreateIn) -> NewVideo:
    return NewVideo(**_checked(data))


def video_changes(data: VideoUpdateIn, *, replace: bool) -> VideoChanges:
    """``replace``: a PUT, which must send lecture, name, platform and video_url."""
    return VideoChanges(**_checked(data, PUT_VIDEO if replace else ()))


# --- responses --------------------------------------------------------------------------------------------


class VideoOut(msgspec.Struct):
    id: int
    lecture: int
    name: str
    platform: str
    platform_display: str
    video_url: str | None
    order: int
    duration_minutes: int | None
    duration_display: str | None
    is_active: bool
    created_at: datetime
    updated_at: datetime


class TopicLectureOut(msgspec.Struct):
    """A lecture in GET /courses/topics/{id}/lectures/ (no course, teacher nor videos)."""

    id: int
    topic: int
    topic_name: str
    name: str
    description: str | None
    price: str
    discount: str
    final_price: str
    formatted_price: str
    available_days: int
    is_visible: bool
    picture: str | None
    order: int
    video_count: int
    created_at: datetime
    updated_at: datetime


class LectureOut(msgspec.Struct):
    id: int
    topic: int
    topic_name: str
    course_name: str
    teacher_name: str
    name: str
    description: str | None
    price: str
    discount: str
    final_price: str
    formatted_price: str
    available_days: int
    is_visible: bool
    picture: str | None
    order: int
    videos: list[VideoOut]
    video_count: int
    created_at: datetime
    updated_at: datetime


class TopicOut(msgspec.Struct):
    id: int
    course: int
    course_name: str
    name: str
    description: str | None
    order: int
    is_active: bool
    lecture_count: int
    created_at: datetime
    updated_at: datetime


class TopicDetailOut(msgspec.Struct):
    id: int
    course: int
    course_name: str
    name: str
    description: str | None
    order: int
    is_active: bool
    lectures: list[LectureOut]
    created_at: datetime
    updated_at: datetime


# platform value -> its display name, read once (a video list can hold thousands)
PLATFORM_DISPLAY = {platform.value: platform.display for platform in Platform}


def video_out(row: VideoRow, viewer: Viewer) -> VideoOut:
    platform = row.platform if row.platform in PLATFORM_DISPLAY else Platform(row.platform)  # or ValueError
    return VideoOut(
        id=row.id,
        lecture=row.lecture_id,
        name=row.name,
        platform=str(platform),
        platform_display=PLATFORM_DISPLAY[platform],
        video_url=row.video_url if shows_video_url(viewer, row.lecture_id) else None,
        order=row.order,
        duration_minutes=row.duration_minutes,
        duration_display=duration_display(row.duration_minutes),
        is_active=row.is_active,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _lecture(row: LectureRow, request: Request, storage: MediaStorage) -> dict[str, Any]:
    """What both lecture bodies show."""
    return {
        "id": row.id,
        "topic": row.topic_id,
        "topic_name": row.topic_name,
        "name": row.name,
        "description": row.description,
        "price": format_money(row.price),
        "discount": format_money(row.discount),
        "final_price": format_money(final_price_of(row.price, row.discount)),
        "formatted_price": formatted_price(row.price, row.discount),
        "available_days": row.available_days,
        "is_visible": row.is_visible,
        "picture": absolute_url(request, storage.url_path(row.picture)) if row.picture else None,
        "order": row.order,
        "video_count": row.video_count,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


def lecture_out(row: LectureRow, request: Request, storage: MediaStorage, viewer: Viewer) -> LectureOut:
    return LectureOut(
        **_lecture(row, request, storage),
        course_name=row.course_name,
        teacher_name=row.teacher_name,
        videos=[video_out(video, viewer) for video in row.videos],
    )


def topic_lecture_out(row: LectureRow, request: Request, storage: MediaStorage) -> TopicLectureOut:
    return TopicLectureOut(**_lecture(row, request, storage))


def _topic(row: TopicRow) -> dict[str, Any]:
    """What both topic bodies show."""
    return {
        "id": row.id,
        "course": row.course_id,
        "course_name": row.course_name,
        "name": row.name,
        "description": row.description,
        "order": row.order,
        "is_active": row.is_active,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


def topic_out(row: TopicRow) -> TopicOut:
    return TopicOut(**_topic(row), lecture_count=row.lecture_count)


def topic_detail_out(
    row: TopicRow, request: Request, storage: MediaStorage, viewer: Viewer
) -> TopicDetailOut:
    """A topic with its lectures, each with its videos (also the ``topics`` of a course detail)."""
    lectures = [lecture_out(lecture, request, storage, viewer) for lecture in row.lectures]
    return TopicDetailOut(**_topic(row), lectures=lectures)
