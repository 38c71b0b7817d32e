from __future__ import annotations

import secrets


class MemoryMediaStorage:
    """Files in a dict, for unit tests: what was saved and deleted can be inspected."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    async def save(self, folder: str, extension: str, content: bytes) -> str:
        key = f"{folder}/{secrets.token_hex(16)}.{extension}"
        self.files[key] = content
        return key

    async def delete(self, key: str) -> None:
        self.files.pop(key, None)

    def url_path(self, key: str) -> str:
        return f"/media/{key}"
