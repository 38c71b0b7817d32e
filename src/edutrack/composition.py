"""The composition root: builds every adapter from settings, and each use case from them.

HTTP and the CLI both start here, so they run the same use cases against the same adapters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig

from edutrack.adapters.clock import SystemClock
from edutrack.adapters.memory.academics import MemoryReferenceReader
from edutrack.adapters.memory.readers import MemoryAccountReader, MemoryHealthProbe
from edutrack.adapters.memory.store import MemoryStore
from edutrack.adapters.memory.uow import MemoryUnitOfWork
from edutrack.adapters.security.hashing import Argon2Hasher
from edutrack.adapters.security.tokens import JwtCodec
from edutrack.adapters.sql.database import DatabaseOptions, build_config, session_factory
from edutrack.adapters.sql.readers.academics import SqlReferenceReader
from edutrack.adapters.sql.readers.accounts import SqlAccountReader, SqlHealthProbe
from edutrack.adapters.sql.uow import SqlUnitOfWork
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.academics.delete_item import DeleteReferenceItem
from edutrack.core.use_cases.academics.get_item import GetReferenceItem
from edutrack.core.use_cases.academics.list_items import ListReferenceItems
from edutrack.core.use_cases.academics.update_item import UpdateReferenceItem
from edutrack.core.use_cases.auth.authenticate import Authenticate
from edutrack.core.use_cases.auth.change_password import ChangePassword
from edutrack.core.use_cases.auth.get_me import GetMe
from edutrack.core.use_cases.auth.login import Login
from edutrack.core.use_cases.auth.logout import Logout
from edutrack.core.use_cases.auth.refresh import RefreshTokens
from edutrack.core.use_cases.auth.tokens import TokenPolicy
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner
from edutrack.ports.clock import Clock
from edutrack.ports.readers import AccountReader, HealthProbe, ReferenceReader
from edutrack.ports.security import PasswordHasher, TokenCodec
from edutrack.ports.uow import UnitOfWork
from edutrack.settings import Settings


@dataclass
class Container:
    settings: Settings
    clock: Clock
    hasher: PasswordHasher
    codec: TokenCodec
    uow: Callable[[], UnitOfWork]
    accounts: AccountReader
    reference_reader: ReferenceReader
    health: HealthProbe
    db_config: SQLAlchemyAsyncConfig | None = None
    memory_store: MemoryStore | None = None
    token_policy: TokenPolicy = field(default_factory=TokenPolicy)

    # --- auth and accounts ---
    def login(self) -> Login:
        return Login(self.uow(), self.hasher, self.codec, self.clock, self.token_policy)

    def refresh_tokens(self) -> RefreshTokens:
        return RefreshTokens(self.uow(), self.codec, self.clock, self.token_policy)

    def logout(self) -> Logout:
        return Logout(self.uow(), self.codec, self.clock)

    def change_password(self) -> ChangePassword:
        return ChangePassword(self.uow(), self.hasher, self.codec, self.clock)

    def authenticate(self) -> Authenticate:
        return Authenticate(self.accounts, self.codec, self.clock)

    def get_me(self) -> GetMe:
        return GetMe(self.accounts)

    def create_site_owner(self) -> CreateSiteOwner:
        return CreateSiteOwner(self.uow(), self.hasher, self.clock)

    # --- reference data ---
    def list_reference_items(self) -> ListReferenceItems:
        return ListReferenceItems(self.reference_reader)

    def get_reference_item(self) -> GetReferenceItem:
        return GetReferenceItem(self.reference_reader)

    def create_reference_item(self) -> CreateReferenceItem:
        return CreateReferenceItem(self.uow(), self.reference_reader)

    def update_reference_item(self) -> UpdateReferenceItem:
        return UpdateReferenceItem(self.uow(), self.reference_reader)

    def delete_reference_item(self) -> DeleteReferenceItem:
        return DeleteReferenceItem(self.uow())

    async def dispose(self) -> None:
        if self.db_config is not None:
            await self.db_config.get_engine().dispose()


def build_container(settings: Settings, *, backend: str = "sql", clock: Clock | None = None) -> Container:
    """``backend="memory"`` wires the in-memory fakes (unit tests); ``"sql"`` the configured database."""
    hasher = Argon2Hasher(fast=settings.password_hashing == "fast")
    codec = JwtCodec(settings.secret_key, timedelta(minutes=settings.access_token_minutes))
    policy = TokenPolicy(refresh_ttl=timedelta(days=settings.refresh_token_days))
    clock = clock or SystemClock()
    if backend == "memory":
        store = MemoryStore()
        return Container(
            settings=settings,
            clock=clock,
            hasher=hasher,
            codec=codec,
            uow=lambda: MemoryUnitOfWork(store),
            accounts=MemoryAccountReader(store),
            reference_reader=MemoryReferenceReader(store),
            health=MemoryHealthProbe(),
            memory_store=store,
            token_policy=policy,
        )
    config = build_config(
        DatabaseOptions(
            url=settings.database_url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            pool_timeout=settings.db_pool_timeout,
            echo=settings.db_echo,
        )
    )
    sessions = session_factory(config)
    return Container(
        settings=settings,
        clock=clock,
        hasher=hasher,
        codec=codec,
        uow=lambda: SqlUnitOfWork(sessions),
        accounts=SqlAccountReader(sessions),
        reference_reader=SqlReferenceReader(sessions),
        health=SqlHealthProbe(sessions),
        db_config=config,
        token_policy=policy,
    )
