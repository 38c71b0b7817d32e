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


async def issue_pair(
    uow: UnitOfWork,
    codec: TokenCodec,
    policy: TokenPolicy,
    user: User,
    now: datetime,
    family_id: str | None = None,
) -> TokenPair:
    assert user.id is not None
    token = RefreshToken(
        jti=secrets.token_urlsafe(24),
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
