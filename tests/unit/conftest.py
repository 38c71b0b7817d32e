from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.composition import Container, build_container
from edutrack.core.actor import SYSTEM, Actor
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from edutrack.settings import Settings
from tests.support.students import Ref, build_ref

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


@pytest.fixture
async def owner(container: Container) -> Actor:
    user = await container.get(CreateSiteOwner).execute(SYSTEM, NewSiteOwner("owner", "Owner-pass-1"))
    return user.as_actor()


@pytest.fixture
async def ref(container: Container, owner: Actor) -> Ref:
    """The reference items a student registration points at."""
    return await build_ref(container, owner)
