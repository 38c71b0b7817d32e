"""What registration and the student's own updates share: the profile ↔ API-field mapping and the
profile rules that need the database."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from edutrack.core.entities.academics import Area, Division, ReferenceKind
from edutrack.core.entities.people import EducationalState, Gender, StudentProfile, StudentStatus
from edutrack.core.errors import FieldErrors, invalid_pk
from edutrack.ports.repositories import ReferenceCatalog


async def reference_errors(
    catalog: ReferenceCatalog, cleaned: Mapping[str, object], errors: FieldErrors
) -> None:
    """Referenced ids exist; the area is in the governorate; the division is offered for the grade and,
    when one is given, for the school type. Fields that already have an error are not checked again."""

    async def load(name: str, kind: ReferenceKind) -> object | None:
        item_id = cleaned.get(name)
        if not isinstance(item_id, int) or name in errors:
            return None
        item = await catalog.get(kind, item_id)
        if item is None:
            errors.add(name, invalid_pk(item_id))
        return item

    governorate = await load("governorate", ReferenceKind.GOVERNORATE)
    area = await load("area", ReferenceKind.AREA)
    grade = await load("grade", ReferenceKind.GRADE)
    school_type = await load("school_type", ReferenceKind.SCHOOL_TYPE)
    division = await load("division", ReferenceKind.DIVISION)
    if isinstance(area, Area) and governorate is not None and area.governorate_id != cleaned["governorate"]:
        errors.add("area", f"Area {area.id} is not in governorate {cleaned['governorate']}.")
    if isinstance(division, Division):
        if grade is not None and cleaned["grade"] not in division.grade_ids:
            errors.add("division", f"Division {division.id} is not in grade {cleaned['grade']}.")
        if school_type is not None and cleaned["school_type"] not in division.school_type_ids:
            errors.add("division", f"Division {division.id} is not in school type {cleaned['school_type']}.")


def profile_values(student: StudentProfile, gmail: str | None) -> dict[str, object]:
    """A stored profile under the API's field names (the input ``clean_profile`` takes)."""
    return {
        "name_ar": student.name_ar,
        "name_en": student.name_en,
        "phone_number": student.phone_number,
        "father_number": student.father_number,
        "mother_number": student.mother_number,
        "father_job": student.father_job,
        "educational_state": student.educational_state.value,
        "school_type": student.school_type_id,
        "grade": student.grade_id,
        "division": student.division_id,
        "school_name": student.school_name,
        "national_id": student.national_id,
        "birth_date": student.birth_date,
        "gender": student.gender.value,
        "gmail": gmail,
        "facebook_link": student.facebook_link,
        "governorate": student.governorate_id,
        "area": student.area_id,
    }


def apply_profile(student: StudentProfile, cleaned: Mapping[str, object]) -> None:
    """Copy the cleaned values of ``clean_profile`` onto the entity (``gmail`` lives on the user;
    ``national_id`` and ``birth_date`` only change through ``new_profile``)."""
    for name in ("name_ar", "name_en", "phone_number", "father_job"):
        setattr(student, name, _str(cleaned[name]))
    for name in ("father_number", "mother_number", "school_name", "facebook_link"):
        setattr(student, name, _opt_str(cleaned[name]))
    for name in ("school_type", "grade", "division"):
        setattr(student, name + "_id", _opt_int(cleaned[name]))
    student.governorate_id = _int(cleaned["governorate"])
    student.area_id = _int(cleaned["area"])
    student.educational_state = EducationalState(_str(cleaned["educational_state"]))
    student.gender = Gender(_str(cleaned["gender"]))


def new_profile(
    user_id: int, student_code: str, cleaned: Mapping[str, object], now: datetime
) -> StudentProfile:
    """A new, ``pending`` profile from the cleaned values of ``clean_profile``."""
    birth_date = cleaned["birth_date"]
    assert isinstance(birth_date, date)
    student = StudentProfile(
        user_id=user_id,
        student_code=student_code,
        name_ar="",
        name_en="",
        phone_number="",
        national_id=_str(cleaned["national_id"]),
        birth_date=birth_date,
        gender=Gender.MALE,
        governorate_id=0,
        area_id=0,
        created_at=now,
        updated_at=now,
        status=StudentStatus.PENDING,
    )
    apply_profile(student, cleaned)
    return student


def _str(value: object) -> str:
    assert isinstance(value, str)
    return value


def _opt_str(value: object) -> str | None:
    return None if value is None else _str(value)


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value


def _opt_int(value: object) -> int | None:
    return None if value is None else _int(value)
