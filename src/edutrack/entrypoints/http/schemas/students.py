"""Request and response bodies of the student endpoints (SiteOwner §2, §5), the conversion of a decoded
body into the core's command, and the row → body encoder (also used for the student profile in
``GET /accounts/me/``).

msgspec checks the types; the conversions here check the rest of the shape (required fields, text
length, choices, the date format, the link) once, with DRF's texts. The domain's rules (phones, the
national id, the password, a plausible birth date, uniqueness, references) are the core's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

import msgspec

from edutrack.core import messages as m
from edutrack.core.entities.people import EducationalState, Gender, StudentStatus
from edutrack.core.errors import FieldErrors
from edutrack.core.use_cases.students.register_student import StudentRegistration
from edutrack.core.use_cases.students.set_status import StudentStatusChanges
from edutrack.core.use_cases.students.update_my_profile import StudentProfileChanges
from edutrack.ports.students import StudentRow

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType
# Choices are checked by the conversions below (with the other fields, so every problem is reported at once).
GenderIn = Annotated[str, msgspec.Meta(description=" | ".join(g.value for g in Gender))]
EducationalStateIn = Annotated[
    str, msgspec.Meta(description=" | ".join(s.value for s in EducationalState) + " (default school)")
]
BirthDateIn = Annotated[str, msgspec.Meta(description="YYYY-MM-DD", examples=["2008-03-15"])]


class StudentRegisterIn(msgspec.Struct, forbid_unknown_fields=False):
    """Every field is checked at once, so the form learns about every problem in one answer: the
    required ones are username, password, name_ar, name_en, phone_number, father_job, national_id,
    birth_date (YYYY-MM-DD), gender, gmail, governorate and area."""

    username: str | None = None
    password: str | None = None
    name_ar: str | None = None
    name_en: str | None = None
    phone_number: str | None = None
    father_number: str | None = None
    mother_number: str | None = None
    father_job: str | None = None
    educational_state: EducationalStateIn | None = None
    school_type: int | None = None
    grade: int | None = None
    division: int | None = None
    school_name: str | None = None
    national_id: str | None = None
    birth_date: BirthDateIn | None = None
    gender: GenderIn | None = None
    gmail: str | None = None
    facebook_link: str | None = None
    governorate: int | None = None
    area: int | None = None


class StudentProfilePatch(msgspec.Struct, forbid_unknown_fields=False):
    """Only the fields sent change. ``status``, ``student_code``, ``national_id``, ``birth_date`` and
    ``username`` are read-only: sent, they are ignored. A required field sent as null is a field error."""

    name_ar: str | Unset | None = UNSET
    name_en: str | Unset | None = UNSET
    phone_number: str | Unset | None = UNSET
    father_number: str | Unset | None = UNSET
    mother_number: str | Unset | None = UNSET
    father_job: str | Unset | None = UNSET
    educational_state: EducationalStateIn | Unset | None = UNSET
    school_type: int | Unset | None = UNSET
    grade: int | Unset | None = UNSET
    division: int | Unset | None = UNSET
    school_name: str | Unset | None = UNSET
    gender: GenderIn | Unset | None = UNSET
    gmail: str | Unset | None = UNSET
    facebook_link: str | Unset | None = UNSET
    governorate: int | Unset | None = UNSET
    area: int | Unset | None = UNSET


class StudentStatusIn(msgspec.Struct, forbid_unknown_fields=False):
    status: StudentStatus | Unset = UNSET
    is_active: bool | Unset = UNSET


# --- body → command -------------------------------------------------------------------------------

REQUIRED = frozenset(
    {
        "username",
        "password",
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
    }
)
TEXT_MAX = 200
LINK_MAX = 255
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)


class _Refused(Exception):
    """One field's value does not fit; the message is DRF's."""


def _text(raw: str, max_length: int = TEXT_MAX) -> str:
    value = raw.strip()
    if not value:
        raise _Refused(m.BLANK)
    if len(value) > max_length:
        raise _Refused(m.max_length(max_length))
    return value


def _optional_text(raw: str, max_length: int = TEXT_MAX) -> str | None:
    """Blank is ``None`` (forms send empty strings for untouched inputs)."""
    return _text(raw, max_length) if raw.strip() else None


def _optional_phone(raw: str) -> str | None:
    return raw if raw.strip() else None


def _link(raw: str) -> str | None:
    value = _optional_text(raw, LINK_MAX)
    if value is not None and not _URL.match(value):
        raise _Refused(m.INVALID_URL)
    return value


def _birth_date(raw: str) -> date:
    value = raw.strip()
    if _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _Refused(m.DATE_FORMAT)


def _choice(choices: type[Gender] | type[EducationalState]) -> Callable[[str], Any]:
    def convert(raw: str) -> Any:
        try:
            return choices(raw)
        except ValueError:
            raise _Refused(m.invalid_choice(raw)) from None

    return convert


def _as_is(raw: Any) -> Any:
    """Typed by msgspec; the core's rules check it (account, phone and national id rules; references)."""
    return raw


