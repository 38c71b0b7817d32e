"""Idempotency keys in SQL (ADR 0007): claimed and completed inside the use case's transaction.

``claim`` is ``INSERT … ON CONFLICT (user_id, key) DO NOTHING RETURNING id`` on the unique constraint
``uq_idempotency_keys_user_key``: on PostgreSQL a concurrent duplicate's insert waits until the first
transaction ends; if the first committed, the row is then locked (``SELECT … FOR UPDATE``) and its stored
result replayed. On SQLite ``BEGIN IMMEDIATE`` serialises the writers. The result is the use case's own
dataclass, kept as msgspec JSON in ``result``. Refusals are kept by the edge (``SqlIdempotencyStore``), in
short transactions of their own, in ``status_code``/``response_body``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

import msgspec
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.tables.idempotency import IdempotencyKeyModel as Key
from edutrack.core.errors import Conflict
from edutrack.ports.idempotency import KEY_REUSED, IdempotencyRequest, StoredKey

T = TypeVar("T")
# the row may vanish between the insert and the select (a purge): then try again
_ATTEMPTS = 3


def _dialect(session: AsyncSession):  # type: ignore[no-untyped-def]
    return postgresql if session.get_bind().dialect.name == "postgresql" else sqlite


class SqlIdempotencyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(self, request: IdempotencyRequest, now: datetime, result_type: type[T]) -> T | None:
        mine = (Key.user_id == request.user_id, Key.key == request.key)
        for _ in range(_ATTEMPTS):
            inserted = await self._session.execute(
                _dialect(self._session)
                .insert(Key)
                .values(
                    user_id=request.user_id, key=request.key, request_hash=request.fingerprint, created_at=now
                )
                .on_conflict_do_nothing(index_elements=["user_id", "key"])
                .returning(Key.id)
            )
            if inserted.first() is not None:
                return None
            found = await self._session.execute(
                select(Key.request_hash, Key.status_code, Key.result).where(*mine).with_for_update()
            )
            row = found.first()
            if row is None:
                continue
            if row.request_hash != request.fingerprint:
                raise Conflict(KEY_REUSED)
            if row.result is not None:
                request.replayed = True
                return msgspec.json.decode(row.result, type=result_type)
            if row.status_code is not None:
                request.refused = True
                raise Conflict(KEY_REUSED)
            return None  # a key left without an outcome (its request committed only counters): ours now
        raise Conflict(KEY_REUSED)

    async def record(self, request: IdempotencyRequest, result: object) -> None:
        await self._session.execute(
            update(Key)
            .where(Key.user_id == request.user_id, Key.key == request.key)
            .values(result=msgspec.json.encode(result).decode())
        )


class SqlIdempotencyStore:
    """The edge's side: each operation its own short transaction."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def find(self, user_id: int, key: str) -> StoredKey | None:
        async with self._sessions() as session:
            found = await session.execute(
                select(Key.request_hash, Key.status_code, Key.response_body, Key.result.is_not(None)).where(
                    Key.user_id == user_id, Key.key == key
                )
            )
            row = found.first()
            await session.rollback()
        if row is None:
            return None
        body = None if row.response_body is None else bytes(row.response_body)
        return StoredKey(row.request_hash, row.status_code, body, bool(row[3]))

    async def refuse(self, request: IdempotencyRequest, status: int, body: bytes, now: datetime) -> None:
        async with self._sessions() as session:
            await session.execute(
                _dialect(session)
                .insert(Key)
                .values(
                    user_id=request.user_id,
                    key=request.key,
                    request_hash=request.fingerprint,
                    status_code=status,
                    response_body=body,
                    created_at=now,
                )
                .on_conflict_do_update(
                    index_elements=["user_id", "key"],
                    set_={"status_code": status, "response_body": body},
                    where=(Key.result.is_(None))
                    & (Key.status_code.is_(None))
                    & (Key.request_hash == request.fingerprint),
                )
            )
            await session.commit()

    async def purge_older_than(self, cutoff: datetime) -> int:
        async with self._sessions() as session:
            result = await session.execute(delete(Key).where(Key.created_at < cutoff))
            await session.commit()
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
