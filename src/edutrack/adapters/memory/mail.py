"""The mail outbox in memory: the same states, order and conditional marks as the SQL outbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from edutrack.adapters.memory.store import MemoryState
from edutrack.core.entities.mail import MailStatus, OutgoingMail, QueuedMail


@dataclass
class OutboxRow:
    id: int
    to: str
    subject: str
    body: str
    created_at: datetime
    next_attempt_at: datetime
    status: MailStatus = MailStatus.PENDING
    attempts: int = 0
    sent_at: datetime | None = None
    last_error: str | None = None


@dataclass
class MailTables:
    outbox: dict[int, OutboxRow] = field(default_factory=dict)


class MemoryMailOutbox:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(MailTables)

    async def add(self, mail: OutgoingMail) -> int:
        mail_id = self._state.next_id("mail_outbox")
        self._tables.outbox[mail_id] = OutboxRow(
            mail_id, mail.to, mail.subject, mail.body, mail.created_at, next_attempt_at=mail.created_at
        )
        return mail_id

    async def claim(self, now: datetime, limit: int, retry_at: datetime) -> list[QueuedMail]:
        due = sorted(
            (
                r
                for r in self._tables.outbox.values()
                if r.status == MailStatus.PENDING and r.next_attempt_at <= now
            ),
            key=lambda r: (r.next_attempt_at, r.id),
        )[:limit]
        for row in due:
            row.attempts += 1
            row.next_attempt_at = retry_at
        return [QueuedMail(r.id, r.to, r.subject, r.body, r.attempts) for r in due]

    async def mark_sent(self, mail_id: int, at: datetime) -> bool:
        row = self._tables.outbox.get(mail_id)
        if row is None or row.status != MailStatus.PENDING:
            return False
        row.status, row.sent_at, row.last_error = MailStatus.SENT, at, None
        return True

    async def mark_failed(self, mail_id: int, error: str, *, retry_at: datetime | None) -> bool:
        row = self._tables.outbox.get(mail_id)
        if row is None or row.status != MailStatus.PENDING:
            return False
        row.last_error = error[:1000]
        if retry_at is None:
            row.status = MailStatus.FAILED
        else:
            row.next_attempt_at = retry_at
        return True
