from __future__ import annotations

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
        """The server-relative path that serves the file (``/media/<key>``)."""
        ...
