"""``edutrack users create-site-owner``: the first account, made by the operator."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from edutrack.core.actor import SYSTEM
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from edutrack.entrypoints.cli.common import (
    EXIT_OK,
    PASSWORD_STDIN_HELP,
    Commands,
    display_name,
    read_password,
    with_container,
)

if TYPE_CHECKING:
    from edutrack.composition import Container
    from edutrack.settings import Settings


def _create_site_owner(settings: Settings, args: argparse.Namespace) -> int:
    password = read_password(args.password_stdin)

    async def work(container: Container) -> tuple[int | None, str]:
        owner = NewSiteOwner(username=args.username, password=password, name=args.name, gmail=args.gmail)
        user = await container.get(CreateSiteOwner).execute(SYSTEM, owner)
        return user.id, user.username

    user_id, username = with_container(settings, work)
    print(f"Created site owner {username!r} (id {user_id}).")
    return EXIT_OK


def register(commands: Commands) -> None:
    owner = commands.group("users", "user accounts").add_parser(
        "create-site-owner", help="create a site owner account"
    )
    owner.add_argument("--username", required=True)
    owner.add_argument("--password-stdin", action="store_true", help=PASSWORD_STDIN_HELP)
    owner.add_argument("--name", type=display_name, default=None, help="display name (default: the username)")
    owner.add_argument("--gmail", default=None, help="email address")
    owner.set_defaults(handler=_create_site_owner)
