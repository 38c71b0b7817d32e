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
    a correct password included; each attempt is counted by one atomic statement before the password
    is checked, so a burst gets at most that many checks. An inactive user is refused only after the
    password checks out, so the refusal reveals nothing to a guesser; an assistant of a deactivated
    teacher counts as inactive. A success clears the username's count and does not count against its
    address.
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
        # Every attempt is counted, in its own committed transaction, before the password is checked:
        # a burst of N gets at most the limit's number of checks. Username first, then address, always.
        async with self._uow as uow:
            seen = await uow.attempts.hit(
                LOGIN_PER_USERNAME.scope, username_key, LOGIN_PER_USERNAME.window, now
            )
            from_address = await uow.attempts.hit(
                LOGIN_PER_ADDRESS.scope, client_address, LOGIN_PER_ADDRESS.window, now
            )
            await uow.commit()
        if not (LOGIN_PER_USERNAME.admits(seen) and LOGIN_PER_ADDRESS.admits(from_address)):
            raise Throttled(retry_after=int(LOGIN_PER_USERNAME.window.total_seconds()))
        async with self._uow as uow:
            user = await uow.users.get_by_username(username_key) if username_key else None

        # The slow hash check runs outside any transaction; a failure stays counted.
        if not await self._hasher.verify(user.password_hash if user else None, attempt.password):
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
            # A success clears the username's count (unless a burst was counted meanwhile) and takes its
            # own hit back from the address, so many users behind one address can log in.
            await uow.attempts.reset(LOGIN_PER_USERNAME.scope, username_key, seen=seen)
            await uow.attempts.forgive(LOGIN_PER_ADDRESS.scope, client_address)
            current.last_login = now
            current.updated_at = now
            await uow.users.save(current)
            pair = await issue_pair(uow, self._codec, self._policy, current, now)
            await uow.commit()
        return pair
