from __future__ import annotations

import asyncio

from argon2 import PasswordHasher as _Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2Hasher:
    """argon2id. Hashing takes ~0.1 s with the default profile, so it runs in a worker thread."""

    def __init__(self, *, fast: bool = False) -> None:
        # The fast profile is for tests only (settings refuse it in production).
        self._hasher = _Argon2(time_cost=1, memory_cost=8, parallelism=1) if fast else _Argon2()
        self._dummy_hash = self._hasher.hash("edutrack-no-such-user")

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        def _verify() -> bool:
            try:
                if password_hash is None:
                    self._hasher.verify(self._dummy_hash, password)
                    return False
                return self._hasher.verify(password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return False

        return await asyncio.to_thread(_verify)
