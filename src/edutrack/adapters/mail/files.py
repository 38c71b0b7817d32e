"""The file mailer: each mail becomes ``<dir>/mail-<outbox id>.eml`` (written whole, then renamed into
place, so a reader never sees half a file; a mail sent again overwrites its own file)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from edutrack.adapters.mail import message_of
from edutrack.core.entities.mail import QueuedMail


class FileMailer:
    def __init__(self, directory: Path, sender: str) -> None:
        self._directory = directory
        self._sender = sender

    def path_of(self, mail_id: int) -> Path:
        return self._directory / f"mail-{mail_id}.eml"

    async def send(self, mail: QueuedMail) -> None:
        data = message_of(mail, self._sender).as_bytes()
        await asyncio.to_thread(self._write, self.path_of(mail.id), data)

    def _write(self, path: Path, data: bytes) -> None:
        self._directory.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".eml.part")
        partial.write_bytes(data)
        os.replace(partial, path)
