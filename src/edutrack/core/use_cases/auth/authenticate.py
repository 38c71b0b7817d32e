from __future__ import annotations

from edutrack.core.actor import Actor, Role
from edutrack.core.errors import AccountDisabled, NotAuthenticated
from edutrack.ports.auth import AccountReader
from edutrack.ports.clock import Clock
from edutrack.ports.security import TokenCodec


class Authenticate:
    """Every request with credentials. Turns an access token into the acting user.

    Invariants: the user is loaded from the database on every request, so a deactivation blocks tokens
    issued before it (403 ``User account is disabled.``); an invalid or expired token is 401.
    """

    def __init__(self, accounts: AccountReader, codec: TokenCodec, clock: Clock) -> None:
        self._accounts = accounts
        self._codec = codec
        self._clock = clock

    async def execute(self, access_token: str) -> Actor:
        claims = self._codec.decode_access(access_token, self._clock.now())
        if claims is None:
            raise NotAuthenticated()
        row = await self._accounts.principal(claims.user_id)
        if row is None:
            raise NotAuthenticated()
        if not row.is_active:
            raise AccountDisabled()
        return Actor(
            user_id=row.id,
            username=row.username,
            role=Role(row.role),
            is_active=row.is_active,
            teacher_id=row.teacher_id,
            assistant_id=row.assistant_id,
            student_id=row.student_id,
        )
