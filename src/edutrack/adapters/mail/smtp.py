"""The SMTP mailer (standard library ``smtplib``, in a thread): one connection per mail, STARTTLS and login
as configured. Any error (refused, timeout, rejected recipient) raises: the delivery job retries."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass

from edutrack.adapters.mail import message_of
from edutrack.core.entities.mail import QueuedMail


@dataclass(frozen=True, slots=True)
class SmtpOptions:
    host: str
    port: int
    username: str = ""
    password: str = ""
    starttls: bool = True
    timeout: float = 20.0


class SmtpMailer:
    def __init__(self, options: SmtpOptions, sender: str) -> None:
        self._options = options
        self._sender = sender

    async def send(self, mail: QueuedMail) -> None:
        await asyncio.to_thread(self._send, mail)

    def _send(self, mail: QueuedMail) -> None:
        options = self._options
        with smtplib.SMTP(options.host, options.port, timeout=options.timeout) as client:
            if options.starttls:
                client.starttls(context=ssl.create_default_context())
            if options.username:
                client.login(options.username, options.password)
            client.send_message(message_of(mail, self._sender))
