"""Engine and session factory built through advanced-alchemy's config (ADR 0001: no autocommit handler)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from advanced_alchemy.extensions.litestar import AsyncSessionConfig, EngineConfig, SQLAlchemyAsyncConfig
from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import AsyncAdaptedQueuePool
from sqlalchemy.util.queue import AsyncAdaptedQueue

from edutrack.adapters.sql.errors import NUL_IN_TEXT
from edutrack.adapters.sql.tables import load_all
from edutrack.core.errors import ValidationFailed

Base = load_all()


@dataclass(frozen=True, slots=True)
class DatabaseOptions:
    url: str
    pool_size: int = 5
    max_overflow: int = 5
    pool_timeout: float = 2.0
    echo: bool = False


@dataclass(slots=True)
class _WaitBudget:
    left: float


_WAIT_BUDGET: ContextVar[_WaitBudget | None] = ContextVar("edutrack_pool_wait_budget", default=None)


@contextmanager
def pool_wait_budget(seconds: float) -> Iterator[None]:
    """Within this block (one HTTP request) the waits for a pooled connection add up to at most
    ``seconds``. Without it a request that checks out a connection several times (authentication, then
    its use case) could wait the pool timeout once per checkout before its 503 under overload."""
    token = _WAIT_BUDGET.set(_WaitBudget(seconds))
    try:
        yield
    finally:
        _WAIT_BUDGET.reset(token)


class _BudgetedQueue(AsyncAdaptedQueue[Any]):
    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        budget = _WAIT_BUDGET.get()
        if budget is None or not block:
            return super().get(block, timeout)
        if budget.left <= 0:  # spent: take a free connection if there is one, never wait
            return super().get(False)
        started = time.monotonic()
        try:
            return super().get(True, budget.left if timeout is None else min(timeout, budget.left))
        finally:
            budget.left -= time.monotonic() - started


class BudgetedQueuePool(AsyncAdaptedQueuePool):
    """The asyncio queue pool whose waits respect the request's ``pool_wait_budget``."""

    _queue_class = _BudgetedQueue


def build_config(options: DatabaseOptions, *, read_only: bool = False) -> SQLAlchemyAsyncConfig:
    """One advanced-alchemy config per app. Sessions are opened by our unit of work, never per request.
    ``read_only``: the read replica's (``replica_engine``)."""
    if options.url.startswith("sqlite"):
        engine_config = EngineConfig(echo=options.echo, connect_args={"timeout": 30})
    else:
        connect_args: dict[str, Any] = {"timeout": options.pool_timeout, "command_timeout": 60}
        if read_only:  # sent with the connection's start-up packet: no round trip
            connect_args["server_settings"] = {"default_transaction_read_only": "on"}
        engine_config = EngineConfig(
            echo=options.echo,
            poolclass=BudgetedQueuePool,
            pool_size=options.pool_size,
            max_overflow=options.max_overflow,
            pool_timeout=options.pool_timeout,
            # no pre-ping: on asyncpg it costs BEGIN; ; ROLLBACK on every checkout. A connection whose
            # server end closed is dropped at checkout without a round trip (_skip_closed_connections);
            # one that dies under a request fails that request (503 with Retry-After) and is invalidated;
            # idle connections are recycled before servers or proxies time them out. ADR 0010.
            pool_recycle=1800,
            connect_args=connect_args,
            **({"isolation_level": "AUTOCOMMIT"} if read_only else {}),
        )
    config = SQLAlchemyAsyncConfig(
        connection_string=options.url,
        metadata=Base.metadata,
        create_all=False,
        engine_config=engine_config,
        session_config=AsyncSessionConfig(expire_on_commit=False, autoflush=False),
        set_default_exception_handler=False,
    )
    if options.url.startswith("sqlite"):
        _tune_sqlite(config.get_engine())
    else:
        _skip_closed_connections(config.get_engine())
    _refuse_nul_text(config.get_engine())
    return config


def _skip_closed_connections(engine: AsyncEngine) -> None:
    """The pre-ping without its round trips: a pooled connection whose server end is gone (a backend
    terminated, a restarted server) is already known closed to asyncpg, which watches the socket; it is
    discarded at checkout and the pool hands out (or opens) another one."""

    @event.listens_for(engine.sync_engine, "checkout")
    def _check(dbapi_connection, _record, _proxy):  # type: ignore[no-untyped-def]
        if dbapi_connection.driver_connection.is_closed():
            raise exc.DisconnectionError("the pooled connection was closed by the server")


def has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(has_nul(item) for item in value.values())
    return False


