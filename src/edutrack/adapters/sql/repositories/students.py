"""Student profiles in SQL (write side). The unique national id and student code are the database's to
guarantee; a race that slips past the use case's checks becomes the same field error."""

from __future__ import annotations

from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors
from edutrack.adapters.sql.repositories.auth import MAX_ID
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.core.entities.people import EducationalState, Gender, StudentProfile, StudentStatus
from edutrack.core.errors import Conflict, DomainError, ValidationFailed
from edutrack.core.policies.students import NATIONAL_ID_TAKEN

# Columns shared one-to-one by the entity and the table (besides id, user_id and created_at).
COLUMNS = (
    "student_code",
    "name_ar",
    "name_en",
    "phone_number",
    "father_number",
    "mother_number",
    "father_job",
    "educational_state",
    "school_type_id",
    "grade_id",
    "division_id",
    "school_name",
    "national_id",
    "birth_date",
    "gender",
    "facebook_link",
    "governorate_id",
    "area_id",
    "status",
    "updated_at",
)


# the columns that hold an enum's value as text
_ENUMS = {"educational_state": EducationalState, "gender": Gender, "status": StudentStatus}


def _values(student: StudentProfile) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(student, name) for name in COLUMNS}
    for name in _ENUMS:
        values[name] = None if values[name] is None else str(values[name])
    return values


def _entity(row: StudentProfileModel) -> StudentProfile:
    values = {name: getattr(row, name) for name in COLUMNS}
    for name, kind in _ENUMS.items():
        values[name] = None if values[name] is None else kind(values[name])
    return StudentProfile(id=row.id, user_id=row.user_id, created_at=row.created_at, **values)


def _translate(exc: IntegrityError) -> DomainError:
    """SQLite names the column (``student_profiles.national_id``), PostgreSQL the constraint."""
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if "national_id" in text:
        return ValidationFailed.field("national_id", NATIONAL_ID_TAKEN)
    if "student_code" in text:
        return Conflict("Could not allocate a student code; please retry.")
    return errors.translate(exc)


class SqlStudentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, student: StudentProfile) -> StudentProfile:
        row = StudentProfileModel(user_id=student.user_id, created_at=student.created_at, **_values(student))
        self._session.add(row)
        try:
            await self._session.flush()
        except IntegrityError as exc:
            raise _translate(exc) from exc
        student.id = row.id
        return student

    async def get(self, student_id: int) -> StudentProfile | None:
        if not 0 < student_id <= MAX_ID:
            return None
        row = await self._session.get(StudentProfileModel, student_id)
        return _entity(row) if row else None

    async def get_by_user(self, user_id: int) -> StudentProfile | None:
        if not 0 < user_id <= MAX_ID:
            return None
        row = await self._session.scalar(
            select(StudentProfileModel).where(StudentProfileModel.user_id == user_id)
        )
        return _entity(row) if row else None

    async def save(self, student: StudentProfile) -> None:
        assert student.id is not None
        try:
            await self._session.execute(
                update(StudentProfileModel)
                .where(StudentProfileModel.id == student.id)
                .values(**_values(student))
                .execution_options(synchronize_session=False)
            )
        except IntegrityError as exc:
            raise _translate(exc) from exc

    async def national_id_taken(self, national_id: str, exclude_student_id: int | None = None) -> bool:
        condition = StudentProfileModel.national_id == national_id.strip()
        if exclude_student_id is not None:
            condition = condition & (StudentProfileModel.id != exclude_student_id)
        return bool(await self._session.scalar(select(exists().where(condition))))

    async def code_taken(self, student_code: str) -> bool:
        return bool(
            await self._session.scalar(
                select(exists().where(StudentProfileModel.student_code == student_code))
            )
        )
