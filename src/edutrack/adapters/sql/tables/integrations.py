"""Integrations (API_SUPPLEMENT §11): the OAuth2 clients of partner systems, their access tokens (only
SHA-256 digests are stored, of the secret and of each token) and the audit trail of every privileged
change a client makes through the Appsembler-compatible API."""

from __future__ import annotations

from datetime import datetime

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import Base, fk


class OAuthClientModel(Base):
    __tablename__ = "oauth_clients"
    __table_args__ = (Index("ix_oauth_clients_created", "created_at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)


class OAuthTokenModel(Base):
    __tablename__ = "oauth_tokens"
    __table_args__ = (Index("ix_oauth_tokens_client", "client_pk"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_pk: Mapped[int] = mapped_column(fk("oauth_clients.id", cascade=True))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class IntegrationAuditModel(Base):
    __tablename__ = "integration_audit"
    __table_args__ = (
        Index("ix_integration_audit_created", "created_at", "id"),
        Index("ix_integration_audit_client_created", "client_pk", "created_at", "id"),
        Index("ix_integration_audit_action_created", "action", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # SET NULL: the trail outlives a deleted client (clients are revoked, not deleted, by the CLI)
    client_pk: Mapped[int | None] = mapped_column(ForeignKey("oauth_clients.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(300))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
