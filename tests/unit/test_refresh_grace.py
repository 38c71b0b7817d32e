"""The refresh grace window over the memory fakes (clock-controlled, no sleeping): a refresh token
presented again shortly after its rotation gets the same successor; later it is reuse."""

from __future__ import annotations

import asyncio

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.composition import Container
from edutrack.core.errors import InvalidRefreshToken
from edutrack.core.policies.refresh import REFRESH_GRACE
from edutrack.core.use_cases.auth.login import Login, LoginAttempt
from edutrack.core.use_cases.auth.logout import Logout
from edutrack.core.use_cases.auth.refresh import RefreshTokens
from tests.support.people import PASSWORD, make_owner

pytestmark = pytest.mark.anyio


async def login(container: Container) -> str:
    await make_owner(container)
    return (await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "1.2.3.4"))).refresh


def test_the_grace_window_is_at_most_ten_seconds() -> None:
    assert 0 < REFRESH_GRACE.total_seconds() <= 10


async def test_within_the_window_the_same_successor_and_nothing_revoked(
    container: Container, clock: FrozenClock
) -> None:
    refresh = container.get(RefreshTokens)
    first = await login(container)
    winner = await refresh.execute(first)
    clock.advance(seconds=REFRESH_GRACE.total_seconds() - 1)
    again = await refresh.execute(first)
    assert again.refresh == winner.refresh
    assert again.access
    assert (await refresh.execute(winner.refresh)).refresh != winner.refresh  # the successor still works


async def test_after_the_window_it_is_reuse_and_the_family_is_revoked(
    container: Container, clock: FrozenClock
) -> None:
    refresh = container.get(RefreshTokens)
    first = await login(container)
    winner = await refresh.execute(first)
    clock.advance(seconds=REFRESH_GRACE.total_seconds() + 1)
    with pytest.raises(InvalidRefreshToken) as info:
        await refresh.execute(first)
    assert info.value.body() == {"error": "Invalid or expired refresh token"}
    with pytest.raises(InvalidRefreshToken):
        await refresh.execute(winner.refresh)  # the whole family is revoked


async def test_parallel_refreshes_all_get_the_same_working_successor(container: Container) -> None:
    refresh = container.get(RefreshTokens)
    first = await login(container)
    pairs = await asyncio.gather(*(refresh.execute(first) for _ in range(20)))
    assert len({pair.refresh for pair in pairs}) == 1
    assert (await refresh.execute(pairs[0].refresh)).access


async def test_a_revoked_family_gets_no_grace(container: Container) -> None:
    refresh = container.get(RefreshTokens)
    first = await login(container)
    winner = await refresh.execute(first)
    await container.get(Logout).execute(winner.refresh)
    with pytest.raises(InvalidRefreshToken):
        await refresh.execute(first)
