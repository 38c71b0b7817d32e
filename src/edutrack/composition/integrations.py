"""Integrations: OAuth2 clients and tokens, the audit trail, the Appsembler accounts and analytics."""

from __future__ import annotations

from edutrack.adapters.memory.integrations import MemoryAnalyticsReader, MemoryIntegrationReader
from edutrack.adapters.sql.readers.analytics import SqlAnalyticsReader
from edutrack.adapters.sql.readers.integrations import SqlIntegrationReader
from edutrack.composition.container import Container
from edutrack.core.use_cases.integrations.accounts import CreateIntegrationAccount, GetIntegrationUser
from edutrack.core.use_cases.integrations.analytics import AccountsBatch, EnrollmentsBatch
from edutrack.core.use_cases.integrations.audit import ListIntegrationAudit
from edutrack.core.use_cases.integrations.clients import (
    CreateOAuthClient,
    ListOAuthClients,
    RevokeOAuthClient,
)
from edutrack.core.use_cases.integrations.tokens import AuthenticateClient, IssueAccessToken
from edutrack.ports.integrations import AnalyticsReader, IntegrationReader


def wire(c: Container) -> None:
    c.component(IntegrationReader, lambda c: c.pick(MemoryIntegrationReader, SqlIntegrationReader))
    c.component(AnalyticsReader, lambda c: c.pick(MemoryAnalyticsReader, SqlAnalyticsReader))
    reader = lambda c: c.get(IntegrationReader)  # noqa: E731
    analytics = lambda c: c.get(AnalyticsReader)  # noqa: E731
    c.use_case(CreateOAuthClient, lambda c: CreateOAuthClient(c.uow(), c.clock))
    c.use_case(ListOAuthClients, lambda c: ListOAuthClients(reader(c)), replica=True)
    c.use_case(RevokeOAuthClient, lambda c: RevokeOAuthClient(c.uow(), c.clock))
    c.use_case(IssueAccessToken, lambda c: IssueAccessToken(c.uow(), c.clock))
    c.use_case(AuthenticateClient, lambda c: AuthenticateClient(reader(c), c.clock))
    c.use_case(ListIntegrationAudit, lambda c: ListIntegrationAudit(reader(c)), replica=True)
    c.use_case(CreateIntegrationAccount, lambda c: CreateIntegrationAccount(c.uow(), c.hasher, c.clock))
    c.use_case(GetIntegrationUser, lambda c: GetIntegrationUser(c.uow()))
    c.use_case(AccountsBatch, lambda c: AccountsBatch(analytics(c), c.settings.zone), replica=True)
    c.use_case(EnrollmentsBatch, lambda c: EnrollmentsBatch(analytics(c), c.settings.zone), replica=True)
