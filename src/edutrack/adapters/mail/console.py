"""The development mailer: each mail is written to the log (one line, with its body)."""

from __future__ import annotations

import logging

from edutrack.adapters.mail import message_of
from edutrack.core.entities.mail import QueuedMail

log = logging.getLogger("edutrack.mail")


class ConsoleMailer:
    def __init__(self, sender: str) -> None:
        self._sender = sender

    async def send(self, mail: QueuedMail) -> None:
        message = message_of(mail, self._sender)
        log.info("mail %s to %s: %s\n%s", mail.id, mail.to, mail.subject, message.get_content())
