from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol


class MediaStorage(Protocol):
    """Where uploaded files live. Keys are generated names (``teachers/3f2a….png``), never user input."""

    async def save(self, folder: str, extension: str, content: bytes) -> str:
        """Store the bytes under a new generated name in ``folder``; return its key."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the file; a missing file is not an error."""
        ...

    def url_path(self, key: str) -> str:
        """The server-relative path that serves the file (``/media/<key>``), or an absolute URL when the
        files are served from elsewhere (an object store's public URL)."""
        ...


class PrivateFiles(Protocol):
    """Files only some users may read (study materials). Never served by the public /media/ route."""

    async def save_stream(
        self, folder: str, extension: str, chunks: AsyncIterator[bytes], max_bytes: int
    ) -> StoredFile:
        """Write the chunks under a new generated key, never holding the whole file in memory. Stops
        writing after ``max_bytes + 1`` bytes (the file is then too large: ``size > max_bytes`` and the
        partial file is removed, ``key`` is empty)."""
        ...

    async def open(self, key: str) -> AsyncIterator[bytes]:
        """The stored bytes, in chunks."""
        ...

    async def delete(self, key: str) -> None: ...


class FileLinks(Protocol):
    """Private files a client may fetch straight from the store, by a short-lived signed URL (an object
    store in ``EDUTRACK_S3_DOWNLOADS=redirect`` mode). Whoever asks has already been authorised."""

    async def signed_url(self, key: str) -> str:
        """A URL that serves the file without credentials until it expires; NotFound if the file is
        missing (checked now, so a client never follows a link to nothing)."""
        ...


@dataclass(frozen=True, slots=True)
class StoredFile:
    key: str
    size: int
    head: bytes
    """The first bytes (at least 1 KiB when the file is that long): enough to check the file's type."""
