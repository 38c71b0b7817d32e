"""What the CLI's feature modules share: the command registry, running a use case, argparse types.

A feature's ``cli/<feature>.py`` has ``register(commands: Commands)``; ``main.py`` calls it for every name
in ``edutrack.features.FEATURES`` that has such a module, in that order (the order of the help). Like
``main.py``, this module and the feature modules import nothing heavy at the top: the parser is built and
the settings validated before the container (SQLAlchemy, Litestar, ...) is loaded.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import re
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeAlias, TypeVar

if TYPE_CHECKING:
    from edutrack.composition import Container
    from edutrack.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
PASSWORD_STDIN_HELP = "read the password from standard input"

T = TypeVar("T")
Handler: TypeAlias = "Callable[[Settings, argparse.Namespace], int]"
Actions: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class CommandError(Exception):
    """Bad input the CLI itself detects; the message is printed as is (exit code 2)."""


class Commands:
    """The top level of the ``edutrack`` parser, as the features see it.

    ``command(name, help)`` adds a top-level command; ``group(name, help)`` adds a command group
    (``edutrack <group> ACTION``) and returns its subparsers, to which the caller adds its actions. A
    group is created once: a second feature asking for the same group (``users``: ``auth`` and
    ``teachers``) gets the same subparsers, so its actions follow the first feature's in the help.
    """

    def __init__(self, top: Actions) -> None:
        self._top = top
        self._groups: dict[str, tuple[str, Actions]] = {}

    def command(self, name: str, help: str) -> argparse.ArgumentParser:
        return self._top.add_parser(name, help=help)

    def group(self, name: str, help: str) -> Actions:
        known = self._groups.get(name)
        if known is not None:
            if known[0] != help:
                raise ValueError(f"command group {name!r} registered with two helps: {known[0]!r}, {help!r}")
            return known[1]
        parser = self._top.add_parser(name, help=help)
        actions = parser.add_subparsers(
            dest=f"{name.replace('-', '_')}_command", metavar="ACTION", required=True
        )
        self._groups[name] = (help, actions)
        return actions


# --- running use cases ----------------------------------------------------------------------------


def with_container(settings: Settings, work: Callable[[Container], Awaitable[T]]) -> T:
    """Build the container, run ``work`` with it on a fresh event loop, and always dispose of it."""
    from edutrack.composition import build_container

    async def run() -> T:
        container = build_container(settings)
        try:
            return await work(container)
        finally:
            await container.dispose()

    return asyncio.run(run())


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("no password on standard input")
        return password
    if not sys.stdin.isatty():
        raise CommandError("pass --password-stdin to read the password from standard input")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password (again): ") != password:
        raise CommandError("the passwords do not match")
    return password


# --- argparse types -------------------------------------------------------------------------------


def positive(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {raw!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def ids(raw: str) -> list[int]:
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if not parts or not all(re.fullmatch(r"[0-9]+", part) for part in parts):
        raise argparse.ArgumentTypeError(f"expected comma-separated ids such as 1,2; got {raw!r}")
    return [int(part) for part in parts]


def boolean(raw: str) -> bool:
    value = raw.strip().lower()
    if value not in ("true", "false"):
        raise argparse.ArgumentTypeError(f"expected true or false, got {raw!r}")
    return value == "true"


NAME_MAX_LENGTH = 200


def display_name(raw: str) -> str:
    """A display name as the API takes it: stripped, not blank, at most 200 characters."""
    value = raw.strip()
    if not value:
        raise argparse.ArgumentTypeError("may not be blank")
    if len(value) > NAME_MAX_LENGTH:
        raise argparse.ArgumentTypeError(f"at most {NAME_MAX_LENGTH} characters, got {len(value)}")
    return value
