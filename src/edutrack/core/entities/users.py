from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from edutrack.core.actor import Actor, Role


@dataclass(slots=True)
class User:
    """An account. One user has exactly one role; ``gmail`` and ``username`` are unique case-insensitively."""

    username: str
    password_hash: str
    role: Role
    name: str
    created_at: datetime
    gmail: str | None = None
    is_active: bool = True
    last_login: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    def as_actor(self) -> Actor:
        assert self.id is not None
        return Actor(user_id=self.id, username=self.username, role=self.role, is_active=self.is_active)


@dataclass(slots=True)
class RefreshToken:
    """One issued refresh token. Tokens of one login share a family; rotation marks the old one used."""

    jti: str
    user_id: int
    family_id: str
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None
    id: int | None = None

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


@dataclass(frozen=True, slots=True)
class TokenPair:
    access: str
    refresh: str
    user: User = field(compare=False)
