from __future__ import annotations

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.errors import (
    AccountDisabled,
    InvalidCredentials,
    InvalidRefreshToken,
    NotAuthenticated,
    PermissionDenied,
    Throttled,
    ValidationFailed,
)
from edutrack.core.use_cases.auth.authenticate import Authenticate
from edutrack.core.use_cases.auth.change_password import ChangePassword, PasswordChange
from edutrack.core.use_cases.auth.login import Login, LoginAttempt
from edutrack.core.use_cases.auth.logout import Logout
from edutrack.core.use_cases.auth.refresh import RefreshTokens
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from tests.support.people import PASSWORD, make_owner

pytestmark = pytest.mark.anyio


async def deactivate(container: Container, user_id: int) -> None:
    async with container.uow() as uow:
        user = await uow.users.get(user_id)
        assert user is not None
        user.is_active = False
        await uow.users.save(user)
        await uow.commit()


async def test_login_issues_tokens_that_authenticate(container: Container, clock: FrozenClock) -> None:
    owner = await make_owner(container)
    pair = await container.get(Login).execute(LoginAttempt("OWNER", PASSWORD, "1.2.3.4"))
    actor = await container.get(Authenticate).execute(pair.access)
    assert actor == Actor(user_id=owner.id, username="owner", role=Role.SITE_OWNER)  # type: ignore[arg-type]
    async with container.uow() as uow:
        stored = await uow.users.get(owner.id)  # type: ignore[arg-type]
    assert stored is not None and stored.last_login == clock.now()


async def test_wrong_password_and_unknown_user_fail_the_same_way(container: Container) -> None:
    await make_owner(container)
    with pytest.raises(InvalidCredentials) as wrong:
        await container.get(Login).execute(LoginAttempt("owner", "Wrong-pass-1", "1.2.3.4"))
    with pytest.raises(InvalidCredentials) as unknown:
        await container.get(Login).execute(LoginAttempt("nobody", "Wrong-pass-1", "1.2.3.4"))
    assert wrong.value.body() == unknown.value.body() == {"detail": "Invalid username or password."}


async def test_five_failures_throttle_even_the_right_password_until_the_window_passes(
    container: Container, clock: FrozenClock
) -> None:
    await make_owner(container)
    for _ in range(5):
        with pytest.raises(InvalidCredentials):
            await container.get(Login).execute(LoginAttempt("owner", "Wrong-pass-1", "1.2.3.4"))
    with pytest.raises(Throttled):
        await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "5.6.7.8"))
    clock.advance(minutes=16)
    pair = await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "5.6.7.8"))
    assert pair.access


async def test_fifty_failures_from_one_address_throttle_that_address(container: Container) -> None:
    await make_owner(container)
    for i in range(50):
        with pytest.raises(InvalidCredentials):
            await container.get(Login).execute(LoginAttempt(f"user{i}", "Wrong-pass-1", "9.9.9.9"))
    with pytest.raises(Throttled):
        await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "9.9.9.9"))
    assert (await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "8.8.8.8"))).access


async def test_a_success_clears_the_username_failures(container: Container) -> None:
    await make_owner(container)
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            await container.get(Login).execute(LoginAttempt("owner", "Wrong-pass-1", "1.2.3.4"))
    await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "1.2.3.4"))
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            await container.get(Login).execute(LoginAttempt("owner", "Wrong-pass-1", "1.2.3.4"))
    assert (await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "1.2.3.4"))).access


async def test_inactive_user_is_refused_only_with_the_right_password(container: Container) -> None:
    owner = await make_owner(container)
    await deactivate(container, owner.id)  # type: ignore[arg-type]
    with pytest.raises(AccountDisabled):
        await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "1.2.3.4"))
    with pytest.raises(InvalidCredentials):
        await container.get(Login).execute(LoginAttempt("owner", "Wrong-pass-1", "1.2.3.4"))


async def test_an_old_access_token_of_a_deactivated_user_is_refused(container: Container) -> None:
    owner = await make_owner(container)
    pair = await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "1.2.3.4"))
    await deactivate(container, owner.id)  # type: ignore[arg-type]
    with pytest.raises(AccountDisabled):
        await container.get(Authenticate).execute(pair.access)


async def test_garbage_and_expired_access_tokens_are_unauthenticated(
    container: Container, clock: FrozenClock
) -> None:
    await make_owner(container)
    pair = await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "1.2.3.4"))
    with pytest.raises(NotAuthenticated):
        await container.get(Authenticate).execute("not-a-jwt")
    with pytest.raises(NotAuthenticated):
        await container.get(Authenticate).execute(pair.refresh)  # a refresh token is not an access token
    clock.advance(minutes=16)
    with pytest.raises(NotAuthenticated):
        await container.get(Authenticate).execute(pair.access)


