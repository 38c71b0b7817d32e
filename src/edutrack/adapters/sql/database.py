"""Engine and session factory built through advanced-alchemy's config (ADR 0001: no autocommit handler)."""

from __future__ import annotations

from dataclasses import dataclass

from advanced_alchemy.extensions.litestar import AsyncSessionConfig, EngineConfig, SQLAlchemyAsyncConfig
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from edutrack.adapters.sql.models import Base


@dataclass(frozen=True, slots=True)
class DatabaseOptions:
    url: str
    pool_size: int = 5
    max_overflow: int = 5
    pool_timeout: float = 5.0
    echo: bool = False


def build_config(options: DatabaseOptions) -> SQLAlchemyAsyncConfig:
    """One advanced-alchemy config per app. Sessions are opened by our unit of work, never per request."""
    if options.url.startswith("sqlite"):
        engine_config = EngineConfig(echo=options.echo, connect_args={"timeout": 30})
    else:
        engine_config = EngineConfig(
            echo=options.echo,
            pool_size=options.pool_size,
            max_overflow=options.max_overflow,
            pool_timeout=options.pool_timeout,
            pool_pre_ping=True,
            pool_recycle=1800,
            connect_args={"timeout": options.pool_timeout, "command_timeout": 60},
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
    return config


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    # SQLite's driver opens transactions lazily and lets reads slip past writers. Starting every
    # transaction with BEGIN IMMEDIATE serialises writers, so read-then-write decisions stay correct.
    @event.listens_for(engine.sync_engine, "connect")
    def _no_autobegin(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(connection):  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(config: SQLAlchemyAsyncConfig) -> async_sessionmaker[AsyncSession]:
    return config.create_session_maker()
