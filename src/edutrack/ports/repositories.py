"""Write-side ports: what the use cases load, lock and change inside a unit of work."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from edutrack.core.entities.academics import ReferenceItem, ReferenceKind
from edutrack.core.entities.users import RefreshToken, User


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

    async def consume(self, jti: str, now: datetime) -> bool:
        """Mark the token used in one conditional statement; True only for the one caller that did."""
        ...

    async def revoke_family(self, family_id: str, now: datetime) -> None: ...

    async def revoke_for_user(
        self, user_id: int, now: datetime, *, keep_family: str | None = None
    ) -> None: ...


class AttemptCounter(Protocol):
    """Counts failed attempts in shared storage, so a limit holds across server workers."""

    async def count_since(self, scope: str, key: str, since: datetime) -> int: ...

    async def record(self, scope: str, key: str, at: datetime) -> None: ...

    async def clear(self, scope: str, key: str) -> None: ...


class ReferenceCatalog(Protocol):
    async def get(self, kind: ReferenceKind, item_id: int) -> ReferenceItem | None: ...

    async def add(self, item: ReferenceItem) -> ReferenceItem:
        """Insert and assign ``item.id``."""
        ...

    async def save(self, item: ReferenceItem) -> None: ...

    async def delete(self, kind: ReferenceKind, item_id: int) -> None:
        """Raise ``InUse`` when another row still refers to it."""
        ...

    async def missing_ids(self, kind: ReferenceKind, ids: Iterable[int]) -> set[int]: ...

    async def name_taken(self, item: ReferenceItem) -> bool:
        """Another item of the same kind (and, for areas, the same governorate) has this name."""
        ...
