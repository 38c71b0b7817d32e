"""Integrations (API_SUPPLEMENT §11): the audit trail written in the unit of work of every privileged
change an OAuth client makes. (OAuth clients, tokens and the audit reader are declared below by the
integrations feature.)"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from edutrack.core.entities.integrations import AuditAction, AuditEntry, OAuthClient, OAuthToken
from edutrack.ports.readers import Page, PageRequest


class IntegrationAudit(Protocol):
    async def record(self, entry: AuditEntry) -> None:
        """Append ``entry`` in the caller's transaction: it commits (or rolls back) with the change."""
        ...


class OAuthClientRepository(Protocol):
    async def add(self, client: OAuthClient) -> int:
        """Insert; answer the new primary key."""
        ...

    async def by_client_id(self, client_id: str) -> OAuthClient | None: ...

    async def revoke(self, client_id: str, at: datetime) -> bool:
        """Mark the client inactive and delete its tokens (conditional: only an active client). False
        when there is no such active client."""
        ...


class OAuthTokenRepository(Protocol):
    async def add(self, token: OAuthToken) -> None: ...

    async def delete_expired(self, client_pk: int, now: datetime) -> int:
        """Remove the client's tokens that expired at ``now`` (housekeeping at each new token)."""
        ...


@dataclass(frozen=True, slots=True)
class TokenOwner:
    """Who holds a valid access token: the client's primary key and name."""

    client_pk: int
    name: str


@dataclass(frozen=True, slots=True)
class ClientRow:
    id: int
    client_id: str
    name: str
    is_active: bool
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    client: str | None
    client_name: str | None
    action: str
    target: str
    details: dict[str, object]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AuditFilter:
    client: str | None = None
    """A client's public ``client_id`` or its primary key as digits."""
    action: AuditAction | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    """Both bounds inclusive."""


class IntegrationReader(Protocol):
    """Committed state: the token check of every Appsembler request, the client list, the audit trail."""

    async def token_owner(self, token_hash: str, now: datetime) -> TokenOwner | None:
        """The active client holding an unexpired token with this digest, in one statement."""
        ...

    async def clients(self) -> list[ClientRow]: ...

    async def audit(self, filters: AuditFilter, page: PageRequest) -> Page[AuditRow]: ...


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """``start`` inclusive, ``until`` exclusive; None: unbounded."""

    start: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class AccountBatchRow:
    id: int
    username: str
    email: str
    is_active: bool
    date_joined: datetime


@dataclass(frozen=True, slots=True)
class EnrollmentBatchRow:
    enrollment_id: int
    user_id: int
    username: str
    course_id: int
    date_enrolled: datetime


class AnalyticsReader(Protocol):
    """The Appsembler analytics batches, streamed: each is an async iterator over a server-side cursor
    (one statement; rows fetched in chunks), never one list in memory. Ordered by id."""

    def accounts(self, window: TimeWindow) -> AsyncIterator[AccountBatchRow]:
        """Every account (all roles) created in the window."""
        ...

    def enrollments(self, window: TimeWindow, course_id: int | None) -> AsyncIterator[EnrollmentBatchRow]:
        """Approved (current) enrollments enrolled in the window: approval time, else request time."""
        ...

    async def course_exists(self, course_id: int) -> bool: ...
