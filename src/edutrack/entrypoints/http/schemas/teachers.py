"""Request and response bodies of SiteOwner §1 (teachers), and the row → body encoder.

``teacher_out`` is the one teacher encoder: the teachers endpoints and ``GET /accounts/me/`` share it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile

from edutrack.core.entities.people import Gender
from edutrack.entrypoints.http.conventions import absolute_url
from edutrack.entrypoints.http.schemas.academics import (
    NamedOut,
    SubjectOut,
    VideoSecurityOut,
    subject_out,
    video_security_out,
)
from edutrack.entrypoints.http.schemas.common import Id
from edutrack.ports.storage import MediaStorage
from edutrack.ports.teachers import TeacherRow

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType
# Free text is checked (and its length reported) by the core; this outer bound only stops absurd bodies.
Text = Annotated[str, msgspec.Meta(max_length=10_000)]
Ids = Annotated[list[Id], msgspec.Meta(max_length=500)]

# --- requests ------------------------------------------------------------------------------------


class TeacherIn(msgspec.Struct, forbid_unknown_fields=False):
    """``POST /accounts/teachers/`` (multipart/form-data; ``grades`` as repeated fields)."""

    username: Text
    password: Text
    name: Text
    phone: Text
    gmail: Text
    gender: Gender
    subject: Id
    grades: Ids
    secondary_phone: Text | None = None
    profile_picture: UploadFile | None = None
    biography: Text | None = None
    facebook: Text | None = None
    is_active: bool = True
    video_security: Id | None = None


class TeacherPatch(msgspec.Struct, forbid_unknown_fields=False):
    """``PATCH /accounts/teachers/{id}/``: any field of the create body. The picture comes as a file part;
    ``"profile_picture": null`` (or an empty form value) removes it; ``null`` clears ``video_security``,
    ``secondary_phone``, ``biography`` and ``facebook``."""

    username: Text | Unset = UNSET
    password: Text | Unset = UNSET
    name: Text | Unset = UNSET
    phone: Text | Unset = UNSET
    gmail: Text | Unset = UNSET
    gender: Gender | Unset = UNSET
    subject: Id | Unset = UNSET
    grades: list[Id] | Unset = UNSET  # no Annotated here: forms.py spots list fields by their type
    secondary_phone: Text | Unset | None = UNSET
    profile_picture: Text | Unset | None = UNSET
    biography: Text | Unset | None = UNSET
    facebook: Text | Unset | None = UNSET
    is_active: bool | Unset = UNSET
    video_security: Id | Unset | None = UNSET


# --- responses -----------------------------------------------------------------------------------


class TeacherOut(msgspec.Struct):
    id: int
    user_id: int
    username: str
    name: str
    phone: str
    secondary_phone: str | None
    gmail: str | None
    gender: str
    profile_picture: str | None
    biography: str | None
    facebook: str | None
    subject_detail: SubjectOut | None
    grades_detail: list[NamedOut]
    video_security_detail: VideoSecurityOut | None
    is_active: bool
    created_at: datetime
    subject_id: int | None
    grade_ids: list[int]
    video_security_id: int | None


def teacher_out(row: TeacherRow, request: Request, storage: MediaStorage) -> TeacherOut:
    picture = storage.url_path(row.profile_picture) if row.profile_picture else None
    return TeacherOut(
        id=row.id,
        user_id=row.user_id,
        username=row.username,
        name=row.name,
        phone=row.phone,
        secondary_phone=row.secondary_phone,
        gmail=row.gmail,
        gender=row.gender,
        profile_picture=absolute_url(request, picture),
        biography=row.biography,
        facebook=row.facebook,
        subject_detail=subject_out(row.subject) if row.subject else None,
        grades_detail=[NamedOut(id=g.id, name=g.name) for g in row.grades],
        video_security_detail=video_security_out(row.video_security) if row.video_security else None,
        is_active=row.is_active,
        created_at=row.created_at,
        subject_id=row.subject_id,
        grade_ids=[g.id for g in row.grades],
        video_security_id=row.video_security_id,
    )
