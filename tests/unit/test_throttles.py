"""Atomic throttles over the memory fakes (clock-controlled): each attempt is counted by one atomic
``hit`` before the password or code is checked, so a burst gets at most the limit's number of checks."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.composition import Container
from edutrack.core.actor import Actor, Role
from edutrack.core.errors import InvalidCredentials, NotFound, Throttled
from edutrack.core.use_cases.auth.login import Login, LoginAttempt
from edutrack.core.use_cases.wallets.redeem_code import RedeemCode, RedeemCommand
from edutrack.ports.security import PasswordHasher
from tests.support.money import make_money
from tests.support.people import PASSWORD, make_owner

pytestmark = pytest.mark.anyio

WINDOW = timedelta(minutes=15)


class CountingHasher:
    """The real hasher, counting the password checks and yielding so concurrent calls interleave."""

    def __init__(self, inner: PasswordHasher) -> None:
        self._inner = inner
        self.checks = 0

    async def hash(self, password: str) -> str:
        return await self._inner.hash(password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        self.checks += 1
        await asyncio.sleep(0.01)
        return await self._inner.verify(password_hash, password)


async def outcomes(calls: list) -> list[BaseException | object]:
    return await asyncio.gather(*calls, return_exceptions=True)


def throttled(results: list[BaseException | object]) -> int:
    return sum(isinstance(r, Throttled) for r in results)


# --- the counter fake ----------------------------------------------------------------------------------


async def test_hit_counts_within_a_window_and_starts_again_after_it(
    container: Container, clock: FrozenClock
) -> None:
    async with container.uow() as uow:
        assert [await uow.attempts.hit("login:username", "amr", WINDOW, clock.now()) for _ in range(3)] == [
            1,
            2,
            3,
        ]
        assert await uow.attempts.hit("login:username", "other", WINDOW, clock.now()) == 1
        assert await uow.attempts.hit("login:address", "amr", WINDOW, clock.now()) == 1
        await uow.commit()
    clock.advance(minutes=14, seconds=59)
    async with container.uow() as uow:
        assert await uow.attempts.hit("login:username", "amr", WINDOW, clock.now()) == 4
    clock.advance(seconds=2)  # the window that began with the first hit has passed
    async with container.uow() as uow:
        assert await uow.attempts.hit("login:username", "amr", WINDOW, clock.now()) == 1


async def test_forgive_takes_back_one_hit_and_reset_only_an_unchanged_count(
    container: Container, clock: FrozenClock
) -> None:
    now = clock.now()
    async with container.uow() as uow:
        for _ in range(3):
            await uow.attempts.hit("s", "k", WINDOW, now)
        await uow.attempts.forgive("s", "k")
        assert await uow.attempts.hit("s", "k", WINDOW, now) == 3
        await uow.attempts.reset("s", "k", seen=2)  # another attempt was counted since: kept
        assert await uow.attempts.hit("s", "k", WINDOW, now) == 4
        await uow.attempts.reset("s", "k", seen=4)
        assert await uow.attempts.hit("s", "k", WINDOW, now) == 1


# --- bursts through the use cases ----------------------------------------------------------------------


async def test_a_burst_of_wrong_passwords_gets_at_most_five_checks(container: Container) -> None:
    await make_owner(container)
    hasher = CountingHasher(container.hasher)
    login = replace(container, hasher=hasher).get(Login)
    results = await outcomes(
        [login.execute(LoginAttempt("owner", "Wrong-pass-1", "1.2.3.4")) for _ in range(30)]
    )
    assert sum(isinstance(r, InvalidCredentials) for r in results) == 5
    assert throttled(results) == 25
    assert hasher.checks == 5


async def test_the_right_password_in_a_burst_is_checked_only_within_the_limit(container: Container) -> None:
    await make_owner(container)
    hasher = CountingHasher(container.hasher)
    login = replace(container, hasher=hasher).get(Login)
    attempts = [LoginAttempt("owner", "Wrong-pass-1", "1.2.3.4") for _ in range(29)]
    attempts.insert(15, LoginAttempt("owner", PASSWORD, "1.2.3.4"))
    results = await outcomes([login.execute(a) for a in attempts])
    assert isinstance(results[15], Throttled)  # the first five attempts used the limit up
    assert throttled(results) == 25 and hasher.checks == 5
    with pytest.raises(Throttled):  # and it still holds for the right password afterwards
        await login.execute(LoginAttempt("owner", PASSWORD, "5.6.7.8"))


async def test_a_burst_of_unknown_usernames_from_one_address_gets_at_most_fifty_checks(
    container: Container,
) -> None:
    hasher = CountingHasher(container.hasher)
    login = replace(container, hasher=hasher).get(Login)
    results = await outcomes(
        [login.execute(LoginAttempt(f"nobody{n}", "Wrong-pass-1", "9.9.9.9")) for n in range(60)]
    )
    assert throttled(results) == 10 and hasher.checks == 50


async def test_successful_logins_do_not_use_up_the_address_limit(container: Container) -> None:
    await make_owner(container)
    login = container.get(Login)
    for _ in range(60):  # a school behind one address
        assert (await login.execute(LoginAttempt("owner", PASSWORD, "9.9.9.9"))).access


async def test_a_burst_of_random_codes_gets_at_most_ten_lookups(container: Container) -> None:
    money = await make_money(container)
    actor = Actor(money.student.user_id, money.student.username, Role.STUDENT, student_id=money.student.id)
    redeem = container.get(RedeemCode)
    results = await outcomes(
        [redeem.execute(actor, RedeemCommand(f"AAAA-AAAA-AAAA-{n:04d}", "198.51.100.1")) for n in range(30)]
    )
    assert sum(isinstance(r, NotFound) for r in results) == 10
    assert throttled(results) == 20


async def test_the_hourly_job_forgets_counters_older_than_a_day(
    container: Container, clock: FrozenClock
) -> None:
    from edutrack.core.policies.throttling import LOGIN_PER_ADDRESS, LOGIN_PER_USERNAME
    from edutrack.core.use_cases.auth.purge_throttles import STALE_AFTER, PurgeThrottleCounters
    from edutrack.core.use_cases.wallets.redeem_code import REDEEM_PER_ADDRESS, REDEEM_PER_STUDENT

    limits = (LOGIN_PER_USERNAME, LOGIN_PER_ADDRESS, REDEEM_PER_STUDENT, REDEEM_PER_ADDRESS)
    assert all(limit.window < STALE_AFTER for limit in limits)  # a live window is never purged
    async with container.uow() as uow:
        await uow.attempts.hit("login:username", "amr", WINDOW, clock.now())
        await uow.commit()
    clock.advance(hours=23)
    async with container.uow() as uow:
        await uow.attempts.hit("login:username", "mona", WINDOW, clock.now())
        await uow.commit()
    purge = container.get(PurgeThrottleCounters)
    assert await purge.execute() == 0
    clock.advance(hours=1, seconds=1)
    assert await purge.execute() == 1  # amr's, a day old; mona's stays
    async with container.uow() as uow:
        assert await uow.attempts.hit("login:username", "mona", WINDOW, clock.now()) == 1  # its window ended
    assert ("auth.purge_throttle_counters", timedelta(hours=1)) in [
        (j.name, j.every) for j in container.jobs()
    ]
