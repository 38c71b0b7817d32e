"""The student profile's domain rules, shared by registration and the student's own updates.

Shape, type and range (required fields, text length, choices, the date format, the link) are checked at
the edge, once. What stays here are the rules of the domain: the national id (its Arabic-Indic digits,
the birth date and governorate it encodes), a plausible birth date, the graduate and division rules, the
student code. The rules that need the database (referenced ids exist, area in governorate, division in
grade and school type, uniqueness) are the use cases' part.
"""

from __future__ import annotations

import re
import secrets
from datetime import date

from edutrack.core.errors import ValidationFailed
from edutrack.core.policies.digits import ascii_digits
from edutrack.core.policies.people import check_national_id

READ_ONLY = frozenset({"national_id", "birth_date"})
"""Fixed at registration: the national id encodes the birth date. (``status`` and ``student_code`` are
never input at all.)"""
SCHOOL_ONLY = ("school_type", "grade", "division")

FUTURE_DATE_MESSAGE = "Birth date cannot be in the future."
GRADUATE_MESSAGE = "Must be empty for a graduate."
DIVISION_NEEDS_GRADE = "A grade is required when a division is given."
NATIONAL_ID_TAKEN = "A student with this national ID already exists."
NATIONAL_ID_LENGTH = "National ID must be exactly 14 digits."

CODE_PREFIX = "S"
CODE_DIGITS = 8


def new_student_code() -> str:
    """``S`` + 8 random digits (from ``secrets``): not guessable from a neighbour's code."""
    return CODE_PREFIX + "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def check_student_national_id(national_id: str, birth_date: date | None) -> str:
    """The id in ASCII digits. With a birth date it must encode it (and a real governorate); without
    one (not given, or refused) only its 14 digits are checked."""
    if birth_date is not None:
        return check_national_id(national_id, birth_date)
    value = ascii_digits(national_id.strip())
    if not re.fullmatch(r"[0-9]{14}", value):
        raise ValidationFailed.field("national_id", NATIONAL_ID_LENGTH)
    return value


def check_birth_date(birth_date: date, today: date) -> None:
    """A plausible birth date: not in the future."""
    if birth_date > today:
        raise ValidationFailed.field("birth_date", FUTURE_DATE_MESSAGE)
