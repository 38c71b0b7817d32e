"""Mail (issue 14): a message a use case wants sent, and the outbox row that carries it until it is.

A use case never sends mail itself: it adds an ``OutgoingMail`` to the outbox in its own transaction, so
the mail exists exactly when the change does; the ``mail.deliver`` job sends it afterwards
(``core/use_cases/mail/deliver_mail.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class MailStatus(StrEnum):
    PENDING = "pending"  # waiting for its (next) attempt
    SENT = "sent"
    FAILED = "failed"  # given up after the last attempt


@dataclass(frozen=True, slots=True)
class OutgoingMail:
    """A plain-text mail to one address."""

    to: str
    subject: str
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class QueuedMail:
    """An outbox row claimed for an attempt: ``attempts`` counts this one."""

    id: int
    to: str
    subject: str
    body: str
    attempts: int
