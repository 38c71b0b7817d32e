"""Enrollments in SQL. The partial unique index ``uq_enrollments_open_per_student_course`` backs "one open
enrollment per student and course"; a decision is one conditional UPDATE, so concurrent decisions on one
enrollment cannot both succeed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import values_of
from edutrack.adapters.sql.tables.enrollments import EnrollmentModel
from edutrack.core.entities.enrollments import Enrollment, EnrollmentStatus

E = EnrollmentModel
OPEN = (EnrollmentStatus.PENDING.value, EnrollmentStatus.APPROVED.value)


# the columns the row shares with the entity (besides id); ``status`` is the enum's value
COLUMNS = ("student_id", "course_id", "status", "enrolled_at", "approved_by", "responded_at", "response_note")


def _entity(row: EnrollmentModel) -> Enrollment:
    values = values_of(row, COLUMNS)
    values["status"] = EnrollmentStatus(row.status)
    return Enrollment(id=row.id, **values)


class SqlEnrollmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def is_approved(self, student_id: int, course_id: int) -> bool:
        if not (valid_id(student_id) and valid_id(course_id)):
            return False
        condition = exists().where(
            E.student_id == student_id, E.course_id == course_id, E.status == EnrollmentStatus.APPROVED.value
        )
        return bool(await self._session.scalar(select(condition)))

    async def get(self, enrollment_id: int) -> Enrollment | None:
        if not valid_id(enrollment_id):
            return None
        row = await self._session.scalar(
            select(E).where(E.id == enrollment_id).execution_options(populate_existing=True)
        )
        return _entity(row) if row is not None else None

    async def has_open(self, student_id: int, course_id: int) -> bool:
        condition = exists().where(E.student_id == student_id, E.course_id == course_id, E.status.in_(OPEN))
        return bool(await self._session.scalar(select(condition)))

    async def add(self, enrollment: Enrollment) -> Enrollment:
        row = EnrollmentModel(**(values_of(enrollment, COLUMNS) | {"status": enrollment.status.value}))
        self._session.add(row)
        try:
            await self._session.flush()
        except IntegrityError as exc:
            raise errors.translate(exc) from exc
        enrollment.id = row.id
        return enrollment

    async def decide(
        self,
        enrollment_id: int,
        status: EnrollmentStatus,
        decided_by: int,
        responded_at: datetime,
        response_note: str | None,
    ) -> bool:
        if not valid_id(enrollment_id):
            return False
        result = await self._session.execute(
            update(E)
            .where(E.id == enrollment_id, E.status == EnrollmentStatus.PENDING.value)
            .values(
                status=status.value,
                approved_by=decided_by,
                responded_at=responded_at,
                response_note=response_note,
            )
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def unenroll(self, student_id: int, course_id: int, at: datetime) -> int | None:
        if not (valid_id(student_id) and valid_id(course_id)):
            return None
        return await self._session.scalar(
            update(E)
            .where(E.student_id == student_id, E.course_id == course_id, E.status.in_(OPEN))
            .values(status=EnrollmentStatus.UNENROLLED.value, responded_at=at)
            .returning(E.id)
            .execution_options(synchronize_session=False)
        )

    async def approve_pending(self, student_id: int, course_id: int, at: datetime) -> int | None:
        if not (valid_id(student_id) and valid_id(course_id)):
            return None
        return await self._session.scalar(
            update(E)
            .where(
                E.student_id == student_id,
                E.course_id == course_id,
                E.status == EnrollmentStatus.PENDING.value,
            )
            .values(status=EnrollmentStatus.APPROVED.value, approved_by=None, responded_at=at)
            .returning(E.id)
            .execution_options(synchronize_session=False)
        )