_CONVERT: dict[str, Callable[[Any], Any]] = {
    "username": _as_is,
    "password": _as_is,
    "name_ar": _text,
    "name_en": _text,
    "phone_number": _as_is,
    "father_number": _optional_phone,
    "mother_number": _optional_phone,
    "father_job": _text,
    "educational_state": _choice(EducationalState),
    "school_type": _as_is,
    "grade": _as_is,
    "division": _as_is,
    "school_name": _optional_text,
    "national_id": _as_is,
    "birth_date": _birth_date,
    "gender": _choice(Gender),
    "gmail": _as_is,
    "facebook_link": _link,
    "governorate": _as_is,
    "area": _as_is,
}


def _convert(given: dict[str, Any], null_message: str, problems: FieldErrors) -> dict[str, Any]:
    """The given fields (``None`` = null or missing) converted; the ones that do not fit go to
    ``problems``. A null ``educational_state`` is the default, ``school``."""
    values: dict[str, Any] = {}
    for name, raw in given.items():
        if raw is None:
            if name in REQUIRED:
                problems.add(name, null_message)
            else:
                values[name] = EducationalState.SCHOOL if name == "educational_state" else None
            continue
        try:
            values[name] = _CONVERT[name](raw)
        except _Refused as exc:
            problems.add(name, str(exc))
    return values


def registration_command(data: StudentRegisterIn) -> StudentRegistration:
    """The registration command. What does not fit is not raised here but handed to the core in
    ``refused``: registration answers every problem at once, the core's rules included."""
    problems = FieldErrors()
    given = {name: getattr(data, name) for name in data.__struct_fields__}
    values = _convert(given, m.REQUIRED, problems)
    return StudentRegistration(**values, **dict.fromkeys(problems.fields), refused=problems.fields)


def profile_changes(data: StudentProfilePatch) -> StudentProfileChanges:
    """The fields sent, converted; raises every problem at once (a required field sent as null: ``This
    field may not be null.``)."""
    problems = FieldErrors()
    given = {name: value for name in data.__struct_fields__ if (value := getattr(data, name)) is not UNSET}
    values = _convert(given, m.NULL, problems)
    problems.raise_if_any()
    return StudentProfileChanges(**values)


def status_changes(data: StudentStatusIn) -> StudentStatusChanges:
    return StudentStatusChanges(
        **{name: value for name in data.__struct_fields__ if (value := getattr(data, name)) is not UNSET}
    )


# --- responses ------------------------------------------------------------------------------------


class StudentStatusOut(msgspec.Struct):
    status: str
    is_active: bool


class StudentOut(msgspec.Struct):
    id: int
    user_id: int
    username: str
    student_code: str
    name_ar: str
    name_en: str
    phone_number: str
    father_number: str | None
    mother_number: str | None
    father_job: str
    educational_state: str
    school_type: int | None
    grade: int | None
    division: int | None
    school_name: str | None
    national_id: str | None  # null (with birth_date, gender, governorate, area): an Appsembler API account
    birth_date: date | None
    gender: str | None
    gmail: str
    facebook_link: str | None
    governorate: int | None
    area: int | None
    status: str
    is_active: bool
    created_at: datetime
    updated_at: datetime


def student_out(row: StudentRow) -> StudentOut:
    return StudentOut(
        id=row.id,
        user_id=row.user_id,
        username=row.username,
        student_code=row.student_code,
        name_ar=row.name_ar,
        name_en=row.name_en,
        phone_number=row.phone_number,
        father_number=row.father_number,
        mother_number=row.mother_number,
        father_job=row.father_job,
        educational_state=row.educational_state,
        school_type=row.school_type_id,
        grade=row.grade_id,
        division=row.division_id,
        school_name=row.school_name,
        national_id=row.national_id,
        birth_date=row.birth_date,
        gender=row.gender,
        gmail=row.gmail,
        facebook_link=row.facebook_link,
        governorate=row.governorate_id,
        area=row.area_id,
        status=row.status,
        is_active=row.is_active,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
