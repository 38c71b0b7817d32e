from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.entities.users import TokenPair
from edutrack.core.errors import AccountDisabled, InvalidCredentials, Throttled
from edutrack.core.policies.throttling import LOGIN_PER_ADDRESS, LOGIN_PER_USERNAME
from edutrack.core.use_cases.auth.tokens import TokenPolicy, issue_pair
from edutrack.ports.auth import AccountReader
from edutrack.ports.clock import Clock
from edutrack.ports.security import PasswordHasher, TokenCodec
from edutrack.ports.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    username: str
    password: str
    client_address: str


class Login:
    """Anyone may call it. Exchanges a username and password for a token pair.

    Invariants: a wrong password and an unknown username fail identically (same error, same work);
    after 5 failures for a username or 50 from an address within 15 minutes every attempt is throttled,
    a correct password included; an inactive user is refused only after the password checks out, so the
    refusal reveals nothing to a guesser; an assistant of a deactivated teacher counts as inactive. A
    success clears the username's failure count.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        hasher: PasswordHasher,
        codec: TokenCodec,
        clock: Clock,
        policy: TokenPolicy,
        accounts: AccountReader,
    ) -> None:
        self._uow = uow
        self._accounts = accounts
        self._hasher = hasher
        self._codec = codec
        self._clock = clock
        self._policy = policy

    async def execute(self, attempt: LoginAttempt) -> TokenPair:
        now = self._clock.now()
        username_key = attempt.username.strip().lower()[:150]
        client_address = attempt.client_address
        async with self._uow as uow:
            for limit, key in ((LOGIN_PER_USERNAME, username_key), (LOGIN_PER_ADDRESS, client_address)):
                if await uow.attempts.count_since(limit.scope, key, now - limit.window) >= limit.attempts:
                    raise Throttled()
            user = await uow.users.get_by_username(username_key) if username_key else None

        # The slow hash check runs outside any transaction.
        if not await self._hasher.verify(user.password_hash if user else None, attempt.password):
            async with self._uow as uow:
                await uow.attempts.record(LOGIN_PER_USERNAME.scope, username_key, now)
                await uow.attempts.record(LOGIN_PER_ADDRESS.scope, client_address, now)
                await uow.commit()
            raise InvalidCredentials()
        assert user is not None and user.id is not None
        principal = await self._accounts.principal(user.id)
        if principal is None or not principal.is_active:  # the user's own flag, or their teacher's
            raise AccountDisabled()

        async with self._uow as uow:
            current = await uow.users.get(user.id)
            if current is None or current.password_hash != user.password_hash:
                raise InvalidCredentials()
            if not current.is_active:
                raise AccountDisabled()
            await uow.attempts.clear(LOGIN_PER_USERNAME.scope, username_key)
            current.last_login = now
            current.updated_at = now
            await uow.users.save(current)
            pair = await issue_pair(uow, self._codec, self._policy, current, now)
            await uow.commit()
        return pair
