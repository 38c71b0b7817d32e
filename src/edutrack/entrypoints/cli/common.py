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
import os
import re
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeAlias, TypeVar

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


class OutputFailed(Exception):
    """A file the command writes could not be written; the message names the file (exit code 1). Never
    reported as a database problem, which an ``OSError`` otherwise would be."""


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


# --- output files ---------------------------------------------------------------------------------


def output_path(raw: str) -> Path:
    """argparse type of an output file: refused at parse time, before any work or commit, when it is a
    directory or its directory is missing, not a directory or not writable. (``output_file`` then creates
    the file for real, still before the work, which catches what these checks cannot: a read-only file
    system, a full quota.)"""
    path = Path(raw)
    parent = path.parent
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{raw} is a directory")
    if not parent.exists():
        raise argparse.ArgumentTypeError(f"cannot write {raw}: the directory {parent} does not exist")
    if not parent.is_dir():
        raise argparse.ArgumentTypeError(f"cannot write {raw}: {parent} is not a directory")
    if path.exists() and not os.access(path, os.W_OK):
        raise argparse.ArgumentTypeError(f"cannot write {raw}: permission denied")
    if not path.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"cannot write {raw}: the directory {parent} is not writable")
    return path


class OutputFile:
    """The file a command writes, reserved before the command's work: a temporary file is created beside
    it at once (``with OutputFile(path) as out:``), so a place that cannot take it (a read-only file
    system, a full quota) fails before anything is committed. ``out.write(produce)`` fills it and
    atomically replaces ``path``; if the block ends without that, the temporary file is removed and
    ``path`` is left as it was. Failing to create, write or rename it is ``OutputFailed`` (naming
    ``path``); errors of the work itself pass through untouched."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._temporary: str | None = None

    def _failed(self, exc: OSError) -> OutputFailed:
        return OutputFailed(f"cannot write {self.path}: {exc.strerror or exc}")

    def __enter__(self) -> OutputFile:
        try:
            fd, self._temporary = tempfile.mkstemp(
                prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
            )
        except OSError as exc:
            raise self._failed(exc) from exc
        os.close(fd)
        return self

    def write(self, produce: Callable[[TextIO], T]) -> T:
        assert self._temporary is not None, "use OutputFile in a with block"
        try:
            with open(self._temporary, "w", encoding="utf-8", newline="") as handle:
                result = produce(handle)
            mode = self.path.stat().st_mode & 0o777 if self.path.exists() else 0o666 & ~_umask()
            os.chmod(self._temporary, mode)
            os.replace(self._temporary, self.path)
        except OSError as exc:
            raise self._failed(exc) from exc
        self._temporary = None
        return result

    def __exit__(self, *exc: object) -> None:
        if self._temporary is not None and os.path.exists(self._temporary):
            os.unlink(self._temporary)
        self._temporary = None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --- progress -------------------------------------------------------------------------------------


class Progress:
    """One status line on standard error for long commands (``demo-data``, ``codes generate``, the
    exports), redrawn in place with the elapsed time. Shown only when standard error is a terminal: in
    pipes, files, cron jobs and tests it writes nothing, so what scripts read stays clean. Redraws at most
    ten times a second; ``close()`` (or leaving the ``with`` block) ends the line."""

    INTERVAL = 0.1

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._label = label
        self._started = time.monotonic()
        self._drawn = 0.0
        isatty = getattr(self._stream, "isatty", None)
        self.shown = bool(isatty and isatty())
        self._open = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def update(self, text: str, *, force: bool = True) -> None:
        """Show ``text`` after the label; ``force=False`` skips the redraw if the last was < 0.1 s ago."""
        if not self.shown:
            return
        now = time.monotonic()
        if not force and now - self._drawn < self.INTERVAL:
            return
        self._drawn = now
        elapsed = now - self._started
        self._stream.write(f"\r\x1b[K{self._label}: {text} ({elapsed:.1f}s)")
        self._stream.flush()
        self._open = True

    def count(self, done: int, total: int, what: str) -> None:
        """``what done/total (percent)``, redrawn at most ten times a second and always at the end."""
        percent = 100 * done // total if total else 100
        self.update(f"{what} {done}/{total} ({percent}%)", force=done >= total)

    def close(self) -> None:
        if self._open:
            self._stream.write("\n")
            self._stream.flush()
            self._open = False
