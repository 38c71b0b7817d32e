"""Integrations in SQL: the audit trail (appended in the caller's transaction), OAuth clients and their
hashed tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors
from edutrack.adapters.sql.tables.integrations import (
    IntegrationAuditModel,
    OAuthClientModel,
    OAuthTokenModel,
)
from edutrack.core.entities.integrations import AuditEntry, OAuthClient, OAuthToken


class SqlIntegrationAudit:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, entry: AuditEntry) -> None:
        await self._session.execute(
            insert(IntegrationAuditModel).values(
                client_pk=entry.client_id,
                action=entry.action.value,
                target=entry.target[:300],
                details=dict(entry.details),
                created_at=entry.created_at,
            )
        )


class SqlOAuthClientRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, client: OAuthClient) -> int:
        try:
            return await self._insert(client)
        except IntegrityError as exc:  # a client_id taken (random: practically never)
            raise errors.translate(exc) from exc

    async def _insert(self, client: OAuthClient) -> int:
        result = await self._session.execute(
            insert(OAuthClientModel)
            .values(
                client_id=client.client_id,
                secret_hash=client.secret_hash,
                name=client.name,
                is_active=client.is_active,
                created_at=client.created_at,
                revoked_at=client.revoked_at,
            )
            .returning(OAuthClientModel.id)
        )
        return int(result.scalar_one())

    async def by_client_id(self, client_id: str) -> OAuthClient | None:
        row = (
            await self._session.execute(
                select(OAuthClientModel).where(OAuthClientModel.client_id == client_id)
            )
        ).scalar_one_or_none()
        if row is None:
            return None
        return OAuthClient(
            id=row.id,
            client_id=row.client_id,
            secret_hash=row.secret_hash,
            name=row.name,
            is_active=row.is_active,
            created_at=row.created_at,
            revoked_at=row.revoked_at,
        )

    async def revoke(self, client_id: str, at: datetime) -> bool:
        pk = (
            await self._session.execute(
                update(OAuthClientModel)
                .where(OAuthClientModel.client_id == client_id, OAuthClientModel.is_active.is_(True))
                .values(is_active=False, revoked_at=at)
                .returning(OAuthClientModel.id)
            )
        ).scalar_one_or_none()
        if pk is None:
            return False
        await self._session.execute(delete(OAuthTokenModel).where(OAuthTokenModel.client_pk == pk))
        return True


class SqlOAuthTokenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, token: OAuthToken) -> None:
        statement = insert(OAuthTokenModel).values(
            token_hash=token.token_hash,
            client_pk=token.client_pk,
            created_at=token.created_at,
            expires_at=token.expires_at,
        )
        try:
            await self._session.execute(statement)
        except IntegrityError as exc:
            raise errors.translate(exc) from exc

    async def delete_expired(self, client_pk: int, now: datetime) -> int:
        result = await self._session.execute(
            delete(OAuthTokenModel).where(
                OAuthTokenModel.client_pk == client_pk, OAuthTokenModel.expires_at <= now
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)
