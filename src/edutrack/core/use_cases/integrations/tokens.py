"""OAuth2 client-credentials tokens (RFC 6749 §4.4) and the check of every Appsembler request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from edutrack.core.actor import Actor, Role
from edutrack.core.entities.integrations import TOKEN_LIFETIME_SECONDS, OAuthToken
from edutrack.core.errors import NotAuthenticated, RuleViolation
from edutrack.core.policies.oauth import digest, new_secret, same_secret
from edutrack.ports.clock import Clock
from edutrack.ports.integrations import IntegrationReader
from edutrack.ports.uow import UnitOfWork

GRANT = "client_credentials"
SCOPE = "read write"
INVALID_TOKEN = "Invalid Token."


class InvalidRequest(RuleViolation):
    """RFC 6749 §5.2: a parameter is missing (400)."""

    key = "error"
    default_message = "invalid_request"


class UnsupportedGrantType(RuleViolation):
    key = "error"
    default_message = "unsupported_grant_type"


class InvalidClient(NotAuthenticated):
    """RFC 6749 §5.2: unknown client, wrong secret or revoked client (401)."""

    key = "error"
    default_message = "invalid_client"


@dataclass(frozen=True, slots=True)
class TokenRequest:
    grant_type: str | None
    client_id: str | None
    client_secret: str | None


@dataclass(frozen=True, slots=True)
class IssuedToken:
    access_token: str
    expires_in: int
    token_type: str = "Bearer"
    scope: str = SCOPE


class IssueAccessToken:
    """Anyone holding client credentials (public endpoint). Guarantees: a missing parameter is
    ``invalid_request``, another grant type ``unsupported_grant_type``, an unknown, revoked or wrongly
    authenticated client ``invalid_client`` (the same answer for each, the secret compared in constant
    time) and nothing is written then; otherwise a new 256-bit token valid for ``expires_in`` seconds is
    stored as its SHA-256 digest (the client's expired tokens are swept in the same transaction)."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, request: TokenRequest) -> IssuedToken:
        if not request.grant_type:
            raise InvalidRequest()
        if request.grant_type != GRANT:
            raise UnsupportedGrantType()
        if not request.client_id or not request.client_secret:
            raise InvalidRequest()
        now = self._clock.now()
        token = new_secret()
        async with self._uow as uow:
            client = await uow.oauth_clients.by_client_id(request.client_id)
            valid = client is not None and same_secret(request.client_secret, client.secret_hash)
            if client is None or client.id is None or not valid or not client.is_active:
                raise InvalidClient()
            await uow.oauth_tokens.delete_expired(client.id, now)
            await uow.oauth_tokens.add(
                OAuthToken(
                    token_hash=digest(token),
                    client_pk=client.id,
                    created_at=now,
                    expires_at=now + timedelta(seconds=TOKEN_LIFETIME_SECONDS),
                )
            )
            await uow.commit()
        return IssuedToken(access_token=token, expires_in=TOKEN_LIFETIME_SECONDS)


class AuthenticateClient:
    """Every request to an integration route (the middleware). Guarantees: the token's digest is looked
    up with the client on every request (one statement), so an expired token or a revoked client's token
    is refused at once: 401 ``{"detail": "Invalid Token."}``."""

    def __init__(self, reader: IntegrationReader, clock: Clock) -> None:
        self._reader = reader
        self._clock = clock

    async def execute(self, token: str) -> Actor:
        if len(token) > 256:
            raise NotAuthenticated(INVALID_TOKEN)
        owner = await self._reader.token_owner(digest(token), self._clock.now())
        if owner is None:
            raise NotAuthenticated(INVALID_TOKEN)
        return Actor(user_id=0, username=owner.name, role=Role.INTEGRATION, client_id=owner.client_pk)
