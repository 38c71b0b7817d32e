"""The student profile's field rules, shared by registration and the student's own updates.

Fields are named as the API names them (``grade``, ``governorate``…). ``clean_profile`` checks every
field it is given and reports every problem at once; the rules that need the database (referenced ids
exist, area in governorate, division in grade and school type, uniqueness) are the use cases' part.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from datetime import date

from edutrack.core.errors import FieldErrors, ValidationFailed
from edutrack.core.policies.accounts import check_email, check_name
from edutrack.core.policies.digits import ascii_digits
from edutrack.core.policies.people import check_national_id, check_phone

REQUIRED = (
    "name_ar",
    "name_en",
    "phone_number",
    "father_job",
    "national_id",
    "birth_date",
    "gender",
    "gmail",
    "governorate",
    "area",
)
OPTIONAL = (
    "father_number",
    "mother_number",
    "educational_state",
    "school_type",
    "grade",
    "division",
    "school_name",
    "facebook_link",
)
PROFILE_FIELDS = REQUIRED + OPTIONAL
READ_ONLY = frozenset({"national_id", "birth_date"})
"""Fixed at registration: the national id encodes the birth date. (``status`` and ``student_code`` are
never input at all.)"""
EDITABLE = tuple(name for name in PROFILE_FIELDS if name not in READ_ONLY)
SCHOOL_ONLY = ("school_type", "grade", "division")
# The choices (the values of core.entities.people's Gender and EducationalState; a test keeps them equal).
SCHOOL = "school"
GRADUATE = "graduate"
EDUCATIONAL_STATES = frozenset({SCHOOL, GRADUATE})
GENDERS = frozenset({"male", "female"})

TEXT_MAX = 200
LINK_MAX = 255
REQUIRED_MESSAGE = "This field is required."
NOT_NULL_MESSAGE = "This field may not be null."
DATE_FORMAT_MESSAGE = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."
FUTURE_DATE_MESSAGE = "Birth date cannot be in the future."
GRADUATE_MESSAGE = "Must be empty for a graduate."
URL_MESSAGE = "Enter a valid URL."
DIVISION_NEEDS_GRADE = "A grade is required when a division is given."
NATIONAL_ID_TAKEN = "A student with this national ID already exists."

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)
CODE_PREFIX = "S"
CODE_DIGITS = 8


def new_student_code() -> str:
    """``S`` + 8 random digits (from ``secrets``): not guessable from a neighbour's code."""
    return CODE_PREFIX + "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def _text(raw: object, name: str, *, blank: bool = False, max_length: int = TEXT_MAX) -> str | None:
    if not isinstance(raw, str):
        raise ValidationFailed.field(name, "Not a valid string.")
    if blank and not raw.strip():
        return None
    return check_name(raw, field=name, max_length=max_length)


def _phone(name: str, *, optional: bool = False) -> Callable[[object], str | None]:
    def clean(raw: object) -> str | None:
        if not isinstance(raw, str):
            raise ValidationFailed.field(name, "Not a valid string.")
        if optional and not raw.strip():
            return None
        return check_phone(raw, field=name)

    return clean


def _link(raw: object) -> str | None:
    value = _text(raw, "facebook_link", blank=True, max_length=LINK_MAX)
    if value is not None and not _URL.match(value):
        raise ValidationFailed.field("facebook_link", URL_MESSAGE)
    return value


def parse_birth_date(raw: object) -> date:
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str) and _DATE.match(raw.strip()):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise ValidationFailed.field("birth_date", DATE_FORMAT_MESSAGE)


def _choice(name: str, choices: frozenset[str]) -> Callable[[object], str]:
    def clean(raw: object) -> str:
        if not isinstance(raw, str) or raw not in choices:
            raise ValidationFailed.field(name, f'"{raw}" is not a valid choice.')
        return raw

    return clean


def _pk(name: str) -> Callable[[object], int]:
    def clean(raw: object) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValidationFailed.field(
                name, f"Incorrect type. Expected pk value, received {type(raw).__name__}."
            )
        return raw

    return clean


_CLEANERS: dict[str, Callable[[object], object]] = {
    "name_ar": lambda raw: _text(raw, "name_ar"),
    "name_en": lambda raw: _text(raw, "name_en"),
    "phone_number": _phone("phone_number"),
    "father_number": _phone("father_number", optional=True),
    "mother_number": _phone("mother_number", optional=True),
    "father_job": lambda raw: _text(raw, "father_job"),
    "educational_state": _choice("educational_state", EDUCATIONAL_STATES),
    "school_type": _pk("school_type"),
    "grade": _pk("grade"),
    "division": _pk("division"),
    "school_name": lambda raw: _text(raw, "school_name", blank=True),
    "national_id": lambda raw: raw.strip() if isinstance(raw, str) else "",
    "birth_date": parse_birth_date,
    "gender": _choice("gender", GENDERS),
    "gmail": lambda raw: check_email(raw if isinstance(raw, str) else "", field="gmail"),
    "facebook_link": _link,
    "governorate": _pk("governorate"),
    "area": _pk("area"),
}


def clean_profile(
    values: Mapping[str, object], *, today: date, missing_message: str = REQUIRED_MESSAGE
) -> tuple[dict[str, object], FieldErrors]:
    """Check a whole profile (API names → raw values; ``None`` = absent or null).

    Returns the cleaned values (phones in the 11-digit form, text stripped, blank optional text as
    ``None``, ``birth_date`` a date, ``educational_state`` defaulting to ``school``)
    and the errors found. Cross-field rules: the national id must encode ``birth_date`` and a real
    governorate; the birth date is not in the future; a graduate has no school type, grade or division.
    """
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"unknown student fields: {sorted(unknown)}")
    errors = FieldErrors()
    cleaned: dict[str, object] = {}
    for name in PROFILE_FIELDS:
        raw = values.get(name)
        if raw is None:
            if name in REQUIRED:
                errors.add(name, missing_message)
            else:
                cleaned[name] = SCHOOL if name == "educational_state" else None
            continue
        try:
            cleaned[name] = _CLEANERS[name](raw)
        except ValidationFailed as exc:
            errors.merge(exc)
    birth_date = cleaned.get("birth_date")
    if isinstance(birth_date, date) and birth_date > today:
        errors.add("birth_date", FUTURE_DATE_MESSAGE)
    if "national_id" in cleaned:
        try:
            if isinstance(birth_date, date):
                cleaned["national_id"] = check_national_id(str(cleaned["national_id"]), birth_date)
            elif not re.fullmatch(r"[0-9]{14}", ascii_digits(str(cleaned["national_id"]))):
                errors.add("national_id", "National ID must be exactly 14 digits.")
        except ValidationFailed as exc:
            errors.merge(exc)
    if cleaned.get("educational_state") == GRADUATE:
        for name in SCHOOL_ONLY:
            if cleaned.get(name) is not None:
                errors.add(name, GRADUATE_MESSAGE)
    if cleaned.get("division") is not None and cleaned.get("grade") is None and "grade" not in errors:
        errors.add("grade", DIVISION_NEEDS_GRADE)
    return cleaned, errors
