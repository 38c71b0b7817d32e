"""Mail (issue 14): the outbox a use case writes to in its unit of work (``uow.outbox``), and the mailer
the delivery job sends through (console, file or SMTP adapter, per ``EDUTRACK_MAIL_BACKEND``)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from edutrack.core.entities.mail import OutgoingMail, QueuedMail


class Mailer(Protocol):
    async def send(self, mail: QueuedMail) -> None:
        """Deliver the mail or raise (any exception is a failed attempt, retried later)."""
        ...


class MailOutbox(Protocol):
    async def add(self, mail: OutgoingMail) -> int:
        """Queue the mail in the caller's transaction (status pending, due at once); its id."""
        ...

    async def claim(self, now: datetime, limit: int, retry_at: datetime) -> list[QueuedMail]:
        """Take up to ``limit`` pending mails due at ``now`` (oldest due first) for one attempt each: their
        ``attempts`` grow by one and ``next_attempt_at`` becomes ``retry_at``, so a claim that is never
        marked (the process died) is retried then, and a second claim meanwhile does not return them. On
        PostgreSQL the rows are selected ``FOR UPDATE SKIP LOCKED``: two claims in two concurrent
        transactions never return the same mail."""
        ...

    async def mark_sent(self, mail_id: int, at: datetime) -> bool:
        """The mail went out: status sent. False when it was not pending (already marked)."""
        ...

    async def mark_failed(self, mail_id: int, error: str, *, retry_at: datetime | None) -> bool:
        """The attempt failed: the error is kept; the mail stays pending until ``retry_at``, or becomes
        failed when it is None (given up). False when it was not pending."""
        ...
