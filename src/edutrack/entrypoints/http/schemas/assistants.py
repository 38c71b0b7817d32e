"""Request and response bodies of the assistants (Teacher API §1, SiteOwner API §4), and the encoders."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile

from edutrack.core import commands as c
from edutrack.core import messages as m
from edutrack.core.entities.people import Gender
from edutrack.core.errors import FieldErrors, ValidationFailed
from edutrack.core.policies.uploads import Upload
from edutrack.core.use_cases.assistants.create_assistant import NewAssistant
from edutrack.core.use_cases.assistants.update_assistant import AssistantChanges
from edutrack.entrypoints.http.conventions import absolute_url, struct_from
from edutrack.entrypoints.http.uploads import PictureChange, picture_change
from edutrack.ports.assistants import AssistantRow
from edutrack.ports.storage import MediaStorage

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType

Username = Annotated[str, msgspec.Meta(max_length=150, description="Letters, digits and @/./+/-/_")]
Password = Annotated[
    str, msgspec.Meta(max_length=1024, description="At least 8 characters, not all digits, not the username")
]
FullName = Annotated[str, msgspec.Meta(max_length=200)]
Phone = Annotated[
    str, msgspec.Meta(max_length=20, description="Egyptian mobile: 11 digits starting 010, 011, 012 or 015")
]
Gmail = Annotated[str, msgspec.Meta(max_length=254, description="Unique across all accounts")]
GenderIn = Annotated[str, msgspec.Meta(max_length=10, description="male | female (empty: not given)")]


class AssistantCreateIn(msgspec.Struct, forbid_unknown_fields=False):
    """multipart/form-data; ``profile_picture`` is a JPEG, PNG or WebP file of at most 5 MB."""

    username: Username
    password: Password
    name: FullName
    phone: Phone
    gmail: Gmail
    gender: GenderIn | None = None
    profile_picture: UploadFile | None = None


class AssistantUpdateIn(msgspec.Struct, forbid_unknown_fields=False):
    """PUT requires username, name, phone and gmail; PATCH any subset. ``password`` empty or absent keeps
    the current one. ``profile_picture``: a file replaces the picture; ``null`` (JSON) or an empty
    form value removes it."""

    username: Username | Unset = UNSET
    password: Password | Unset | None = UNSET
    name: FullName | Unset = UNSET
    phone: Phone | Unset = UNSET
    gmail: Gmail | Unset = UNSET
    gender: GenderIn | Unset | None = UNSET
    is_active: bool | Unset = UNSET
    profile_picture: str | Unset | None = UNSET


class AssistantOut(msgspec.Struct):
    """An assistant as their teacher sees it."""

    id: int
    user_id: int
    username: str
    name: str
    phone: str
    gmail: str | None
    gender: str | None
    profile_picture: str | None
    is_active: bool
    created_at: datetime
    teacher: int


class AssistantAdminOut(msgspec.Struct):
    """An assistant as the site owner sees it (with the teacher's name, without the picture)."""

    id: int
    user_id: int
    username: str
    name: str
    phone: str
    gmail: str | None
    gender: str | None
    is_active: bool
    created_at: datetime
    teacher: int
    teacher_name: str


PUT_REQUIRED = ("username", "name", "phone", "gmail")


def parse_gender(raw: str | None) -> Gender | None:
    """``male`` / ``female`` in any case, around spaces; empty or null: not given."""
    if raw is None or not raw.strip():
        return None
    try:
        return Gender(raw.strip().lower())
    except ValueError:
        raise ValidationFailed.field("gender", m.invalid_choice(raw)) from None


def new_assistant(data: AssistantCreateIn, picture: Upload | None) -> NewAssistant:
    """A decoded create body (and its picture, read separately) as the core's command."""
    errors = FieldErrors()
    gender = errors.check(parse_gender, data.gender)
    errors.raise_if_any()
    return NewAssistant(
        username=data.username,
        password=data.password,
        name=data.name,
        phone=data.phone,
        gmail=data.gmail,
        gender=gender,
        picture=picture,
    )


async def assistant_changes(
    data: AssistantUpdateIn, files: dict[str, UploadFile], *, partial: bool
) -> AssistantChanges:
    """A decoded PUT/PATCH body and its file parts as the core's changes command, every problem at once:
    PUT requires username, name, phone and gmail; an empty or null password keeps the current one; a
    ``profile_picture`` file replaces the picture, ``null`` or an empty form value removes it."""
    errors = FieldErrors()
    try:
        picture = await picture_change(data.profile_picture, files)
    except ValidationFailed as exc:
        errors.merge(exc)
        picture = PictureChange()
    if not partial:
        for name in PUT_REQUIRED:
            if getattr(data, name) is UNSET:
                errors.add(name, m.REQUIRED)
    gender = c.UNSET if data.gender is UNSET else errors.check(parse_gender, data.gender)
    errors.raise_if_any()
    given = {
        name: value
        for name in ("username", "name", "phone", "gmail", "is_active")
        if (value := getattr(data, name)) is not UNSET
    }
    return AssistantChanges(
        **given,
        password=data.password or c.UNSET,
        gender=gender,
        picture=None if picture.remove else picture.upload or c.UNSET,
    )


def assistant_out(row: AssistantRow, request: Request, storage: MediaStorage) -> AssistantOut:
    """The teacher's view of one assistant (also the ``profile`` of GET /accounts/me/ for an assistant)."""
    picture = absolute_url(request, storage.url_path(row.profile_picture)) if row.profile_picture else None
    return AssistantOut(
        id=row.id,
        user_id=row.user_id,
        username=row.username,
        name=row.name,
        phone=row.phone,
        gmail=row.gmail,
        gender=row.gender,
        profile_picture=picture,
        is_active=row.is_active,
        created_at=row.created_at,
        teacher=row.teacher,
    )


def assistant_admin_out(row: AssistantRow) -> AssistantAdminOut:
    return struct_from(AssistantAdminOut, row)
