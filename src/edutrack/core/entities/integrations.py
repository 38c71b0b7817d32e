"""Integrations (API_SUPPLEMENT §11): OAuth2 clients of partner systems and the audit trail of every
privileged change they make through the Appsembler-compatible API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class AuditAction(StrEnum):
    ACCOUNT_CREATED = "account_created"
    CODES_GENERATED = "codes_generated"
    CODE_USED = "code_used"
    CODE_CANCELLED = "code_cancelled"
    CODE_RESTORED = "code_restored"
    BULK_ENROLLED = "bulk_enrolled"
    BULK_UNENROLLED = "bulk_unenrolled"
    AUTO_ENROLLED = "auto_enrolled"  # a remembered email got an account and was enrolled


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One privileged change: which client made it (None when no client did, e.g. an auto-enrollment
    triggered by a student's own registration), what, on what (``target``: a username, a course key, a
    code), with the details a site owner needs to understand it later."""

    action: AuditAction
    target: str
    created_at: datetime
    client_id: int | None = None
    details: dict[str, object] = field(default_factory=dict)


TOKEN_LIFETIME_SECONDS = 36000
"""An access token's lifetime (10 hours, as the Open edX provider's default ``expires_in``)."""


@dataclass(frozen=True, slots=True)
class OAuthClient:
    """A partner system. ``client_id`` is public; only the SHA-256 digest of its secret is kept (the
    secret is random, 256 bits, and shown once). A revoked client (``is_active`` False) opens nothing."""

    client_id: str
    secret_hash: str
    name: str
    created_at: datetime
    is_active: bool = True
    revoked_at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class OAuthToken:
    """An access token, kept as the SHA-256 digest of the bearer string; valid until ``expires_at``
    (exclusive) while its client is active."""

    token_hash: str
    client_pk: int
    created_at: datetime
    expires_at: datetime
