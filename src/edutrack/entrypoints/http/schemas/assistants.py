"""Request and response bodies of the assistants (Teacher API §1, SiteOwner API §4), and the encoders."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile

from edutrack.entrypoints.http.conventions import absolute_url
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


def changes_of(data: AssistantUpdateIn) -> dict[str, object]:
    """The account and profile fields a body sets (the picture is handled separately)."""
    return {
        name: value
        for name in data.__struct_fields__
        if name != "profile_picture" and (value := getattr(data, name)) is not UNSET
    }


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
    return AssistantAdminOut(
        id=row.id,
        user_id=row.user_id,
        username=row.username,
        name=row.name,
        phone=row.phone,
        gmail=row.gmail,
        gender=row.gender,
        is_active=row.is_active,
        created_at=row.created_at,
        teacher=row.teacher,
        teacher_name=row.teacher_name,
    )
