"""What registration and the student's own updates share: the profile's values as the rules see them,
the rules themselves (the domain's and the database's) and the values ↔ entity mapping."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial
from typing import TypeVar

from edutrack.core.entities.academics import Area, Division, ReferenceKind
from edutrack.core.entities.people import EducationalState, Gender, StudentProfile, StudentStatus
from edutrack.core.errors import FieldErrors, invalid_pk
from edutrack.core.policies.accounts import check_email
from edutrack.core.policies.people import check_phone
from edutrack.core.policies.students import (
    DIVISION_NEEDS_GRADE,
    GRADUATE_MESSAGE,
    SCHOOL_ONLY,
    check_birth_date,
    check_student_national_id,
)
from edutrack.ports.academics import ReferenceCatalog

T = TypeVar("T")
P = TypeVar("P", bound="StudentProfileValues")


@dataclass(frozen=True, slots=True)
class StudentProfileValues:
    """A student profile under the API's field names, shape-checked at the edge: text stripped and
    within its length, blank optional text as ``None``, choices and the date parsed.

    ``None`` is "not given". A required field (name_ar, name_en, phone_number, father_job, national_id,
    birth_date, gender, gmail, governorate, area) is ``None`` only when the edge refused it and says so
    (``StudentRegistration.refused``); the rules skip it.
    """

    name_ar: str | None = None
    name_en: str | None = None
    phone_number: str | None = None
    father_number: str | None = None
    mother_number: str | None = None
    father_job: str | None = None
    educational_state: EducationalState | None = EducationalState.SCHOOL
    school_type: int | None = None
    grade: int | None = None
    division: int | None = None
    school_name: str | None = None
    national_id: str | None = None
    birth_date: date | None = None
    gender: Gender | None = None
    gmail: str | None = None
    facebook_link: str | None = None
    governorate: int | None = None
    area: int | None = None


def check_profile(values: P, *, today: date, errors: FieldErrors) -> P:
    """The domain's rules on a whole profile; broken ones go to ``errors`` (fields already there are not
    checked again). Returns the values normalised: phones in the 11-digit form, the national id and the
    gmail as stored. Cross-field rules: the national id encodes ``birth_date`` and a real governorate;
    the birth date is not in the future; a graduate has no school type, grade or division; a division
    needs a grade."""

    def normalise(name: str, rule: Callable[[str], str]) -> str | None:
        value: str | None = getattr(values, name)
        if value is None or name in errors:
            return value
        return errors.check(rule, value) or value

    if values.birth_date is not None and "birth_date" not in errors:
        errors.check(check_birth_date, values.birth_date, today)
    born = values.birth_date
    normalised = replace(
        values,
        phone_number=normalise("phone_number", partial(check_phone, field="phone_number")),
        father_number=normalise("father_number", partial(check_phone, field="father_number")),
        mother_number=normalise("mother_number", partial(check_phone, field="mother_number")),
        gmail=normalise("gmail", check_email),
        national_id=normalise("national_id", partial(check_student_national_id, birth_date=born)),
    )
    if values.educational_state is EducationalState.GRADUATE:
        for name in SCHOOL_ONLY:
            if getattr(values, name) is not None and name not in errors:
                errors.add(name, GRADUATE_MESSAGE)
    if values.division is not None and values.grade is None and "grade" not in errors:
        errors.add("grade", DIVISION_NEEDS_GRADE)
    return normalised


async def reference_errors(
    catalog: ReferenceCatalog, values: StudentProfileValues, errors: FieldErrors
) -> None:
    """Referenced ids exist; the area is in the governorate; the division is offered for the grade and,
    when one is given, for the school type. Fields that already have an error are not checked again."""

    async def load(name: str, kind: ReferenceKind) -> object | None:
        item_id = getattr(values, name)
        if item_id is None or name in errors:
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
    if isinstance(area, Area) and governorate is not None and area.governorate_id != values.governorate:
        errors.add("area", f"Area {area.id} is not in governorate {values.governorate}.")
    if isinstance(division, Division):
        if grade is not None and values.grade not in division.grade_ids:
            errors.add("division", f"Division {division.id} is not in grade {values.grade}.")
        if school_type is not None and values.school_type not in division.school_type_ids:
            errors.add("division", f"Division {division.id} is not in school type {values.school_type}.")


def profile_values(student: StudentProfile, gmail: str | None) -> StudentProfileValues:
    """A stored profile as values (what an update merges its changes into)."""
    return StudentProfileValues(
        name_ar=student.name_ar,
        name_en=student.name_en,
        phone_number=student.phone_number,
        father_number=student.father_number,
        mother_number=student.mother_number,
        father_job=student.father_job,
        educational_state=student.educational_state,
        school_type=student.school_type_id,
        grade=student.grade_id,
        division=student.division_id,
        school_name=student.school_name,
        national_id=student.national_id,
        birth_date=student.birth_date,
        gender=student.gender,
        gmail=gmail,
        facebook_link=student.facebook_link,
        governorate=student.governorate_id,
        area=student.area_id,
    )


def apply_profile(student: StudentProfile, values: StudentProfileValues) -> None:
    """Copy checked values onto the entity (``gmail`` lives on the user; ``national_id`` and
    ``birth_date`` only change through ``new_profile``). Call it once no rule is broken."""
    student.name_ar = _given(values.name_ar)
    student.name_en = _given(values.name_en)
    student.phone_number = _given(values.phone_number)
    student.father_job = _given(values.father_job)
    student.father_number = values.father_number
    student.mother_number = values.mother_number
    student.school_name = values.school_name
    student.facebook_link = values.facebook_link
    student.school_type_id = values.school_type
    student.grade_id = values.grade
    student.division_id = values.division
    student.governorate_id = _given(values.governorate)
    student.area_id = _given(values.area)
    student.educational_state = _given(values.educational_state)
    student.gender = _given(values.gender)


def new_profile(
    user_id: int, student_code: str, values: StudentProfileValues, now: datetime
) -> StudentProfile:
    """A new, ``pending`` profile from checked values."""
    student = StudentProfile(
        user_id=user_id,
        student_code=student_code,
        name_ar="",
        name_en="",
        phone_number="",
        national_id=_given(values.national_id),
        birth_date=_given(values.birth_date),
        gender=Gender.MALE,
        governorate_id=0,
        area_id=0,
        created_at=now,
        updated_at=now,
        status=StudentStatus.PENDING,
    )
    apply_profile(student, values)
    return student


def _given(value: T | None) -> T:
    """A required value, once every rule passed (the edge refuses a missing one)."""
    assert value is not None
    return value
