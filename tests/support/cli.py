"""Running the ``edutrack`` command in-process: the use cases the CLI tests seed and inspect with, in a
container of their own (``main()`` starts its own event loops, so these tests are synchronous). The
``cli_env`` and ``migrated`` fixtures (a fresh SQLite file, migrated) are in tests/integration/conftest.py."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from edutrack.composition import Container, build_container
from edutrack.settings import Settings

T = TypeVar("T")


def with_container(work: Callable[[Container], Awaitable[T]]) -> T:
    """Run ``work`` with a container built from the environment the CLI sees, then dispose of it."""

    async def run() -> T:
        container = build_container(Settings.from_env())
        try:
            return await work(container)
        finally:
            await container.dispose()

    return asyncio.run(run())
