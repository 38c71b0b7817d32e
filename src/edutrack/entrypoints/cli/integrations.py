"""``edutrack oauth create-client|list-clients|revoke-client``: the OAuth2 clients of partner systems that
use the Appsembler-compatible API (API_SUPPLEMENT §11)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from edutrack.core.actor import SYSTEM
from edutrack.core.use_cases.integrations.clients import (
    CreateOAuthClient,
    ListOAuthClients,
    NewClient,
    RevokeOAuthClient,
)
from edutrack.entrypoints.cli.common import EXIT_OK, Commands, with_container

if TYPE_CHECKING:
    from edutrack.composition import Container
    from edutrack.settings import Settings


def _create(settings: Settings, args: argparse.Namespace) -> int:
    async def work(container: Container) -> dict[str, str]:
        created = await container.get(CreateOAuthClient).execute(SYSTEM, NewClient(name=args.name))
        return {"client_id": created.client_id, "client_secret": created.client_secret}

    print(json.dumps(with_container(settings, work)))
    return EXIT_OK


def _list(settings: Settings, args: argparse.Namespace) -> int:
    async def work(container: Container) -> list[dict[str, object]]:
        rows = await container.get(ListOAuthClients).execute(SYSTEM)
        return [
            {
                "client_id": r.client_id,
                "name": r.name,
                "is_active": r.is_active,
                "created_at": r.created_at.isoformat(),
                "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None,
            }
            for r in rows
        ]

    print(json.dumps(with_container(settings, work)))
    return EXIT_OK


def _revoke(settings: Settings, args: argparse.Namespace) -> int:
    async def work(container: Container) -> None:
        await container.get(RevokeOAuthClient).execute(SYSTEM, args.client_id)

    with_container(settings, work)
    print(json.dumps({"client_id": args.client_id, "revoked": True}))
    return EXIT_OK


def register(commands: Commands) -> None:
    oauth = commands.group("oauth", "OAuth2 clients of the Appsembler-compatible API")
    create = oauth.add_parser(
        "create-client",
        help='register a partner system; prints {"client_id", "client_secret"} as JSON (the secret is shown '
        "once and stored hashed)",
    )
    create.add_argument("--name", required=True, help="who the client is (up to 200 characters)")
    create.set_defaults(handler=_create)
    listing = oauth.add_parser(
        "list-clients",
        help="every client as a JSON list {client_id, name, is_active, created_at, revoked_at}",
    )
    listing.set_defaults(handler=_list)
    revoke = oauth.add_parser(
        "revoke-client",
        help="revoke a client: its tokens stop working at once (exit 1 if no such active client)",
    )
    revoke.add_argument("--client-id", required=True, metavar="ID")
    revoke.set_defaults(handler=_revoke)
