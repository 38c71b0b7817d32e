"""Field rules of a teacher (SiteOwner §1), shared by create and update.

Every check here is pure; the rules that need the database (uniqueness, referenced ids exist, grades of
the subject) live with the use cases. Errors are collected so one answer names every broken field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import TypeVar

from edutrack.core.errors import FieldErrors, ValidationFailed
from edutrack.core.policies.accounts import check_email, check_name, check_username
from edutrack.core.policies.people import check_phone

T = TypeVar("T")

NAME_MAX_LENGTH = 200
BIOGRAPHY_MAX_LENGTH = 5000
FACEBOOK_MAX_LENGTH = 255
MAX_GRADES = 100
PICTURE_FOLDER = "teachers"

USERNAME_TAKEN = "Username already exists."
GMAIL_TAKEN = "This email is already associated with an account."
EMPTY_LIST = "This list may not be empty."

# entity field → the name the API uses for it (and in its error bodies)
HTTP_FIELD = {"subject_id": "subject", "grade_ids": "grades", "video_security_id": "video_security"}


class Keep(Enum):
    """A field of an update that was not sent: the stored value stays."""

    KEEP = "keep"


KEEP = Keep.KEEP


def grade_not_in_subject(grade: str, subject: str) -> str:
    return f"Grade {grade} is not taught in subject {subject}."


def optional_text(raw: str | None, *, field: str, max_length: int) -> str | None:
    """Blank becomes ``None`` (forms send empty strings for untouched inputs)."""
    if raw is None or not raw.strip():
        return None
    value = raw.strip()
    if len(value) > max_length:
        raise ValidationFailed.field(field, f"Ensure this field has no more than {max_length} characters.")
    return value


def optional_phone(raw: str | None, *, field: str) -> str | None:
    if raw is None or not raw.strip():
        return None
    return check_phone(raw, field=field)


def check_grade_ids(raw: list[int]) -> list[int]:
    ids = list(dict.fromkeys(raw))
    if not ids:
        raise ValidationFailed.field("grades", EMPTY_LIST)
    if len(ids) > MAX_GRADES:
        raise ValidationFailed.field("grades", f"Ensure this field has no more than {MAX_GRADES} elements.")
    return ids


_CLEANERS: dict[str, Callable[[object], object]] = {
    "username": lambda v: check_username(str(v)),
    "name": lambda v: check_name(str(v), max_length=NAME_MAX_LENGTH),
    "gmail": lambda v: check_email(str(v)),
    "phone": lambda v: check_phone(str(v)),
    "secondary_phone": lambda v: optional_phone(v, field="secondary_phone"),  # type: ignore[arg-type]
    "biography": lambda v: optional_text(v, field="biography", max_length=BIOGRAPHY_MAX_LENGTH),  # type: ignore[arg-type]
    "facebook": lambda v: optional_text(v, field="facebook", max_length=FACEBOOK_MAX_LENGTH),  # type: ignore[arg-type]
    "grade_ids": lambda v: check_grade_ids(v),  # type: ignore[arg-type]
}


def clean_teacher_fields(
    values: Mapping[str, object],
    errors: FieldErrors,
    extra_rules: Mapping[str, Callable[[object], object]] | None = None,
) -> dict[str, object]:
    """Normalise the given fields (entity names); the broken ones go to ``errors`` and are left out.
    ``extra_rules`` adds the rules that need the entities (which policies do not import)."""
    rules = {**_CLEANERS, **(extra_rules or {})}
    cleaned: dict[str, object] = {}
    for key, value in values.items():
        rule = rules.get(key)
        if rule is None:
            cleaned[key] = value
            continue
        try:
            cleaned[key] = rule(value)
        except ValidationFailed as exc:
            errors.merge(exc)
    return cleaned
