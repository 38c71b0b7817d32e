"""Private files (study materials): on local disk outside the public /media/ directory, or in memory.

Uploads are streamed: chunks go to a temporary file as they arrive and only the running size and the first
KiB (to check the type) stay in memory. Keys are generated (``materials/<hex>.pdf``), never user input.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import BinaryIO

from edutrack.core.errors import NotFound
from edutrack.ports.storage import StoredFile

HEAD_BYTES = 1024
READ_CHUNK = 64 * 1024
_SAFE_FOLDER = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


def new_key(folder: str, extension: str) -> str:
    if not folder or set(folder) - _SAFE_FOLDER or not extension.isalnum():
        raise ValueError("unsafe folder or extension")
    return f"{folder}/{secrets.token_hex(16)}.{extension}"


class StreamCounter:
    """Running size and the first bytes of a stream."""

    def __init__(self) -> None:
        self.size = 0
        self.head = b""

    def add(self, chunk: bytes) -> None:
        if len(self.head) < HEAD_BYTES:
            self.head += chunk[: HEAD_BYTES - len(self.head)]
        self.size += len(chunk)


class LocalPrivateFiles:
    """Files under ``root`` (``<media_dir>/private``), which no static route serves."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        root = self.root.resolve()
        path = (root / key).resolve()
        if root not in path.parents:
            raise ValueError("storage key escapes the private root")
        return path

    async def save_stream(
        self, folder: str, extension: str, chunks: AsyncIterator[bytes], max_bytes: int
    ) -> StoredFile:
        key = new_key(folder, extension)
        path = self._path(key)
        partial = path.with_suffix(path.suffix + ".part")

        def create() -> BinaryIO:
            path.parent.mkdir(parents=True, exist_ok=True)
            return partial.open("xb")

        handle = await asyncio.to_thread(create)
        counter = StreamCounter()
        try:
            async for chunk in chunks:
                if not chunk:
                    continue
                counter.add(chunk)
                if counter.size > max_bytes:
                    break
                await asyncio.to_thread(handle.write, chunk)
        except BaseException:
            await asyncio.to_thread(_discard, handle, partial)
            raise
        if counter.size > max_bytes:
            await asyncio.to_thread(_discard, handle, partial)
            return StoredFile(key="", size=counter.size, head=counter.head)

        def finish() -> None:
            handle.close()
            partial.replace(path)

        await asyncio.to_thread(finish)
        return StoredFile(key=key, size=counter.size, head=counter.head)

    async def open(self, key: str) -> AsyncIterator[bytes]:
        """Opens the file now (a missing file is NotFound before any byte is sent); the chunks are read
        in a thread as the caller iterates."""
        path = self._path(key)
        try:
            handle = await asyncio.to_thread(path.open, "rb")
        except FileNotFoundError:
            raise NotFound() from None
        return _read(handle)

    async def delete(self, key: str) -> None:
        if not key:
            return
        path = self._path(key)
        await asyncio.to_thread(path.unlink, missing_ok=True)


def _discard(handle: BinaryIO, path: Path) -> None:
    handle.close()
    path.unlink(missing_ok=True)


async def _read(handle: BinaryIO) -> AsyncIterator[bytes]:
    try:
        while chunk := await asyncio.to_thread(handle.read, READ_CHUNK):
            yield chunk
    finally:
        await asyncio.to_thread(handle.close)


class MemoryPrivateFiles:
    """Files in a dict, for unit tests: what was saved and deleted can be inspected."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    async def save_stream(
        self, folder: str, extension: str, chunks: AsyncIterator[bytes], max_bytes: int
    ) -> StoredFile:
        key = new_key(folder, extension)
        counter = StreamCounter()
        parts: list[bytes] = []
        async for chunk in chunks:
            counter.add(chunk)
            if counter.size > max_bytes:
                return StoredFile(key="", size=counter.size, head=counter.head)
            parts.append(chunk)
        self.files[key] = b"".join(parts)
        return StoredFile(key=key, size=counter.size, head=counter.head)

    async def open(self, key: str) -> AsyncIterator[bytes]:
        if key not in self.files:
            raise NotFound()
        content = self.files[key]

        async def chunks() -> AsyncIterator[bytes]:
            for start in range(0, len(content), READ_CHUNK):
                yield content[start : start + READ_CHUNK]

        return chunks()

    async def delete(self, key: str) -> None:
        self.files.pop(key, None)
