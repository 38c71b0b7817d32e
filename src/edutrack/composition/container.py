"""The composition root: the shared adapters built from settings, and a registry of what each feature
provides, by type.

A feature's wiring module (``composition/<feature>.py``) registers its readers and shared adapters as
*components* (built once, on first use) and its use cases as *use cases* (built on every ``get``, each
with a fresh unit of work). HTTP handlers receive use cases by type (``entrypoints/http/app.py`` turns
every registered type into a Litestar dependency); the CLI calls ``container.get(UseCase)``.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any, TypeVar, cast

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from edutrack.adapters.clock import SystemClock
from edutrack.adapters.memory.store import MemoryStore
from edutrack.adapters.memory.uow import MemoryUnitOfWork
from edutrack.adapters.security.hashing import Argon2Hasher
from edutrack.adapters.security.tokens import JwtCodec
from edutrack.adapters.sql.database import (
    DatabaseOptions,
    build_config,
    reader_engine,
    replica_engine,
    request_bound,
    session_factory,
)
from edutrack.adapters.sql.uow import SqlUnitOfWork
from edutrack.adapters.storage.local import LocalMediaStorage
from edutrack.adapters.storage.memory import MemoryMediaStorage
from edutrack.adapters.storage.private import LocalPrivateFiles, MemoryPrivateFiles
from edutrack.adapters.storage.s3 import S3MediaStorage, S3PrivateFiles, s3_store
from edutrack.core.use_cases.auth.tokens import TokenPolicy
from edutrack.features import FEATURES
from edutrack.ports.clock import Clock
from edutrack.ports.security import PasswordHasher, TokenCodec
from edutrack.ports.storage import MediaStorage, PrivateFiles
from edutrack.ports.uow import UnitOfWork
from edutrack.settings import Settings

T = TypeVar("T")
Sessions = async_sessionmaker[AsyncSession]
# Builders take the container they are asked through, so a copy made with ``dataclasses.replace``
# (a test swapping the hasher, say) builds from its own parts.
Builder = Callable[["Container"], T]
# A background job: ``async def run(c: Container, **arguments) -> object`` (arguments: what ``JobQueue.
# enqueue`` passed; none for a periodic job). Free of any job library: docs/adr/0009-background-jobs.md.
JobRun = Callable[..., Awaitable[object]]


@dataclass(frozen=True, slots=True)
class JobSpec:
    name: str
    run: JobRun
    every: timedelta | None = None


@dataclass
class Container:
    """Shared adapters as fields; everything a feature provides through ``get(Type)``."""

    settings: Settings
    clock: Clock
    hasher: PasswordHasher
    codec: TokenCodec
    uow: Callable[[], UnitOfWork]
    storage: MediaStorage
    private_files: PrivateFiles
    token_policy: TokenPolicy = field(default_factory=TokenPolicy)
    db_config: SQLAlchemyAsyncConfig | None = None
    engines: list[AsyncEngine] = field(default_factory=list)
    read_sessions: Sessions | None = None
    write_sessions: Sessions | None = None
    # EDUTRACK_DATABASE_READ_URL: the read replica's engine (also in ``engines``) and sessions; None: no
    # replica, every read goes to the primary (ADR 0015)
    replica_engine: AsyncEngine | None = None
    replica_sessions: Sessions | None = None
    memory_store: MemoryStore | None = None
    _components: dict[type, Builder[Any]] = field(default_factory=dict, repr=False)
    _use_cases: dict[type, Builder[Any]] = field(default_factory=dict, repr=False)
    _jobs: dict[str, JobSpec] = field(default_factory=dict, repr=False)
    # what this container built; a copy made with dataclasses.replace (tests) builds its own
    _built: dict[type, Any] = field(default_factory=dict, init=False, repr=False)
    # the components whose build picked the read sessions (the readers), and their replica twins
    _session_bound: set[type] = field(default_factory=set, init=False, repr=False)
    _replica_built: dict[type, Any] = field(default_factory=dict, init=False, repr=False)
    _building: list[type] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        for kind, value in (
            (Settings, self.settings),
            (Clock, self.clock),
            (PasswordHasher, self.hasher),
            (TokenCodec, self.codec),
            (MediaStorage, self.storage),
            (PrivateFiles, self.private_files),
            (TokenPolicy, self.token_policy),
        ):
            self._built[kind] = value
            self._components.setdefault(kind, lambda c, kind=kind: c._built[kind])

    # --- registration (the wiring modules) ---

    def component(self, kind: type[T], build: Builder[T]) -> None:
        """``kind`` is built once per container, on its first ``get``: readers, notifiers, stores."""
        self._check_new(kind)
        self._components[kind] = build

    def use_case(self, kind: type[T], build: Builder[T], *, replica: bool = False) -> None:
        """``kind`` is built on every ``get``: each use case gets a fresh unit of work.

        ``replica=True``: a pure read of a list, a dashboard, analytics or an export. The readers it gets
        read the replica when EDUTRACK_DATABASE_READ_URL is set (the primary otherwise), and it cannot take
        a unit of work: building it with ``c.uow()`` fails. Without the flag everything it reads comes
        from the primary: a use case that writes decides on what it reads, and single-object reads stay
        consistent with the caller's own writes (ADR 0015)."""
        self._check_new(kind)
        self._use_cases[kind] = _on_replica(kind, build) if replica else build

    def job(self, name: str, run: JobRun, *, every: timedelta | None = None) -> None:
        """A background job, by a unique dotted name (``quizzes.close_overdue``). ``run(container,
        **arguments)`` is called with this container; with ``every`` it runs periodically (in this process
        or by ``edutrack worker``, per EDUTRACK_JOBS), else when enqueued through ``JobQueue``. It must be
        idempotent: a period's run may be repeated (retry, several inline schedulers)."""
        if name in self._jobs:
            raise ValueError(f"job {name!r} is registered twice")
        if every is not None and every < timedelta(seconds=1):
            raise ValueError(f"job {name!r}: every must be at least one second, got {every}")
        self._jobs[name] = JobSpec(name, run, every)

    def jobs(self) -> list[JobSpec]:
        """Every registered job, in registration order."""
        return list(self._jobs.values())

    def override(self, kind: type[T], build: Builder[T]) -> None:
        """Make ``get(kind)`` build something else from now on (a test's stand-in)."""
        if kind in self._use_cases:
            self._use_cases[kind] = build
            return
        self._components[kind] = build
        self._built.pop(kind, None)
        self._replica_built.pop(kind, None)
        self._session_bound.discard(kind)

    def pick(self, memory: Callable[[MemoryStore], T], sql: Callable[[Sessions], T]) -> T:
        """The memory or the SQL variant of an adapter (SQL readers get the read sessions)."""
        if self._building:  # the component being built reads through the sessions: a replica can serve it
            self._session_bound.add(self._building[-1])
        if self.memory_store is not None:
            return memory(self.memory_store)
        assert self.read_sessions is not None, "a SQL container has read sessions"
        return sql(self.read_sessions)

    def _check_new(self, kind: type) -> None:
        if kind in self._built or kind in self._components or kind in self._use_cases:
            raise ValueError(f"{kind.__name__} is provided twice")

    # --- use ---

    def get(self, kind: type[T]) -> T:
        build = self._use_cases.get(kind)
        if build is not None:
            return build(self)  # type: ignore[no-any-return]
        if kind not in self._built:
            if kind not in self._components:
                raise LookupError(f"nothing provides {kind.__name__}; register it in its feature's wiring")
            self._building.append(kind)
            try:
                self._built[kind] = self._components[kind](self)
            finally:
                self._building.pop()
        return self._built[kind]  # type: ignore[no-any-return]

    def replica(self, kind: type[T]) -> T:
        """``kind`` as the pure reads (``use_case(..., replica=True)``) get it: a reader (a component built
        through ``pick``) on the read replica's sessions when there is a replica; anything else (use cases,
        notifiers, the lecture-access check), or without a replica, exactly what ``get`` answers."""
        if self.replica_sessions is None or kind in self._use_cases:
            return self.get(kind)
        if kind in self._replica_built:
            return self._replica_built[kind]  # type: ignore[no-any-return]
        primary = self.get(kind)  # its build tells whether it reads through the sessions
        if kind not in self._session_bound:
            return primary
        built = self._components[kind](cast(Container, _ReplicaReads(self, kind)))
        self._replica_built[kind] = built
        return built  # type: ignore[no-any-return]

    def provided(self) -> list[type]:
        """Every type ``get`` answers, components first."""
        return [*self._components, *self._use_cases]

    async def dispose(self) -> None:
        for engine in self.engines:
            await engine.dispose()


