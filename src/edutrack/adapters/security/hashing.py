from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from argon2 import PasswordHasher as _Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

T = TypeVar("T")

# Hashes computed at once per worker process. Each argon2id computation holds its memory cost (64 MiB
# by default) while it runs, so a burst of logins must queue rather than run side by side: memory stays
# flat and the other requests keep their share of the CPU. A bounded pool of threads is the semaphore:
# it caps concurrency, keeps the event loop free, and (unlike an asyncio.Semaphore) is tied to no loop.
HASH_CONCURRENCY = 2

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _hash_pool() -> ThreadPoolExecutor:
    """The process's pool, made on first use (so in each server worker after it has started)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=HASH_CONCURRENCY, thread_name_prefix="argon2")
        return _pool


async def _off_loop(work: Callable[[], T]) -> T:
    return await asyncio.get_running_loop().run_in_executor(_hash_pool(), work)


class Argon2Hasher:
    """argon2id. Hashing takes ~0.1 s with the default profile, so it runs in a bounded pool of threads:
    at most ``HASH_CONCURRENCY`` at once per process, the rest wait their turn off the event loop."""

    def __init__(self, *, fast: bool = False) -> None:
        # The fast profile is for tests only (settings refuse it in production).
        self._hasher = _Argon2(time_cost=1, memory_cost=8, parallelism=1) if fast else _Argon2()
        # Verified instead of a missing user's hash, so an unknown username costs the same time. Made by
        # the process's first verification, whoever it is for (so that one costs double, unknown user or
        # not): made at start-up it cost each worker argon2's 64 MiB before it served anything (issue 16).
        self._dummy_hash: str | None = None

    def _dummy(self) -> str:
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash("edutrack-no-such-user")
        return self._dummy_hash

    async def hash(self, password: str) -> str:
        return await _off_loop(lambda: self._hasher.hash(password))

    async def verify(self, password_hash: str | None, password: str) -> bool:
        def _verify() -> bool:
            dummy = self._dummy()
            try:
                if password_hash is None:
                    self._hasher.verify(dummy, password)
                    return False
                return self._hasher.verify(password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return False

        return await _off_loop(_verify)
