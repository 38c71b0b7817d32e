from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from edutrack.ports.repositories import (
    AttemptCounter,
    ReferenceCatalog,
    RefreshTokenRepository,
    UserRepository,
)


class UnitOfWork(Protocol):
    """One transaction. ``async with uow: ...; await uow.commit()``; leaving the block without a commit
    rolls back. Repositories are only valid inside the block."""

    users: UserRepository
    refresh_tokens: RefreshTokenRepository
    attempts: AttemptCounter
    reference: ReferenceCatalog

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...
