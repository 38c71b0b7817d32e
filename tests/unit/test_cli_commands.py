"""The CLI's registry of feature commands (ADR 0006): groups shared between features, the order of the
help, and a parser that loads no framework before the settings are validated."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from edutrack.entrypoints.cli.common import Commands
from edutrack.entrypoints.cli.main import build_parser


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices


def _choices(parser: argparse.ArgumentParser, *path: str) -> list[str]:
    for name in path:
        parser = _subcommands(parser)[name]
    return list(_subcommands(parser))


def test_a_group_is_created_once_and_shared() -> None:
    parser = argparse.ArgumentParser()
    commands = Commands(parser.add_subparsers(dest="command"))
    first = commands.group("users", "user accounts")
    first.add_parser("one")
    second = commands.group("users", "user accounts")
    second.add_parser("two")
    assert second is first
    assert _choices(parser) == ["users"]
    assert _choices(parser, "users") == ["one", "two"]
    assert parser.parse_args(["users", "two"]).users_command == "two"
    with pytest.raises(ValueError, match="two helps"):
        commands.group("users", "accounts")


def test_the_features_commands_follow_the_feature_order() -> None:
    parser = build_parser()
    assert _choices(parser) == [
        "serve",
        "db",
        "users",
        "students",
        "homework",
        "quizzes",
        "codes",
        "revenue",
        "oauth",
        "mail",
        "worker",
        "demo-data",
        "up",
    ]
    assert _choices(parser, "users") == ["create-site-owner", "create-teacher"]
    assert _choices(parser, "revenue") == ["trend", "check-rollups"]


def test_a_bad_setting_is_reported_before_any_framework_loads() -> None:
    script = (
        "import sys\n"
        "from edutrack.entrypoints.cli.main import main\n"
        "code = main(['students', 'set-status', '1', '--active', 'true'])\n"
        "loaded = {m.split('.')[0] for m in sys.modules}\n"
        "heavy = sorted(loaded & {'sqlalchemy', 'litestar', 'alembic', 'msgspec'})\n"
        "print(code, heavy)\n"
    )
    env = {"EDUTRACK_TIME_ZONE": "Mars/Olympus_Mons", "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False, env=env
    )
    assert result.stdout.strip() == "2 []", result.stdout + result.stderr
    assert "EDUTRACK_TIME_ZONE" in result.stderr
