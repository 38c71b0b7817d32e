"""Password hashing under a burst: bounded concurrency per process, off the event loop (issue 11)."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from edutrack.adapters.security import hashing
from edutrack.adapters.security.hashing import Argon2Hasher

pytestmark = pytest.mark.anyio


class SlowArgon2:
    """Stands in for argon2: records how many run at once and on which threads."""

    def __init__(self) -> None:
        self.running = 0
        self.peak = 0
        self.threads: set[int] = set()
        self._lock = threading.Lock()

    def hash(self, _password: str) -> str:  # the dummy hash, made by the first verification
        return "dummy"

    def verify(self, _hash: str, _password: str) -> bool:
        with self._lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
            self.threads.add(threading.get_ident())
        time.sleep(0.02)
        with self._lock:
            self.running -= 1
        return True


async def test_a_burst_of_checks_runs_bounded_and_off_the_loop() -> None:
    hasher = Argon2Hasher(fast=True)
    slow = SlowArgon2()
    hasher._hasher = slow  # type: ignore[assignment]
    ticks = 0

    async def heartbeat() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    beat = asyncio.create_task(heartbeat())
    results = await asyncio.gather(*(hasher.verify("stored", "guess") for _ in range(30)))
    beat.cancel()
    assert all(results)
    assert 1 <= slow.peak <= min(getattr(hashing, "HASH_CONCURRENCY", 4), 4)
    assert threading.get_ident() not in slow.threads
    assert ticks >= 10  # the loop kept running while the hashes did


async def test_the_dummy_hash_is_made_by_the_first_check_not_at_start_up() -> None:
    """An unknown user's check verifies a dummy hash (same cost as a real one); it is made lazily, so a
    worker does not spend argon2's 64 MiB before it serves anything."""
    hasher = Argon2Hasher(fast=True)
    assert hasher._dummy_hash is None
    stored = await hasher.hash("right-password")
    assert await hasher.verify(stored, "right-password")
    dummy = hasher._dummy_hash
    assert dummy is not None
    assert not await hasher.verify(None, "right-password")
    assert hasher._dummy_hash == dummy
