"""Integrations in SQL, committed state: the token check (one statement joining the token to its active
client), the client list and the audit trail (one COUNT and one page, whatever the page size)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.rows import fetch_all, fetch_one, fetch_value
from edutrack.adapters.sql.tables.integrations import (
    IntegrationAuditModel,
    OAuthClientModel,
    OAuthTokenModel,
)
from edutrack.ports.integrations import AuditFilter, AuditRow, ClientRow, TokenOwner
from edutrack.ports.readers import Page, PageRequest

C = OAuthClientModel
T = OAuthTokenModel
A = IntegrationAuditModel
MAX_PK = 2**31 - 1


def _conditions(filters: AuditFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.client is not None:
        by_text = A.client_pk.in_(select(C.id).where(C.client_id == filters.client).scalar_subquery())
        if filters.client.isascii() and filters.client.isdigit() and 0 < int(filters.client) <= MAX_PK:
            conditions.append(or_(A.client_pk == int(filters.client), by_text))
        else:
            conditions.append(by_text)
    if filters.action is not None:
        conditions.append(A.action == filters.action.value)
    if filters.created_after is not None:
        conditions.append(A.created_at >= filters.created_after)
    if filters.created_before is not None:
        conditions.append(A.created_at <= filters.created_before)
    return conditions


def _audit_row(row: Any) -> AuditRow:
    return AuditRow(
        id=row.id,
        client=row.client,
        client_name=row.client_name,
        action=row.action,
        target=row.target,
        details=dict(row.details or {}),
        created_at=row.created_at,
    )


class SqlIntegrationReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def token_owner(self, token_hash: str, now: datetime) -> TokenOwner | None:
        statement = (
            select(C.id, C.name)
            .join(T, T.client_pk == C.id)
            .where(T.token_hash == token_hash, T.expires_at > now, C.is_active.is_(True))
        )
        async with self._sessions() as session:
            row = await fetch_one(session, statement)
        return TokenOwner(client_pk=row.id, name=row.name) if row else None

    async def clients(self) -> list[ClientRow]:
        statement = select(C.id, C.client_id, C.name, C.is_active, C.created_at, C.revoked_at).order_by(C.id)
        async with self._sessions() as session:
            rows = await fetch_all(session, statement)
        return [ClientRow(**row._mapping) for row in rows]

    async def audit(self, filters: AuditFilter, page: PageRequest) -> Page[AuditRow]:
        conditions = _conditions(filters)
        async with self._sessions() as session:
            count = select(func.count()).select_from(A).where(*conditions)
            total = int(await fetch_value(session, count) or 0)
            if total == 0 or page.limit == 0:
                return Page(total=total, items=[])
            statement = (
                select(
                    A.id,
                    C.client_id.label("client"),
                    C.name.label("client_name"),
                    A.action,
                    A.target,
                    A.details,
                    A.created_at,
                )
                .outerjoin(C, C.id == A.client_pk)
                .where(*conditions)
                .order_by(A.created_at.desc(), A.id.desc())
                .offset(page.offset)
            )
            if page.limit is not None:
                statement = statement.limit(page.limit)
            rows = await fetch_all(session, statement)
        return Page(total=total, items=[_audit_row(row) for row in rows])
