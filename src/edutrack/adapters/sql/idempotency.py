"""Idempotency keys in SQL, each operation its own short transaction (never the request's).

The reservation is one ``INSERT … ON CONFLICT (user_id, key) DO NOTHING`` backed by the unique constraint
``uq_idempotency_keys_user_key``: of simultaneous callers exactly one inserts the row (PostgreSQL makes the
others wait for its commit; SQLite's ``BEGIN IMMEDIATE`` serialises them), and each loser then reads the
committed row to learn whether to replay, wait, or refuse.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.tables.idempotency import IdempotencyKeyModel as Key
from edutrack.ports.idempotency import InProgress, Mismatch, Replay, Reservation, Reserved

# A loser may find the row gone (its owner released it meanwhile); it then tries to insert again.
_ATTEMPTS = 3


class SqlIdempotencyStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def reserve(self, user_id: int, key: str, request_hash: str, now: datetime) -> Reservation:
        for _ in range(_ATTEMPTS):
            async with self._sessions() as session:
                dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
                inserted = await session.execute(
                    dialect.insert(Key)
                    .values(user_id=user_id, key=key, request_hash=request_hash, created_at=now)
                    .on_conflict_do_nothing(index_elements=["user_id", "key"])
                    .returning(Key.id)
                )
                if inserted.first() is not None:
                    await session.commit()
                    return Reserved()
                found = await session.execute(
                    select(Key.request_hash, Key.status_code, Key.response_body).where(
                        Key.user_id == user_id, Key.key == key
                    )
                )
                row = found.first()
                await session.rollback()
            if row is None:
                continue
            if row.request_hash != request_hash:
                return Mismatch()
            if row.status_code is None or row.response_body is None:
                return InProgress()
            return Replay(row.status_code, bytes(row.response_body))
        return InProgress()

    async def complete(self, user_id: int, key: str, status: int, body: bytes) -> None:
        async with self._sessions() as session:
            await session.execute(
                update(Key)
                .where(Key.user_id == user_id, Key.key == key)
                .values(status_code=status, response_body=body)
            )
            await session.commit()

    async def release(self, user_id: int, key: str) -> None:
        async with self._sessions() as session:
            await session.execute(
                delete(Key).where(Key.user_id == user_id, Key.key == key, Key.status_code.is_(None))
            )
            await session.commit()

    async def purge_older_than(self, cutoff: datetime) -> int:
        async with self._sessions() as session:
            result = await session.execute(delete(Key).where(Key.created_at < cutoff))
            await session.commit()
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
