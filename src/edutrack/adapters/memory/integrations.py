"""Integrations in memory: the audit trail, OAuth clients and their hashed tokens (repositories, in a
unit of work) and the reader (committed state), mirroring the SQL keys: UNIQUE client_id and token digest,
tokens cascading with their client, audit rows keeping a deleted client's id as None."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime

from edutrack.adapters.memory import courses as memory_courses
from edutrack.adapters.memory import enrollments as memory_enrollments
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.adapters.memory.students import StudentTables
from edutrack.core.entities.enrollments import EnrollmentStatus
from edutrack.core.entities.integrations import AuditEntry, OAuthClient, OAuthToken
from edutrack.core.errors import Conflict
from edutrack.ports.integrations import (
    AccountBatchRow,
    AuditFilter,
    AuditRow,
    ClientRow,
    EnrollmentBatchRow,
    TimeWindow,
    TokenOwner,
)
from edutrack.ports.readers import Page, PageRequest


@dataclass
class IntegrationTables:
    clients: dict[int, OAuthClient] = field(default_factory=dict)
    tokens: dict[str, OAuthToken] = field(default_factory=dict)  # by digest
    audit: dict[int, AuditEntry] = field(default_factory=dict)


class MemoryIntegrationAudit:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(IntegrationTables)

    async def record(self, entry: AuditEntry) -> None:
        self._tables.audit[self._state.next_id("integration_audit")] = dataclasses.replace(
            entry, target=entry.target[:300], details=dict(entry.details)
        )


class MemoryOAuthClientRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(IntegrationTables)

    async def add(self, client: OAuthClient) -> int:
        if any(c.client_id == client.client_id for c in self._tables.clients.values()):
            raise Conflict("client_id taken")
        pk = self._state.next_id("oauth_clients")
        self._tables.clients[pk] = dataclasses.replace(client, id=pk)
        return pk

    async def by_client_id(self, client_id: str) -> OAuthClient | None:
        return next((c for c in self._tables.clients.values() if c.client_id == client_id), None)

    async def revoke(self, client_id: str, at: datetime) -> bool:
        client = await self.by_client_id(client_id)
        if client is None or client.id is None or not client.is_active:
            return False
        self._tables.clients[client.id] = dataclasses.replace(client, is_active=False, revoked_at=at)
        for digest in [d for d, t in self._tables.tokens.items() if t.client_pk == client.id]:
            del self._tables.tokens[digest]
        return True


class MemoryOAuthTokenRepository:
    def __init__(self, state: MemoryState) -> None:
        self._tables = state.of(IntegrationTables)

    async def add(self, token: OAuthToken) -> None:
        if token.token_hash in self._tables.tokens:
            raise Conflict("token digest taken")
        if token.client_pk not in self._tables.clients:
            raise Conflict("no such client")
        self._tables.tokens[token.token_hash] = token

    async def delete_expired(self, client_pk: int, now: datetime) -> int:
        gone = [d for d, t in self._tables.tokens.items() if t.client_pk == client_pk and t.expires_at <= now]
        for digest in gone:
            del self._tables.tokens[digest]
        return len(gone)


class MemoryIntegrationReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _tables(self) -> IntegrationTables:
        return self._store.state.of(IntegrationTables)

    async def token_owner(self, token_hash: str, now: datetime) -> TokenOwner | None:
        token = self._tables.tokens.get(token_hash)
        if token is None or token.expires_at <= now:
            return None
        client = self._tables.clients.get(token.client_pk)
        if client is None or not client.is_active:
            return None
        return TokenOwner(client_pk=token.client_pk, name=client.name)

    async def clients(self) -> list[ClientRow]:
        return [
            ClientRow(
                id=pk,
                client_id=c.client_id,
                name=c.name,
                is_active=c.is_active,
                created_at=c.created_at,
                revoked_at=c.revoked_at,
            )
            for pk, c in sorted(self._tables.clients.items())
        ]

    async def audit(self, filters: AuditFilter, page: PageRequest) -> Page[AuditRow]:
        clients = self._tables.clients
        rows: list[AuditRow] = []
        for pk, entry in self._tables.audit.items():
            client = clients.get(entry.client_id) if entry.client_id is not None else None
            if filters.client is not None and (
                client is None or filters.client not in (client.client_id, str(entry.client_id))
            ):
                continue
            if filters.action is not None and entry.action != filters.action:
                continue
            if filters.created_after is not None and entry.created_at < filters.created_after:
                continue
            if filters.created_before is not None and entry.created_at > filters.created_before:
                continue
            rows.append(
                AuditRow(
                    id=pk,
                    client=client.client_id if client else None,
                    client_name=client.name if client else None,
                    action=entry.action.value,
                    target=entry.target,
                    details=dict(entry.details),
                    created_at=entry.created_at,
                )
            )
        rows.sort(key=lambda r: (r.created_at, r.id), reverse=True)
        end = None if page.limit is None else page.offset + page.limit
        return Page(total=len(rows), items=rows[page.offset : end])


def _inside(moment: datetime, window: TimeWindow) -> bool:
    return (window.start is None or moment >= window.start) and (
        window.until is None or moment < window.until
    )


class MemoryAnalyticsReader:
    """Committed state, iterated lazily like the SQL cursor."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def accounts(self, window: TimeWindow) -> AsyncIterator[AccountBatchRow]:
        users = self._store.state.of(AccountTables).users
        for user_id in sorted(users):
            user = users[user_id]
            if _inside(user.created_at, window):
                yield AccountBatchRow(
                    id=user_id,
                    username=user.username,
                    email=user.gmail or "",
                    is_active=user.is_active,
                    date_joined=user.created_at,
                )

    async def enrollments(
        self, window: TimeWindow, course_id: int | None
    ) -> AsyncIterator[EnrollmentBatchRow]:
        state = self._store.state
        enrollments = state.of(memory_enrollments.EnrollmentTables).enrollments
        students = state.of(StudentTables).students
        users = state.of(AccountTables).users
        for enrollment_id in sorted(enrollments):
            enrollment = enrollments[enrollment_id]
            enrolled = enrollment.responded_at or enrollment.enrolled_at
            if enrollment.status is not EnrollmentStatus.APPROVED or not _inside(enrolled, window):
                continue
            if course_id is not None and enrollment.course_id != course_id:
                continue
            student = students.get(enrollment.student_id)
            user = users.get(student.user_id) if student else None
            if student is None or user is None or user.id is None:
                continue
            yield EnrollmentBatchRow(
                enrollment_id=enrollment_id,
                user_id=user.id,
                username=user.username,
                course_id=enrollment.course_id,
                date_enrolled=enrolled,
            )

    async def course_exists(self, course_id: int) -> bool:
        return course_id in self._store.state.of(memory_courses.CourseTables).courses
