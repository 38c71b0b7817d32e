from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.composition import Container, build_container
from edutrack.settings import Settings

pytestmark = pytest.mark.anyio


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def settings() -> Settings:
    return Settings(environment="test", password_hashing="fast")


@pytest.fixture
async def container(settings: Settings, clock: FrozenClock) -> AsyncIterator[Container]:
    """The in-memory fakes: real state and real transactions, no database."""
    container = build_container(settings, backend="memory", clock=clock)
    yield container
    await container.dispose()
