"""Accounts and authentication: users, refresh tokens, throttle counters, and the principal behind a token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from edutrack.core.entities.users import RefreshToken, User


@dataclass(frozen=True, slots=True)
class UserRow:
    """The principal behind a token. ``is_active`` is effective: an assistant of a deactivated teacher is
    inactive too. The profile ids say which profile the user has (by role)."""

    id: int
    username: str
    role: str
    name: str
    is_active: bool
    teacher_id: int | None = None
    assistant_id: int | None = None
    student_id: int | None = None


class AccountReader(Protocol):
    async def principal(self, user_id: int) -> UserRow | None:
        """The user behind a token, loaded on every request so deactivation takes effect at once."""
        ...


class UserRepository(Protocol):
    async def add(self, user: User) -> User:
        """Insert and assign ``user.id``; a site owner also gets its (empty) profile row."""
        ...

    async def get(self, user_id: int) -> User | None: ...

    async def get_by_username(self, username: str) -> User | None:
        """Case-insensitive."""
        ...

    async def username_taken(self, username: str) -> bool: ...

    async def gmail_taken(self, gmail: str, exclude_user_id: int | None = None) -> bool:
        """Case-insensitive, across every role."""
        ...

    async def save(self, user: User) -> None: ...


class RefreshTokenRepository(Protocol):
    async def add(self, token: RefreshToken) -> None: ...

    async def get_by_jti(self, jti: str) -> RefreshToken | None: ...

    async def consume(self, jti: str, now: datetime, *, successor_jti: str) -> bool:
        """Mark the token used and name its successor in one conditional statement; True only for the
        one caller that did (a usable token: not used, not revoked, not expired)."""
        ...

    async def successor_of(self, jti: str) -> RefreshToken | None:
        """The token that replaced ``jti`` when it was used, if any."""
        ...

    async def revoke_family(self, family_id: str, now: datetime) -> None: ...

    async def revoke_for_user(
        self, user_id: int, now: datetime, *, keep_family: str | None = None
    ) -> None: ...


class AttemptCounter(Protocol):
    """Counts attempts in shared storage, one atomic statement each, so a limit holds across server
    workers and under bursts: the count is taken before the password or code is checked."""

    async def hit(self, scope: str, key: str, window: timedelta, now: datetime) -> int:
        """Count one attempt and return the attempts counted in the current window, this one included,
        in one atomic statement. A window starts with the first attempt after the previous one ended."""
        ...

    async def forgive(self, scope: str, key: str) -> None:
        """Take one attempt back (it turned out legitimate: a success, a code that exists)."""
        ...

    async def reset(self, scope: str, key: str, *, seen: int) -> None:
        """Forget the count if it is still ``seen`` (what this caller's ``hit`` returned): attempts
        counted since, a burst racing a success, stay counted."""
        ...

    async def purge(self, started_before: datetime) -> int:
        """Delete the counters whose window started before ``started_before`` (their window has ended;
        a new attempt would start a new one anyway); how many."""
        ...
