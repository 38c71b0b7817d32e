"""Bulk enrollment in SQL: the allowances (UNIQUE (email, course_id), email stored lower case; an upsert
remembers, a DELETE … RETURNING takes) and the few set-based lookups of a bulk request."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import delete, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.bulk_enrollment import EnrollmentAllowanceModel
from edutrack.adapters.sql.tables.enrollments import EnrollmentModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.core.actor import Role
from edutrack.core.entities.bulk_enrollment import EnrollmentAllowance
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.ports.bulk_enrollment import Account, OpenEnrollment

A = EnrollmentAllowanceModel
OPEN = (EnrollmentStatus.PENDING.value, EnrollmentStatus.APPROVED.value)


class SqlEnrollmentAllowanceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def accounts(self, identifiers: Collection[str]) -> dict[str, Account]:
        emails = {i.lower() for i in identifiers if "@" in i}
        usernames = {i.lower() for i in identifiers if "@" not in i}
        if not emails and not usernames:
            return {}
        rows = (
            await self._session.execute(
                select(
                    UserModel.id,
                    UserModel.username,
                    UserModel.name,
                    UserModel.gmail,
                    UserModel.role,
                    StudentProfileModel.id,
                )
                .outerjoin(StudentProfileModel, StudentProfileModel.user_id == UserModel.id)
                .where(
                    or_(
                        func.lower(UserModel.gmail).in_(emails),
                        func.lower(UserModel.username).in_(usernames),
                    )
                )
            )
        ).all()
        by_email, by_username = {}, {}
        for user_id, username, name, gmail, role, student_id in rows:
            account = Account(user_id, username, name, gmail, Role(role), student_id)
            if gmail is not None:
                by_email[gmail.lower()] = account
            by_username[username.lower()] = account
        found: dict[str, Account] = {}
        for identifier in identifiers:
            account = (by_email if "@" in identifier else by_username).get(identifier.lower())
            if account is not None:
                found[identifier] = account
        return found

    async def open_enrollments(
        self, student_ids: Collection[int], course_ids: Collection[int]
    ) -> list[OpenEnrollment]:
        if not student_ids or not course_ids:
            return []
        E = EnrollmentModel
        rows = await self._session.execute(
            select(E.id, E.student_id, E.course_id, E.status).where(
                E.student_id.in_(list(student_ids)), E.course_id.in_(list(course_ids)), E.status.in_(OPEN)
            )
        )
        return [OpenEnrollment(i, s, c, EnrollmentStatus(status)) for i, s, c, status in rows]

    async def allowances(
        self, emails: Collection[str], course_ids: Collection[int]
    ) -> list[EnrollmentAllowance]:
        if not emails or not course_ids:
            return []
        rows = await self._session.execute(
            select(A.email, A.course_id, A.auto_enroll, A.created_at, A.created_by).where(
                A.email.in_(list(emails)), A.course_id.in_(list(course_ids))
            )
        )
        return [EnrollmentAllowance(*row) for row in rows]

    async def remember(self, allowance: EnrollmentAllowance) -> None:
        module = postgresql if self._session.get_bind().dialect.name == "postgresql" else sqlite
        statement = module.insert(A).values(
            email=allowance.email.lower(),
            course_id=allowance.course_id,
            auto_enroll=allowance.auto_enroll,
            created_at=allowance.created_at,
            created_by=allowance.created_by,
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["email", "course_id"],
                set_={"auto_enroll": statement.excluded.auto_enroll},
            )
        )

    async def forget(self, email: str, course_id: int) -> bool:
        deleted = await self._session.scalar(
            delete(A).where(A.email == email.lower(), A.course_id == course_id).returning(A.id)
        )
        return deleted is not None

    async def take(self, email: str) -> Sequence[int]:
        rows = await self._session.execute(
            delete(A).where(A.email == email.lower()).returning(A.course_id, A.auto_enroll)
        )
        return sorted(course_id for course_id, auto_enroll in rows if auto_enroll)
