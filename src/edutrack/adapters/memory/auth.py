"""Accounts in memory: users, refresh tokens and throttle counters (``tables/auth.py`` in SQL)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from edutrack.adapters.memory.store import MemoryState
from edutrack.core.entities.users import RefreshToken, User
from edutrack.core.errors import ValidationFailed


@dataclass
class AccountTables:
    users: dict[int, User] = field(default_factory=dict)
    refresh_tokens: dict[str, RefreshToken] = field(default_factory=dict)
    successors: dict[str, str] = field(default_factory=dict)  # used jti -> the jti that replaced it
    # (scope, key) -> (window started at, hits)
    counters: dict[tuple[str, str], tuple[datetime, int]] = field(default_factory=dict)


class MemoryUserRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(AccountTables)

    def _check_unique(self, user: User) -> None:
        for other in self._tables.users.values():
            if other.id == user.id:
                continue
            if other.username.lower() == user.username.strip().lower():
                raise ValidationFailed.field("username", "Username already exists.")
            if user.gmail and other.gmail and other.gmail.lower() == user.gmail.strip().lower():
                raise ValidationFailed.field("gmail", "This email is already associated with an account.")

    async def add(self, user: User) -> User:
        self._check_unique(user)
        user.id = self._state.next_id("users")
        self._tables.users[user.id] = copy.copy(user)
        return user

    async def get(self, user_id: int) -> User | None:
        user = self._tables.users.get(user_id)
        return copy.copy(user) if user else None

    async def get_by_username(self, username: str) -> User | None:
        wanted = username.strip().lower()
        for user in self._tables.users.values():
            if user.username.lower() == wanted:
                return copy.copy(user)
        return None

    async def username_taken(self, username: str) -> bool:
        return await self.get_by_username(username) is not None

    async def gmail_taken(self, gmail: str, exclude_user_id: int | None = None) -> bool:
        wanted = gmail.strip().lower()
        return any(
            u.gmail and u.gmail.lower() == wanted and u.id != exclude_user_id
            for u in self._tables.users.values()
        )

    async def save(self, user: User) -> None:
        assert user.id is not None and user.id in self._tables.users
        self._check_unique(user)
        self._tables.users[user.id] = copy.copy(user)


class MemoryRefreshTokenRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(AccountTables)

    async def add(self, token: RefreshToken) -> None:
        token.id = self._state.next_id("refresh_tokens")
        self._tables.refresh_tokens[token.jti] = copy.copy(token)

    async def get_by_jti(self, jti: str) -> RefreshToken | None:
        token = self._tables.refresh_tokens.get(jti)
        return copy.copy(token) if token else None

    async def consume(self, jti: str, now: datetime, *, successor_jti: str) -> bool:
        token = self._tables.refresh_tokens.get(jti)
        if token is None or not token.is_usable(now):
            return False
        self._tables.refresh_tokens[jti] = replace(token, used_at=now)
        self._tables.successors[jti] = successor_jti
        return True

    async def successor_of(self, jti: str) -> RefreshToken | None:
        successor = self._tables.successors.get(jti)
        return await self.get_by_jti(successor) if successor else None

    async def revoke_family(self, family_id: str, now: datetime) -> None:
        for jti, token in list(self._tables.refresh_tokens.items()):
            if token.family_id == family_id and token.revoked_at is None:
                self._tables.refresh_tokens[jti] = replace(token, revoked_at=now)

    async def revoke_for_user(self, user_id: int, now: datetime, *, keep_family: str | None = None) -> None:
        for jti, token in list(self._tables.refresh_tokens.items()):
            if token.user_id == user_id and token.revoked_at is None and token.family_id != keep_family:
                self._tables.refresh_tokens[jti] = replace(token, revoked_at=now)


class MemoryAttemptCounter:
    """The SQL upsert's rules on a dict; the store's lock makes each call atomic."""

    def __init__(self, state: MemoryState) -> None:
        self._tables = state.of(AccountTables)

    async def hit(self, scope: str, key: str, window: timedelta, now: datetime) -> int:
        started, hits = self._tables.counters.get((scope, key[:200]), (now, 0))
        if started <= now - window:
            started, hits = now, 0
        self._tables.counters[(scope, key[:200])] = (started, hits + 1)
        return hits + 1

    async def forgive(self, scope: str, key: str) -> None:
        counted = self._tables.counters.get((scope, key[:200]))
        if counted is not None and counted[1] > 0:
            self._tables.counters[(scope, key[:200])] = (counted[0], counted[1] - 1)

    async def reset(self, scope: str, key: str, *, seen: int) -> None:
        counted = self._tables.counters.get((scope, key[:200]))
        if counted is not None and counted[1] == seen:
            del self._tables.counters[(scope, key[:200])]

    async def purge(self, started_before: datetime) -> int:
        stale = [k for k, (started, _) in self._tables.counters.items() if started < started_before]
        for k in stale:
            del self._tables.counters[k]
        return len(stale)
