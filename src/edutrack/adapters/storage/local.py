from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

_SAFE_FOLDER = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


class LocalMediaStorage:
    """Files on local disk under ``root`` (``EDUTRACK_MEDIA_DIR``), served by the app under ``/media/``."""

    def __init__(self, root: Path, url_prefix: str = "/media") -> None:
        self.root = root
        self._prefix = url_prefix.rstrip("/")

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("storage key escapes the media root")
        return path

    async def save(self, folder: str, extension: str, content: bytes) -> str:
        if not folder or set(folder) - _SAFE_FOLDER or not extension.isalnum():
            raise ValueError("unsafe folder or extension")
        key = f"{folder}/{secrets.token_hex(16)}.{extension}"
        path = self._path(key)

        def write() -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(path.suffix + ".part")
            tmp.write_bytes(content)
            tmp.replace(path)

        await asyncio.to_thread(write)
        return key

    async def delete(self, key: str) -> None:
        path = self._path(key)
        await asyncio.to_thread(path.unlink, missing_ok=True)

    def url_path(self, key: str) -> str:
        return f"{self._prefix}/{key}"