async def test_refresh_rotates_and_reuse_revokes_the_family(container: Container, clock: FrozenClock) -> None:
    await make_owner(container)
    first = await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "1.2.3.4"))
    second = await container.get(RefreshTokens).execute(first.refresh)
    assert second.refresh != first.refresh
    third = await container.get(RefreshTokens).execute(second.refresh)
    clock.advance(seconds=11)  # past the grace window (tests/unit/test_refresh_grace.py)
    with pytest.raises(InvalidRefreshToken):
        await container.get(RefreshTokens).execute(first.refresh)  # reuse: theft suspected
    with pytest.raises(InvalidRefreshToken):
        await container.get(RefreshTokens).execute(third.refresh)  # the whole family is revoked


async def test_reuse_revokes_only_its_own_family(container: Container, clock: FrozenClock) -> None:
    await make_owner(container)
    laptop = await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "1.2.3.4"))
    phone = await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "1.2.3.4"))
    await container.get(RefreshTokens).execute(laptop.refresh)
    clock.advance(seconds=11)  # past the grace window
    with pytest.raises(InvalidRefreshToken):
        await container.get(RefreshTokens).execute(laptop.refresh)
    assert (await container.get(RefreshTokens).execute(phone.refresh)).access


async def test_refresh_tokens_expire_and_die_with_logout(container: Container, clock: FrozenClock) -> None:
    await make_owner(container)
    pair = await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "1.2.3.4"))
    await container.get(Logout).execute(pair.refresh)
    with pytest.raises(InvalidRefreshToken):
        await container.get(RefreshTokens).execute(pair.refresh)
    other = await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "1.2.3.4"))
    clock.advance(days=8)
    with pytest.raises(InvalidRefreshToken):
        await container.get(RefreshTokens).execute(other.refresh)


async def test_refresh_refused_for_a_deactivated_user(container: Container) -> None:
    owner = await make_owner(container)
    pair = await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "1.2.3.4"))
    await deactivate(container, owner.id)  # type: ignore[arg-type]
    with pytest.raises(AccountDisabled):
        await container.get(RefreshTokens).execute(pair.refresh)


async def test_change_password_checks_the_old_one_and_logs_out_other_sessions(container: Container) -> None:
    owner = await make_owner(container)
    actor = owner.as_actor()
    here = await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "1.2.3.4"))
    elsewhere = await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "1.2.3.4"))
    with pytest.raises(ValidationFailed) as wrong:
        await container.get(ChangePassword).execute(actor, PasswordChange("Not-it-123", "New-pass-2026"))
    assert wrong.value.fields == {"old_password": ["Wrong password."]}
    with pytest.raises(ValidationFailed) as weak:
        await container.get(ChangePassword).execute(actor, PasswordChange(PASSWORD, "1234"))
    assert list(weak.value.fields) == ["new_password"]

    await container.get(ChangePassword).execute(
        actor, PasswordChange(PASSWORD, "New-pass-2026", here.refresh)
    )

    assert (await container.get(RefreshTokens).execute(here.refresh)).access
    with pytest.raises(InvalidRefreshToken):
        await container.get(RefreshTokens).execute(elsewhere.refresh)
    with pytest.raises(InvalidCredentials):
        await container.get(Login).execute(LoginAttempt("owner", PASSWORD, "1.2.3.4"))
    assert (await container.get(Login).execute(LoginAttempt("owner", "New-pass-2026", "1.2.3.4"))).access


async def test_create_site_owner_keeps_usernames_and_emails_unique(container: Container) -> None:
    await make_owner(container, "owner", gmail="Owner@Example.com")
    with pytest.raises(ValidationFailed) as same_name:
        await make_owner(container, "OWNER")
    assert same_name.value.fields == {"username": ["Username already exists."]}
    with pytest.raises(ValidationFailed) as same_mail:
        await make_owner(container, "other", gmail="owner@example.COM")
    assert same_mail.value.fields == {"gmail": ["This email is already associated with an account."]}


async def test_only_a_site_owner_creates_site_owners(container: Container) -> None:
    teacher = Actor(user_id=99, username="t", role=Role.TEACHER)
    with pytest.raises(PermissionDenied):
        await container.get(CreateSiteOwner).execute(teacher, NewSiteOwner("x", PASSWORD))


async def test_a_failed_use_case_writes_nothing(container: Container) -> None:
    with pytest.raises(ValidationFailed):
        await container.get(CreateSiteOwner).execute(SYSTEM, NewSiteOwner("owner", "123"))
    async with container.uow() as uow:
        assert not await uow.users.username_taken("owner")
