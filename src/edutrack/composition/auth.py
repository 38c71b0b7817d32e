"""Accounts and authentication: login, tokens, logout, passwords, ``/accounts/me/``, site owners."""

from __future__ import annotations

from datetime import timedelta

from edutrack.adapters.memory.auth_reader import MemoryAccountReader
from edutrack.adapters.sql.readers.auth import SqlAccountReader
from edutrack.composition.container import Container
from edutrack.core.use_cases.auth.authenticate import Authenticate
from edutrack.core.use_cases.auth.change_password import ChangePassword
from edutrack.core.use_cases.auth.get_me import GetMe
from edutrack.core.use_cases.auth.login import Login
from edutrack.core.use_cases.auth.logout import Logout
from edutrack.core.use_cases.auth.purge_throttles import PurgeThrottleCounters
from edutrack.core.use_cases.auth.refresh import RefreshTokens
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner
from edutrack.ports.assistants import AssistantReader
from edutrack.ports.auth import AccountReader
from edutrack.ports.students import StudentReader
from edutrack.ports.teachers import TeacherReader

PURGE_THROTTLES = "auth.purge_throttle_counters"


async def purge_throttles(c: Container) -> int:
    """The hourly job: forget login and code-guess counters older than a day (idempotent)."""
    return await c.get(PurgeThrottleCounters).execute()


def wire(c: Container) -> None:
    c.component(AccountReader, lambda c: c.pick(MemoryAccountReader, SqlAccountReader))
    c.use_case(
        Login,
        lambda c: Login(c.uow(), c.hasher, c.codec, c.clock, c.token_policy, c.get(AccountReader)),
    )
    c.use_case(
        RefreshTokens,
        lambda c: RefreshTokens(c.uow(), c.codec, c.clock, c.token_policy, c.get(AccountReader)),
    )
    c.use_case(Logout, lambda c: Logout(c.uow(), c.codec, c.clock))
    c.use_case(ChangePassword, lambda c: ChangePassword(c.uow(), c.hasher, c.codec, c.clock))
    c.use_case(Authenticate, lambda c: Authenticate(c.get(AccountReader), c.codec, c.clock))
    c.use_case(
        GetMe,
        lambda c: GetMe(
            c.get(AccountReader), c.get(TeacherReader), c.get(AssistantReader), c.get(StudentReader)
        ),
    )
    c.use_case(CreateSiteOwner, lambda c: CreateSiteOwner(c.uow(), c.hasher, c.clock))
    c.use_case(PurgeThrottleCounters, lambda c: PurgeThrottleCounters(c.uow(), c.clock))
    c.job(PURGE_THROTTLES, purge_throttles, every=timedelta(hours=1))
