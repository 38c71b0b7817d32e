from __future__ import annotations

from edutrack.core.entities.users import TokenPair
from edutrack.core.errors import AccountDisabled, InvalidRefreshToken
from edutrack.core.use_cases.auth.tokens import TokenPolicy, issue_pair
from edutrack.ports.auth import AccountReader
from edutrack.ports.clock import Clock
from edutrack.ports.security import TokenCodec
from edutrack.ports.uow import UnitOfWork


class RefreshTokens:
    """Anyone holding a refresh token. Rotates it: a new pair in the same family, the old token used up.

    Invariants: a refresh token works once. Presenting one that was already used is taken as theft:
    the whole family is revoked (committed even though the call fails) and the answer is 401.
    Consuming is one conditional statement, so two concurrent refreshes cannot both succeed.
    """

    def __init__(
        self, uow: UnitOfWork, codec: TokenCodec, clock: Clock, policy: TokenPolicy, accounts: AccountReader
    ) -> None:
        self._uow = uow
        self._accounts = accounts
        self._codec = codec
        self._clock = clock
        self._policy = policy

    async def execute(self, refresh_token: str) -> TokenPair:
        now = self._clock.now()
        claims = self._codec.decode_refresh(refresh_token, now)
        if claims is None:
            raise InvalidRefreshToken()
        # Read before the transaction: a reader inside it would wait on SQLite's write lock.
        principal = await self._accounts.principal(claims.user_id)
        active = principal is not None and principal.is_active  # an assistant's teacher counts too
        async with self._uow as uow:
            if not await uow.refresh_tokens.consume(claims.jti, now):
                stored = await uow.refresh_tokens.get_by_jti(claims.jti)
                if stored is not None and stored.used_at is not None:
                    await uow.refresh_tokens.revoke_family(stored.family_id, now)
                    await uow.commit()
                raise InvalidRefreshToken()
            user = await uow.users.get(claims.user_id)
            if user is None:
                raise InvalidRefreshToken()
            if not active:
                raise AccountDisabled()
            pair = await issue_pair(uow, self._codec, self._policy, user, now, family_id=claims.family_id)
            await uow.commit()
        return pair