class _ReplicaReads:
    """What a ``replica=True`` use case (and a reader's replica twin) is built from: the container, except
    that ``get`` answers ``replica(kind)``, ``pick`` hands out the replica's sessions and there is no unit
    of work to take."""

    __slots__ = ("_container", "_kind")

    def __init__(self, container: Container, kind: type) -> None:
        self._container = container
        self._kind = kind

    def __getattr__(self, name: str) -> Any:
        return getattr(self._container, name)

    def get(self, kind: type[T]) -> T:
        return self._container.replica(kind)

    def pick(self, memory: Callable[[MemoryStore], T], sql: Callable[[Sessions], T]) -> T:
        container = self._container
        if container.memory_store is not None or container.replica_sessions is None:
            return container.pick(memory, sql)
        return sql(container.replica_sessions)

    def uow(self) -> UnitOfWork:
        raise TypeError(
            f"{self._kind.__name__} is registered with replica=True but takes a unit of work: a use case "
            "that writes (or decides on what it reads) reads the primary; register it without replica=True"
        )


def _on_replica(kind: type, build: Builder[T]) -> Builder[T]:
    def on_replica(c: Container) -> T:
        return build(cast(Container, _ReplicaReads(c, kind)))

    return on_replica


def build_storage(settings: Settings) -> tuple[MediaStorage, PrivateFiles]:
    """Where uploads live, by EDUTRACK_STORAGE: the local media directory (the default) or an S3-compatible
    bucket every application host shares (docs/adr/0011-object-storage.md)."""
    if settings.storage != "s3":
        root = settings.media_dir
        return LocalMediaStorage(root / "public"), LocalPrivateFiles(root / "private")
    store = s3_store(
        settings.s3_bucket,
        endpoint=settings.s3_endpoint,
        region=settings.s3_region,
        access_key_id=settings.s3_access_key_id,
        secret_access_key=settings.s3_secret_access_key,
    )
    return (
        S3MediaStorage(store, settings.s3_prefix, settings.s3_public_url),
        S3PrivateFiles(store, settings.s3_prefix, settings.s3_signed_url_seconds),
    )


