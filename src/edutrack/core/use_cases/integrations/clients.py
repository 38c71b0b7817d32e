"""OAuth2 clients, managed by the operator at the command line (site owner)."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor
from edutrack.core.entities.integrations import OAuthClient
from edutrack.core.errors import NotFound, PermissionDenied, ValidationFailed
from edutrack.core.messages import BLANK
from edutrack.core.policies.oauth import digest, new_client_id, new_secret
from edutrack.ports.clock import Clock
from edutrack.ports.integrations import ClientRow, IntegrationReader
from edutrack.ports.uow import UnitOfWork

NAME_MAX = 200
NO_SUCH_CLIENT = "No active client with this client_id."


@dataclass(frozen=True, slots=True)
class NewClient:
    name: str


@dataclass(frozen=True, slots=True)
class ClientCredentials:
    """Shown once: only the secret's digest is stored."""

    client_id: str
    client_secret: str
    name: str
    id: int


def _require_owner(actor: Actor) -> None:
    if not actor.is_site_owner:
        raise PermissionDenied()


class CreateOAuthClient:
    """The site owner (the CLI): register a partner system. Guarantees: a fresh random client id and a
    256-bit secret; the secret is returned here once and stored only as its SHA-256 digest."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, actor: Actor, command: NewClient) -> ClientCredentials:
        _require_owner(actor)
        name = command.name.strip()
        if not name:
            raise ValidationFailed.field("name", BLANK)
        if len(name) > NAME_MAX:
            raise ValidationFailed.field("name", f"Ensure this field has no more than {NAME_MAX} characters.")
        client_id, secret = new_client_id(), new_secret()
        async with self._uow as uow:
            pk = await uow.oauth_clients.add(
                OAuthClient(
                    client_id=client_id, secret_hash=digest(secret), name=name, created_at=self._clock.now()
                )
            )
            await uow.commit()
        return ClientCredentials(client_id=client_id, client_secret=secret, name=name, id=pk)


class ListOAuthClients:
    """The site owner (the CLI): every client, active or revoked, oldest first (never the secrets)."""

    def __init__(self, reader: IntegrationReader) -> None:
        self._reader = reader

    async def execute(self, actor: Actor) -> list[ClientRow]:
        _require_owner(actor)
        return await self._reader.clients()


class RevokeOAuthClient:
    """The site owner (the CLI): revoke a client. Guarantees: in one transaction the client becomes
    inactive and its tokens are deleted, so every token it holds fails on the next request; a revoked or
    unknown client is NotFound."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, actor: Actor, client_id: str) -> None:
        _require_owner(actor)
        async with self._uow as uow:
            if not await uow.oauth_clients.revoke(client_id.strip(), self._clock.now()):
                raise NotFound(NO_SUCH_CLIENT)
            await uow.commit()
