"""``EDUTRACK_ENV=production``: ``demo-data`` and ``up`` refuse (they would create accounts with published
passwords) before writing anything; SQLite is refused unless explicitly allowed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from edutrack.entrypoints.cli.main import EXIT_USAGE, main


@pytest.fixture
def in_production(cli_env: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EDUTRACK_ENV", "production")
    monkeypatch.setenv("EDUTRACK_SECRET_KEY", "p" * 40)
    monkeypatch.setenv("EDUTRACK_PASSWORD_HASHING", "argon2id")
    monkeypatch.setenv("EDUTRACK_ALLOW_SQLITE_IN_PRODUCTION", "true")
    return Path(cli_env.split("///", 1)[1])


def users(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM users").fetchone()[0])


def test_demo_data_refuses_in_production_and_writes_nothing(
    migrated: str, in_production: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo-data"]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("edutrack: error: `edutrack demo-data` creates demo accounts")
    assert "EDUTRACK_ENV=production" in captured.err and len(captured.err.splitlines()) == 1
    assert users(in_production) == 0


def test_up_refuses_in_production_before_migrating(
    in_production: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["up", "--port", "8999"]) == EXIT_USAGE
    assert "`edutrack up` creates demo accounts" in capsys.readouterr().err
    assert not in_production.exists()  # not even the migrations ran


def test_sqlite_in_production_is_refused_unless_allowed(
    in_production: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("EDUTRACK_ALLOW_SQLITE_IN_PRODUCTION")
    assert main(["db", "upgrade"]) == EXIT_USAGE
    assert "EDUTRACK_ALLOW_SQLITE_IN_PRODUCTION=true" in capsys.readouterr().err
    assert not in_production.exists()


def test_demo_data_still_loads_outside_production(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo-data"]) == 0
    assert "Demo data created" in capsys.readouterr().out
