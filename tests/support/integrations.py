"""Test builders for the Appsembler-compatible API (issue #14).

Use ``await integration_headers(container)`` -> ``{"Authorization": "Bearer <token>"}`` for an OAuth2 client
created through the use cases (no HTTP round trip); ``await integration_client(container)`` when the test
also needs the client's credentials or primary key (``IntegrationClient.headers``, ``.pk``, ``.client_id``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM
from edutrack.core.use_cases.integrations.clients import CreateOAuthClient, NewClient
from edutrack.core.use_cases.integrations.tokens import GRANT, IssueAccessToken, TokenRequest


@dataclass(frozen=True, slots=True)
class IntegrationClient:
    pk: int
    client_id: str
    client_secret: str
    name: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def integration_client(container: Container, name: str | None = None) -> IntegrationClient:
    created = await container.get(CreateOAuthClient).execute(
        SYSTEM, NewClient(name=name or f"partner-{uuid.uuid4().hex[:6]}")
    )
    issued = await container.get(IssueAccessToken).execute(
        TokenRequest(grant_type=GRANT, client_id=created.client_id, client_secret=created.client_secret)
    )
    return IntegrationClient(
        pk=created.id,
        client_id=created.client_id,
        client_secret=created.client_secret,
        name=created.name,
        token=issued.access_token,
    )


async def integration_headers(container: Container, name: str | None = None) -> dict[str, str]:
    """A bearer header of a fresh OAuth2 client: opens every ``opt={"integration": True}`` route."""
    return (await integration_client(container, name)).headers
