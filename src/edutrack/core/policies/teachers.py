"""Rules of a teacher (SiteOwner §1), shared by create and update.

Shape, type and range (required fields, text length, the grades list, the gender choice) are checked at
the edge, once. The account rules (username, gmail, password) and the phone rules are the domain's and
live in ``accounts``, ``passwords`` and ``people``; the rules that need the database (uniqueness,
referenced ids exist, grades of the subject) live with the use cases.

``Keep``/``KEEP`` and ``optional_text`` are older conventions other features still use (courses,
enrollments); the teacher use cases no longer do.
"""

from __future__ import annotations

from enum import Enum

from edutrack.core import messages as m
from edutrack.core.errors import ValidationFailed

PICTURE_FOLDER = "teachers"


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
        raise ValidationFailed.field(field, m.max_length(max_length))
    return value
