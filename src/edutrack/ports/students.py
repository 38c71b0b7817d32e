"""Students: the profile repository (write side, in a unit of work) and the reader (lists and details)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from edutrack.core.entities.people import StudentProfile, StudentStatus
from edutrack.ports.readers import Page, PageRequest


class StudentRepository(Protocol):
    async def add(self, student: StudentProfile) -> StudentProfile:
        """Insert and assign ``student.id``. A national id or student code taken meanwhile (a race the
        use case's checks could not see) raises the same field error the checks give."""
        ...

    async def get(self, student_id: int) -> StudentProfile | None: ...

    async def get_by_user(self, user_id: int) -> StudentProfile | None: ...

    async def save(self, student: StudentProfile) -> None: ...

    async def national_id_taken(self, national_id: str, exclude_student_id: int | None = None) -> bool: ...

    async def code_taken(self, student_code: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class StudentRow:
    """A student as the SiteOwner document shows it: the profile plus the account's username, gmail and
    is_active."""

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
    school_type_id: int | None
    grade_id: int | None
    division_id: int | None
    school_name: str | None
    national_id: str | None  # None (with birth_date, gender, governorate, area): an integration's account
    birth_date: date | None
    gender: str | None
    gmail: str
    facebook_link: str | None
    governorate_id: int | None
    area_id: int | None
    status: str
    is_active: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class StudentFilter:
    """``search`` matches name_ar, name_en, student_code or national_id (contains, case-insensitive)."""

    status: StudentStatus | None = None
    grade: int | None = None
    school_type: int | None = None
    search: str | None = None


class StudentReader(Protocol):
    async def get(self, student_id: int) -> StudentRow | None: ...

    async def get_by_user(self, user_id: int) -> StudentRow | None: ...

    async def list(self, filters: StudentFilter, page: PageRequest) -> Page[StudentRow]:
        """Newest first (created_at, then id, descending): one COUNT and one page query."""
        ...
