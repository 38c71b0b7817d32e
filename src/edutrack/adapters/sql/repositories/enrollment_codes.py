"""Enrollment codes in SQL. Generating inserts with ``ON CONFLICT (code) DO NOTHING`` so a collision is
skipped (and drawn again) without failing the transaction; redeeming is one conditional ``UPDATE …
RETURNING`` whose row decides the winner; a status change locks the row first (``FOR UPDATE`` on
PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already serialises writers)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.enrollment_codes import EnrollmentCodeModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.core.entities.enrollment_codes import CodeStatus, EnrollmentCode
from edutrack.ports.enrollment_codes import ClaimedCode, CodeStudent

C = EnrollmentCodeModel
_FIELDS = (
    "code",
    "course_id",
    "created_at",
    "updated_at",
    "created_by_client",
    "used_by",
    "used_at",
    "enrollment_id",
)


def _entity(row: EnrollmentCodeModel) -> EnrollmentCode:
    return EnrollmentCode(
        id=row.id, status=CodeStatus(row.status), **{name: getattr(row, name) for name in _FIELDS}
    )


class SqlEnrollmentCodeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_many(self, codes: list[EnrollmentCode]) -> list[EnrollmentCode]:
        """One multi-row ``INSERT … ON CONFLICT (code) DO NOTHING RETURNING id, code``."""
        if not codes:
            return []
        dialect = postgresql if self._session.get_bind().dialect.name == "postgresql" else sqlite
        rows = [
            {name: getattr(code, name) for name in _FIELDS} | {"status": code.status.value} for code in codes
        ]
        result = await self._session.execute(
            dialect.insert(C)
            .on_conflict_do_nothing(index_elements=["code"])
            .values(rows)
            .returning(C.id, C.code)
        )
        ids = {row.code: row.id for row in result}
        stored = []
        for code in codes:
            if code.code in ids:
                code.id = ids[code.code]
                stored.append(code)
        return stored

    async def claim(self, code: str, student_id: int, now: datetime) -> ClaimedCode | None:
        if not valid_id(student_id):
            return None
        row = (
            await self._session.execute(
                update(C)
                .where(
                    C.code == code,
                    C.status == CodeStatus.ACTIVE.value,
                    C.used_by.is_(None),
                    C.used_at.is_(None),
                )
                .values(used_by=student_id, used_at=now, updated_at=now)
                .returning(C.id, C.course_id)
                .execution_options(synchronize_session=False)
            )
        ).first()
        return ClaimedCode(id=row.id, course_id=row.course_id) if row is not None else None

    async def attach(self, code_id: int, enrollment_id: int) -> None:
        await self._session.execute(
            update(C)
            .where(C.id == code_id)
            .values(enrollment_id=enrollment_id)
            .execution_options(synchronize_session=False)
        )

    async def get_for_update(self, code: str) -> EnrollmentCode | None:
        row = await self._session.scalar(
            select(C).where(C.code == code).with_for_update().execution_options(populate_existing=True)
        )
        return _entity(row) if row is not None else None

    async def reset(self, code_id: int, status: CodeStatus, now: datetime) -> None:
        await self._session.execute(
            update(C)
            .where(C.id == code_id)
            .values(status=status.value, used_by=None, used_at=None, enrollment_id=None, updated_at=now)
            .execution_options(synchronize_session=False)
        )

    async def student_by_email(self, email: str) -> CodeStudent | None:
        wanted = email.strip().lower()
        if not wanted:
            return None
        row = (
            await self._session.execute(
                select(StudentProfileModel.id, StudentProfileModel.user_id)
                .join(UserModel, UserModel.id == StudentProfileModel.user_id)
                .where(func.lower(UserModel.gmail) == wanted, UserModel.role == "student")
            )
        ).first()
        return CodeStudent(id=row.id, user_id=row.user_id) if row is not None else None
