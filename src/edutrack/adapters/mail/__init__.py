"""Mailers (``ports.mail.Mailer``), chosen by ``EDUTRACK_MAIL_BACKEND``: ``console`` (log each mail, the
default), ``file`` (one ``.eml`` file per mail) and ``smtp``. All build the same message."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

from edutrack.core.entities.mail import QueuedMail


def message_of(mail: QueuedMail, sender: str) -> EmailMessage:
    """The RFC 5322 message for ``mail``; its Message-ID names the outbox row, so a mail sent twice (a
    crash between sending and marking) can be recognised by the receiving side."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(idstring=f"outbox-{mail.id}", domain="edutrack")
    message.set_content(mail.body)
    return message