def build_container(settings: Settings, *, backend: str = "sql", clock: Clock | None = None) -> Container:
    """``backend="memory"`` wires the in-memory fakes (unit tests); ``"sql"`` the configured database.
    Then every feature of ``edutrack.features.FEATURES`` registers what it provides."""
    hasher = Argon2Hasher(fast=settings.password_hashing == "fast")
    codec = JwtCodec(settings.secret_key, timedelta(minutes=settings.access_token_minutes))
    policy = TokenPolicy(refresh_ttl=timedelta(days=settings.refresh_token_days))
    clock = clock or SystemClock()
    if backend == "memory":
        store = MemoryStore()
        container = Container(
            settings=settings,
            clock=clock,
            hasher=hasher,
            codec=codec,
            uow=lambda: MemoryUnitOfWork(store),
            storage=MemoryMediaStorage(),
            private_files=MemoryPrivateFiles(),
            token_policy=policy,
            memory_store=store,
        )
    else:
        options = DatabaseOptions(
            url=settings.database_url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            pool_timeout=settings.db_pool_timeout,
            echo=settings.db_echo,
        )
        config = build_config(options)
        sessions = session_factory(config)
        read_engine = reader_engine(config, options)
        replica = None
        if settings.database_read_url:  # its own pool, sized like the primary's
            replica = replica_engine(replace(options, url=settings.database_read_url))
        storage, private_files = build_storage(settings)
        container = Container(
            settings=settings,
            clock=clock,
            hasher=hasher,
            codec=codec,
            uow=lambda: SqlUnitOfWork(sessions),
            storage=storage,
            private_files=private_files,
            token_policy=policy,
            db_config=config,
            engines=list(dict.fromkeys([config.get_engine(), read_engine, *([replica] if replica else [])])),
            read_sessions=request_bound(
                async_sessionmaker(read_engine, expire_on_commit=False), reads_only=True
            ),
            write_sessions=sessions,
            replica_engine=replica,
            replica_sessions=(
                request_bound(async_sessionmaker(replica, expire_on_commit=False), reads_only=True)
                if replica is not None
                else None
            ),
        )
    for name in FEATURES:
        importlib.import_module(f"edutrack.composition.{name}").wire(container)
    return container
