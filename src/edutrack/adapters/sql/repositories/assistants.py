"""Assistant profiles in SQL: rows copied to and from the core's ``AssistantProfile``."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.tables.assistants import AssistantProfileModel
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.core.entities.people import AssistantProfile, Gender


def _assistant(row: AssistantProfileModel) -> AssistantProfile:
    return AssistantProfile(
        id=row.id,
        user_id=row.user_id,
        teacher_id=row.teacher_id,
        phone=row.phone,
        gender=Gender(row.gender) if row.gender else None,
        profile_picture=row.profile_picture,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class SqlAssistantRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, assistant: AssistantProfile) -> AssistantProfile:
        row = AssistantProfileModel(
            user_id=assistant.user_id,
            teacher_id=assistant.teacher_id,
            phone=assistant.phone,
            gender=assistant.gender.value if assistant.gender else None,
            profile_picture=assistant.profile_picture,
            created_at=assistant.created_at,
            updated_at=assistant.updated_at,
        )
        self._session.add(row)
        try:
            await self._session.flush()
        except IntegrityError as exc:
            raise errors.translate(exc) from exc
        assistant.id = row.id
        return assistant

    async def get(self, assistant_id: int) -> AssistantProfile | None:
        if not valid_id(assistant_id):
            return None
        row = await self._session.scalar(
            select(AssistantProfileModel).where(AssistantProfileModel.id == assistant_id)
        )
        return _assistant(row) if row else None

    async def save(self, assistant: AssistantProfile) -> None:
        assert assistant.id is not None
        await self._session.execute(
            update(AssistantProfileModel)
            .where(AssistantProfileModel.id == assistant.id)
            .values(
                teacher_id=assistant.teacher_id,
                phone=assistant.phone,
                gender=assistant.gender.value if assistant.gender else None,
                profile_picture=assistant.profile_picture,
                updated_at=assistant.updated_at,
            )
        )

    async def delete(self, assistant_id: int) -> None:
        """The profile and then its user (whose refresh tokens and notifications cascade)."""
        if not valid_id(assistant_id):
            return
        user_id = await self._session.scalar(
            delete(AssistantProfileModel)
            .where(AssistantProfileModel.id == assistant_id)
            .returning(AssistantProfileModel.user_id)
        )
        if user_id is not None:
            await self._session.execute(delete(UserModel).where(UserModel.id == user_id))
