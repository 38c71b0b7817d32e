"""Teachers, assistants and students: the profiles that hang off a user account."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


class StudentStatus(StrEnum):
    VERIFIED = "verified"
    PENDING = "pending"
    DECLINED = "declined"
    SUSPENDED_TEMPORARY = "suspended_temporary"
    SUSPENDED_PERMANENT = "suspended_permanent"


class EducationalState(StrEnum):
    SCHOOL = "school"
    GRADUATE = "graduate"


@dataclass(slots=True)
class TeacherProfile:
    user_id: int
    phone: str
    gender: Gender
    subject_id: int | None
    created_at: datetime
    updated_at: datetime
    grade_ids: list[int] = field(default_factory=list)
    secondary_phone: str | None = None
    profile_picture: str | None = None  # storage key
    biography: str | None = None
    facebook: str | None = None
    video_security_id: int | None = None
    id: int | None = None


@dataclass(slots=True)
class AssistantProfile:
    user_id: int
    teacher_id: int
    phone: str
    created_at: datetime
    updated_at: datetime
    gender: Gender | None = None
    profile_picture: str | None = None  # storage key
    id: int | None = None


@dataclass(slots=True)
class StudentProfile:
    user_id: int
    student_code: str
    name_ar: str
    name_en: str
    phone_number: str
    national_id: str | None  # None (with birth_date, gender, governorate, area): an integration's account
    birth_date: date | None
    gender: Gender | None
    governorate_id: int | None
    area_id: int | None
    created_at: datetime
    updated_at: datetime
    father_number: str | None = None
    mother_number: str | None = None
    father_job: str = ""
    educational_state: EducationalState = EducationalState.SCHOOL
    school_type_id: int | None = None
    grade_id: int | None = None
    division_id: int | None = None
    school_name: str | None = None
    facebook_link: str | None = None
    status: StudentStatus = StudentStatus.PENDING
    id: int | None = None
