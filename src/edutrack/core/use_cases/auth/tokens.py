"""Issuing a token pair: shared by login and refresh so both persist refresh tokens the same way."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from edutrack.core.entities.users import RefreshToken, TokenPair, User
from edutrack.ports.security import TokenCodec
from edutrack.ports.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class TokenPolicy:
    refresh_ttl: timedelta = timedelta(days=7)


def new_jti() -> str:
    return secrets.token_urlsafe(24)


async def issue_pair(
    uow: UnitOfWork,
    codec: TokenCodec,
    policy: TokenPolicy,
    user: User,
    now: datetime,
    family_id: str | None = None,
    jti: str | None = None,
) -> TokenPair:
    assert user.id is not None
    token = RefreshToken(
        jti=jti or new_jti(),
        user_id=user.id,
        family_id=family_id or secrets.token_urlsafe(24),
        issued_at=now,
        expires_at=now + policy.refresh_ttl,
    )
    await uow.refresh_tokens.add(token)
    return TokenPair(
        access=codec.issue_access(user.id, user.role.value, now),
        refresh=codec.issue_refresh(user.id, token.jti, token.family_id, now, token.expires_at),
        user=user,
    )


def reissue_pair(codec: TokenCodec, user: User, token: RefreshToken, now: datetime) -> TokenPair:
    """A fresh access token with the refresh token ``token`` already issued: re-signed from its row
    (same claims, HS256 is deterministic), so it is byte for byte the token handed out at rotation."""
    assert user.id is not None
    return TokenPair(
        access=codec.issue_access(user.id, user.role.value, now),
        refresh=codec.issue_refresh(user.id, token.jti, token.family_id, token.issued_at, token.expires_at),
        user=user,
    )
