from __future__ import annotations

from edutrack.core.entities.users import TokenPair
from edutrack.core.errors import AccountDisabled, InvalidRefreshToken
from edutrack.core.policies.refresh import REFRESH_GRACE
from edutrack.core.use_cases.auth.tokens import TokenPolicy, issue_pair, new_jti, reissue_pair
from edutrack.ports.auth import AccountReader
from edutrack.ports.clock import Clock
from edutrack.ports.security import TokenCodec
from edutrack.ports.uow import UnitOfWork


class RefreshTokens:
    """Anyone holding a refresh token. Rotates it: a new pair in the same family, the old token used up.

    Invariants: a refresh token rotates once: consuming it (and naming its successor) is one conditional
    statement, so of concurrent refreshes exactly one issues a new token. Presented again within the grace
    window after its rotation (parallel tabs, a retry) it gets that same successor, re-signed, and a fresh
    access token, and nothing is revoked. Presented later it is taken as theft: the whole family is
    revoked (committed even though the call fails) and the answer is 401.

    The successor is found by the jti stored on the used token's row and re-signed from the successor's
    own row (same claims; HS256 signatures are deterministic), so no refresh token is kept in the database.
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
            successor_jti = new_jti()
            if not await uow.refresh_tokens.consume(claims.jti, now, successor_jti=successor_jti):
                stored = await uow.refresh_tokens.get_by_jti(claims.jti)
                if stored is None or stored.used_at is None:  # unknown, revoked or expired
                    raise InvalidRefreshToken()
                if stored.revoked_at is None and now - stored.used_at <= REFRESH_GRACE:
                    successor = await uow.refresh_tokens.successor_of(claims.jti)
                    if successor is not None and successor.revoked_at is None and now < successor.expires_at:
                        user = await uow.users.get(claims.user_id)
                        if user is None:
                            raise InvalidRefreshToken()
                        if not active:
                            raise AccountDisabled()
                        return reissue_pair(self._codec, user, successor, now)
                await uow.refresh_tokens.revoke_family(stored.family_id, now)
                await uow.commit()
                raise InvalidRefreshToken()
            user = await uow.users.get(claims.user_id)
            if user is None:
                raise InvalidRefreshToken()
            if not active:
                raise AccountDisabled()
            pair = await issue_pair(
                uow, self._codec, self._policy, user, now, family_id=claims.family_id, jti=successor_jti
            )
            await uow.commit()
        return pair
