"""The mail outbox in SQL. A claim selects the due rows ``FOR UPDATE SKIP LOCKED`` (PostgreSQL; SQLite has
one writer at a time and ignores the clause) and moves them to their retry time in the same transaction,
so concurrent claims never return one mail twice; marks are conditional on the row still being pending."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql.tables.mail import MailOutboxModel
from edutrack.core.entities.mail import MailStatus, OutgoingMail, QueuedMail

M = MailOutboxModel
PENDING = MailStatus.PENDING.value


class SqlMailOutbox:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, mail: OutgoingMail) -> int:
        mail_id = await self._session.scalar(
            insert(M)
            .values(
                to_address=mail.to,
                subject=mail.subject[:300],
                body=mail.body,
                status=PENDING,
                attempts=0,
                next_attempt_at=mail.created_at,
                created_at=mail.created_at,
            )
            .returning(M.id)
        )
        assert mail_id is not None
        return mail_id

    async def claim(self, now: datetime, limit: int, retry_at: datetime) -> list[QueuedMail]:
        ids = list(
            await self._session.scalars(
                select(M.id)
                .where(M.status == PENDING, M.next_attempt_at <= now)
                .order_by(M.next_attempt_at, M.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        if not ids:
            return []
        rows = await self._session.execute(
            update(M)
            .where(M.id.in_(ids), M.status == PENDING)
            .values(attempts=M.attempts + 1, next_attempt_at=retry_at)
            .returning(M.id, M.to_address, M.subject, M.body, M.attempts)
            .execution_options(synchronize_session=False)
        )
        return sorted((QueuedMail(*row) for row in rows), key=lambda m: ids.index(m.id))

    async def mark_sent(self, mail_id: int, at: datetime) -> bool:
        result = await self._session.execute(
            update(M)
            .where(M.id == mail_id, M.status == PENDING)
            .values(status=MailStatus.SENT.value, sent_at=at, last_error=None)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def mark_failed(self, mail_id: int, error: str, *, retry_at: datetime | None) -> bool:
        values: dict[str, object] = {"last_error": error[:1000]}
        if retry_at is None:
            values["status"] = MailStatus.FAILED.value
        else:
            values["next_attempt_at"] = retry_at
        result = await self._session.execute(
            update(M)
            .where(M.id == mail_id, M.status == PENDING)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]
