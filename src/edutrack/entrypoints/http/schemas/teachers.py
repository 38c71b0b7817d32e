"""Request and response bodies of SiteOwner §1 (teachers), the conversion of a decoded body into the
core's command, and the row → body encoder.

msgspec checks the types; the conversions here check the rest of the shape (text length, blank optional
text, the grades list) once, with DRF's texts, and report every problem at once. The account, phone and
password rules and the database's are the core's.

``teacher_out`` is the one teacher encoder: the teachers endpoints and ``GET /accounts/me/`` share it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile

from edutrack.core import messages as m
from edutrack.core.entities.people import Gender
from edutrack.core.errors import FieldErrors, ValidationFailed
from edutrack.core.use_cases.teachers.create_teacher import NewTeacher
from edutrack.core.use_cases.teachers.update_teacher import TeacherChanges
from edutrack.entrypoints.http.conventions import absolute_url
from edutrack.entrypoints.http.schemas.academics import (
    NamedOut,
    SubjectOut,
    VideoSecurityOut,
    subject_out,
    video_security_out,
)
from edutrack.entrypoints.http.schemas.common import Id
from edutrack.entrypoints.http.uploads import picture_change, read_image
from edutrack.ports.storage import MediaStorage
from edutrack.ports.teachers import TeacherRow

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType
# Free text is checked (and its length reported) by the conversions below; this outer bound only stops
# absurd bodies.
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


# --- body → command ------------------------------------------------------------------------------

NAME_MAX_LENGTH = 200
BIOGRAPHY_MAX_LENGTH = 5000
FACEBOOK_MAX_LENGTH = 255
MAX_GRADES = 100


def _name(raw: str, problems: FieldErrors) -> str:
    value = raw.strip()
    if not value:
        problems.add("name", m.BLANK)
    elif len(value) > NAME_MAX_LENGTH:
        problems.add("name", m.max_length(NAME_MAX_LENGTH))
    return value


def _optional_text(field: str, raw: str | None, max_length: int, problems: FieldErrors) -> str | None:
    """Blank is ``None`` (forms send empty strings for untouched inputs)."""
    if raw is None or not raw.strip():
        return None
    value = raw.strip()
    if len(value) > max_length:
        problems.add(field, m.max_length(max_length))
    return value


def _optional_phone(raw: str | None) -> str | None:
    return raw if raw is not None and raw.strip() else None


def _grades(raw: list[int], problems: FieldErrors) -> list[int]:
    ids = list(dict.fromkeys(raw))
    if not ids:
        problems.add("grades", m.EMPTY_LIST)
    elif len(ids) > MAX_GRADES:
        problems.add("grades", m.max_items(MAX_GRADES))
    return ids


async def new_teacher(data: TeacherIn) -> NewTeacher:
    """The create command; raises every problem of the body at once."""
    problems = FieldErrors()
    command = NewTeacher(
        username=data.username,
        password=data.password,
        name=_name(data.name, problems),
        phone=data.phone,
        gmail=data.gmail,
        gender=data.gender,
        subject_id=data.subject,
        grade_ids=_grades(data.grades, problems),
        secondary_phone=_optional_phone(data.secondary_phone),
        biography=_optional_text("biography", data.biography, BIOGRAPHY_MAX_LENGTH, problems),
        facebook=_optional_text("facebook", data.facebook, FACEBOOK_MAX_LENGTH, problems),
        is_active=data.is_active,
        video_security_id=data.video_security,
        profile_picture=await read_image(data.profile_picture),
    )
    problems.raise_if_any()
    return command


async def teacher_changes(data: TeacherPatch, files: dict[str, UploadFile]) -> TeacherChanges:
    """The fields sent (the picture as a file part, or ``null`` to remove it) as the update command;
    raises every problem of the body at once."""
    problems = FieldErrors()
    given: dict[str, Any] = {}

    def sent(name: str) -> bool:
        return getattr(data, name) is not UNSET

    for name in ("username", "password", "phone", "gmail", "gender", "is_active"):
        if sent(name):
            given[name] = getattr(data, name)
    if isinstance(data.name, str):
        given["name"] = _name(data.name, problems)
    if sent("secondary_phone"):
        given["secondary_phone"] = _optional_phone(data.secondary_phone)  # type: ignore[arg-type]
    for name, limit in (("biography", BIOGRAPHY_MAX_LENGTH), ("facebook", FACEBOOK_MAX_LENGTH)):
        if sent(name):
            given[name] = _optional_text(name, getattr(data, name), limit, problems)
    if sent("subject"):
        given["subject_id"] = data.subject
    if isinstance(data.grades, list):
        given["grade_ids"] = _grades(data.grades, problems)
    if sent("video_security"):
        given["video_security_id"] = data.video_security
    try:
        picture = await picture_change(data.profile_picture, files)
    except ValidationFailed as exc:
        problems.merge(exc)
    else:
        if not picture.keep:
            given["profile_picture"] = picture.upload
    problems.raise_if_any()
    return TeacherChanges(**given)


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