def _refuse_nul(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
    if has_nul(parameters):
        raise ValidationFailed.non_field(NUL_IN_TEXT)
    return statement, parameters


def _refuse_nul_text(engine: AsyncEngine) -> None:
    """PostgreSQL text cannot hold NUL (it fails the statement); SQLite would store it. Refuse it before
    any statement on both, as the same 400, whatever field, filter or search carried it."""
    event.listen(engine.sync_engine, "before_cursor_execute", _refuse_nul, retval=True)


def is_quiet_listener(listener: Any) -> bool:
    """A statement listener of our own that the direct reads (adapters/sql/direct.py) stand in for: the NUL
    check. Any other listener makes reads go through SQLAlchemy, where it sees them."""
    return listener is _refuse_nul


def _tune_sqlite(engine: AsyncEngine, *, begin: str = "BEGIN IMMEDIATE") -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
        # we issue BEGIN ourselves (below) instead of the driver's lazy, deferred one
        dbapi_connection.isolation_level = None

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(connection):  # type: ignore[no-untyped-def]
        connection.exec_driver_sql(begin)


def session_factory(config: SQLAlchemyAsyncConfig) -> async_sessionmaker[AsyncSession]:
    """Sessions for units of work. On SQLite every transaction starts with BEGIN IMMEDIATE, which
    serialises writers, so a use case's read-then-decide-then-write stays correct. On PostgreSQL they
    use the request's connection when there is one (``request_connection``)."""
    return request_bound(config.create_session_maker())


def reader_engine(config: SQLAlchemyAsyncConfig, options: DatabaseOptions) -> AsyncEngine:
    """The engine the reader ports use. On PostgreSQL it is the main engine. On SQLite it is a second
    engine whose transactions are plain deferred reads: in WAL mode they never wait for a writer, so a
    list or a readiness probe is not held up by (or deadlocked against) a write transaction."""
    if not options.url.startswith("sqlite"):
        return config.get_engine()
    engine = create_async_engine(options.url, echo=options.echo, connect_args={"timeout": 30})
    _tune_sqlite(engine, begin="BEGIN")
    _refuse_nul_text(engine)
    return engine


def replica_engine(options: DatabaseOptions) -> AsyncEngine:
    """The read replica's engine (EDUTRACK_DATABASE_READ_URL, PostgreSQL only; ADR 0015): a pool
    of its own sized like the primary's, no pre-ping, every statement in autocommit (no BEGIN and ROLLBACK
    round trips, as the primary's read sessions) and read-only (``default_transaction_read_only``), so a
    write sent there by mistake fails loudly instead of landing on a replica (a real standby refuses it
    anyway)."""
    if options.url.startswith("sqlite"):
        raise ValueError("a read replica needs PostgreSQL")
    return build_config(options, read_only=True).get_engine()


# --- one connection per request -------------------------------------------------------------------


@dataclass(slots=True)
class _Held:
    engine: AsyncEngine
    task: asyncio.Task[Any] | None
    connection: AsyncConnection
    busy: bool = False
    autocommit: bool = False

    def set_autocommit(self, on: bool) -> None:
        """Switch the connection between autocommit (read sessions) and its default (write sessions) when
        a session of the other kind takes it. With no transaction open (``usable``) the driver only sets
        a flag, so this is a plain call, no await and no round trip."""
        if on != self.autocommit:
            level = "AUTOCOMMIT" if on else self.connection.default_isolation_level
            self.connection.sync_connection.execution_options(isolation_level=level)  # type: ignore[union-attr]
            self.autocommit = on

    def usable(self, engine: Any) -> bool:
        """Free for one more session of this request: same engine, same task (a task spawned by the
        request copies the context but must not share the connection), no other session on it."""
        return (
            not self.busy
            and engine is self.engine
            and self.task is asyncio.current_task()
            and not self.connection.closed
            and not self.connection.invalidated
            and not self.connection.in_transaction()
        )


_HELD: ContextVar[_Held | None] = ContextVar("edutrack_request_connection", default=None)


@asynccontextmanager
async def request_connection(engine: AsyncEngine) -> AsyncIterator[None]:
    """Within this block (one HTTP request) the sessions and single reads on ``engine`` take turns on one
    pooled connection, checked out once (authentication, then the use case or reader), instead of a
    checkout per session. A session opened while another one holds it (a nested one) gets its own
    pooled connection, as before, so its transaction stays its own."""
    connection = await engine.connect()
    token = _HELD.set(_Held(engine, asyncio.current_task(), connection))
    try:
        yield
    finally:
        _HELD.reset(token)
        await connection.close()


class RequestBoundSession(AsyncSession):
    """An AsyncSession on the request's connection when it is free, else on the engine (its own pooled
    connection). A read session (``reads_only``) runs there in autocommit: no BEGIN and ROLLBACK round
    trips around its statements. For pure reads that changes nothing: at READ COMMITTED, PostgreSQL's
    default, each statement of a transaction takes its own snapshot anyway."""

    reads_only = False

    def __init__(self, bind: Any = None, **kw: Any) -> None:
        held = _HELD.get()
        self._held: _Held | None = None
        if held is not None and held.usable(bind):
            held.busy = True
            self._held, bind = held, held.connection
            held.set_autocommit(self.reads_only)
        super().__init__(bind=bind, **kw)

    async def close(self) -> None:
        try:
            # a read session whose reads all went straight to the driver never began: nothing to close
            if self._held is None or self.sync_session.in_transaction() or self.sync_session.identity_map:
                await super().close()
        finally:
            held, self._held = self._held, None
            if held is not None:
                held.busy = False


class RequestBoundReadSession(RequestBoundSession):
    reads_only = True


def request_bound(
    maker: async_sessionmaker[AsyncSession], *, reads_only: bool = False
) -> async_sessionmaker[AsyncSession]:
    maker.class_ = RequestBoundReadSession if reads_only else RequestBoundSession
    return maker
