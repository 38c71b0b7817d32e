"""Request and response bodies of the student endpoints (SiteOwner §2, §5), and the row → body encoder
(also used for the student profile in ``GET /accounts/me/``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec

from edutrack.core.entities.people import EducationalState, Gender, StudentStatus
from edutrack.core.use_cases.students.register_student import StudentRegistration
from edutrack.ports.students import StudentRow

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType
# Choices are checked by the core (with the other fields, so every problem is reported at once).
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

    def to_registration(self) -> StudentRegistration:
        return StudentRegistration(**{name: getattr(self, name) for name in self.__struct_fields__})


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

    def changes(self) -> dict[str, object]:
        return {name: value for name in self.__struct_fields__ if (value := getattr(self, name)) is not UNSET}


class StudentStatusIn(msgspec.Struct, forbid_unknown_fields=False):
    status: StudentStatus | Unset = UNSET
    is_active: bool | Unset = UNSET


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
    national_id: str
    birth_date: date
    gender: str
    gmail: str
    facebook_link: str | None
    governorate: int
    area: int
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
