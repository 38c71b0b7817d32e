"""Accounts: users, the site owner's profile, refresh tokens and throttle counters."""

from __future__ import annotations

from datetime import datetime

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import Base, fk


class UserModel(Base):
    __tablename__ = "users"
    __table_args__ = (
        Index("uq_users_username_lower", text("lower(username)"), unique=True),
        Index("uq_users_gmail_lower", text("lower(gmail)"), unique=True),
        CheckConstraint("role IN ('site_owner','teacher','assistant','student')", name="role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(150))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    gmail: Mapped[str | None] = mapped_column(String(254))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class SiteOwnerProfileModel(Base):
    __tablename__ = "site_owner_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(fk("users.id", cascade=True), unique=True)


class RefreshTokenModel(Base):
    __tablename__ = "refresh_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jti: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(fk("users.id", cascade=True), index=True)
    family_id: Mapped[str] = mapped_column(String(64), index=True)
    issued_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    used_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    # the token that replaced this one when it was used: a parallel refresh inside the grace window
    # gets that same token back, re-signed from its row (HS256 is deterministic), so no token is stored
    successor_jti: Mapped[str | None] = mapped_column(String(64))


class ThrottleCounterModel(Base):
    """Attempts (login, code guess) per scope and key in the current window, counted across workers by
    one upsert each (``INSERT … ON CONFLICT DO UPDATE … RETURNING hits``). A window starts with the first
    attempt after the previous window ended."""

    __tablename__ = "throttle_counters"

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_started_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    hits: Mapped[int] = mapped_column(Integer)
