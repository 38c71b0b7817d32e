from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from edutrack.adapters.sql.repositories.auth import MAX_ID
from edutrack.adapters.sql.rows import fetch_one
from edutrack.adapters.sql.tables.assistants import AssistantProfileModel
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.adapters.sql.tables.teachers import TeacherProfileModel
from edutrack.ports.auth import UserRow


def _principal_statement() -> Any:
    employer = aliased(TeacherProfileModel)
    employer_user = aliased(UserModel)
    return (
        select(
            UserModel.id,
            UserModel.username,
            UserModel.role,
            UserModel.name,
            UserModel.is_active,
            TeacherProfileModel.id.label("own_teacher_id"),
            AssistantProfileModel.id.label("assistant_id"),
            AssistantProfileModel.teacher_id.label("employer_id"),
            employer_user.is_active.label("employer_active"),
            StudentProfileModel.id.label("student_id"),
        )
        .outerjoin(TeacherProfileModel, TeacherProfileModel.user_id == UserModel.id)
        .outerjoin(AssistantProfileModel, AssistantProfileModel.user_id == UserModel.id)
        .outerjoin(employer, employer.id == AssistantProfileModel.teacher_id)
        .outerjoin(employer_user, employer_user.id == employer.user_id)
        .outerjoin(StudentProfileModel, StudentProfileModel.user_id == UserModel.id)
        .where(UserModel.id == bindparam("user_id"))
    )


# built once: every authenticated request runs it (building it cost more than running it)
PRINCIPAL = _principal_statement()


class SqlAccountReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def principal(self, user_id: int) -> UserRow | None:
        if not 0 < user_id <= MAX_ID:
            return None
        async with self._sessions() as session:
            row = await fetch_one(session, PRINCIPAL, {"user_id": user_id})
        if row is None:
            return None
        return UserRow(
            id=row.id,
            username=row.username,
            role=row.role,
            name=row.name,
            # an assistant works only while their teacher does
            is_active=row.is_active and row.employer_active is not False,
            teacher_id=row.own_teacher_id or row.employer_id,
            assistant_id=row.assistant_id,
            student_id=row.student_id,
        )
