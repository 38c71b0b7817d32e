from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class PasswordHasher(Protocol):
    """argon2id in production. Both calls are slow on purpose and run off the event loop."""

    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """False on mismatch; never raises for a wrong password. ``None`` (no such user) spends the
        same time as a real check and returns False, so timing does not reveal which usernames exist."""
        ...


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: int
    issued_at: datetime


@dataclass(frozen=True, slots=True)
class RefreshClaims:
    user_id: int
    jti: str
    family_id: str


class TokenCodec(Protocol):
    """Signs and checks JWTs. ``decode_*`` return None for anything invalid, expired or of the wrong type."""

    def issue_access(self, user_id: int, role: str, now: datetime) -> str: ...

    def issue_refresh(
        self, user_id: int, jti: str, family_id: str, now: datetime, expires_at: datetime
    ) -> str: ...

    def decode_access(self, token: str, now: datetime) -> AccessClaims | None: ...

    def decode_refresh(self, token: str, now: datetime) -> RefreshClaims | None: ...
