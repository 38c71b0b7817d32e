"""The ``edutrack`` command line, run in-process (``main([...])``) against a fresh SQLite file.

These tests are synchronous on purpose: ``main()`` starts its own event loops (Alembic's env.py and each
use-case command call ``asyncio.run``), so no loop may be running around it.
"""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest

from edutrack.composition import Container, build_container
from edutrack.core.entities.academics import ReferenceKind
from edutrack.entrypoints.cli import demo_data
from edutrack.entrypoints.cli.main import main
from edutrack.ports.readers import PageRequest, ReferenceFilter
from edutrack.settings import Settings

T = TypeVar("T")

PASSWORD = "Strong-pass-42"


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """EDUTRACK_* variables for a fresh SQLite file; returns its URL."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    for name in list(os.environ):
        if name.startswith("EDUTRACK_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("EDUTRACK_DATABASE_URL", url)
    monkeypatch.setenv("EDUTRACK_PASSWORD_HASHING", "fast")
    monkeypatch.setenv("EDUTRACK_ENV", "test")
    monkeypatch.setenv("EDUTRACK_MEDIA_DIR", str(tmp_path / "media"))
    return url


@pytest.fixture
def migrated(cli_env: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    return cli_env


def with_container(work: Callable[[Container], Awaitable[T]]) -> T:
    async def run() -> T:
        container = build_container(Settings.from_env())
        try:
            return await work(container)
        finally:
            await container.dispose()

    return asyncio.run(run())


async def reference_totals(container: Container) -> dict[str, int]:
    totals = {}
    for kind in ReferenceKind:
        page = await container.list_reference_items().execute(
            kind, ReferenceFilter(), PageRequest(limit=None)
        )
        totals[kind.value] = page.total
    return totals


def feed_stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# --- demo data --------------------------------------------------------------------------------------


def test_demo_data_loads_the_egyptian_world_once(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo-data"]) == 0
    first_out = capsys.readouterr().out
    assert "27 governorates" in first_out
    first = with_container(reference_totals)

    assert main(["demo-data"]) == 0
    assert "nothing to create" in capsys.readouterr().out
    second = with_container(reference_totals)

    assert second == first
    assert first["governorates"] == 27
    assert first["grades"] == 3
    assert first["school-types"] == 3
    assert first["divisions"] == len(demo_data.DIVISIONS)
    assert first["subjects"] == len(demo_data.SUBJECTS)
    assert first["areas"] == sum(len(areas) for areas in demo_data.GOVERNORATES.values())
    assert first["video-security"] == 3


def test_demo_data_counts_and_admin_login(migrated: str) -> None:
    async def load_twice_and_login(container: Container) -> tuple[dict[str, int], dict[str, int], bool]:
        first = await demo_data.load_demo_data(container)
        second = await demo_data.load_demo_data(container)
        owner = demo_data.SITE_OWNER
        pair = await container.login().execute(owner.username, owner.password, "127.0.0.1")
        return first, second, bool(pair.access)

    first, second, logged_in = with_container(load_twice_and_login)
    assert first[ReferenceKind.GOVERNORATE.value] == 27
    assert first[demo_data.USERS] == 1
    assert all(count == 0 for count in second.values()), second
    assert logged_in


def test_demo_data_seeds_are_consistent() -> None:
    grades = {name for name, _ in demo_data.GRADES}
    division_grades = {d.name: set(d.grades) for d in demo_data.DIVISIONS}
    assert len(demo_data.GOVERNORATES) == 27
    assert all(3 <= len(areas) <= 4 for areas in demo_data.GOVERNORATES.values())
    for subject in demo_data.SUBJECTS:
        assert set(subject.grades) <= grades, subject.name
        assert set(subject.school_types) <= set(demo_data.SCHOOL_TYPES), subject.name
        for division in subject.divisions:
            assert division_grades[division] & set(subject.grades), (subject.name, division)


def test_demo_data_before_migrations_fails_with_one_line(
    cli_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo-data"]) == 1
    assert "db upgrade" in one_error_line(capsys)


# --- users create-site-owner ------------------------------------------------------------------------


def test_create_site_owner_reads_password_from_stdin_and_can_log_in(
    migrated: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_stdin(monkeypatch, PASSWORD + "\n")
    code = main(
        [
            "users",
            "create-site-owner",
            "--username",
            "boss",
            "--password-stdin",
            "--name",
            "The Boss",
            "--gmail",
            "boss@example.com",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert "boss" in capsys.readouterr().out

    async def login(container: Container) -> str:
        pair = await container.login().execute("boss", PASSWORD, "127.0.0.1")
        return pair.access

    assert with_container(login)


def test_create_site_owner_refuses_a_weak_password(
    migrated: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_stdin(monkeypatch, "12345678\n")
    assert main(["users", "create-site-owner", "--username", "boss", "--password-stdin"]) == 1
    line = one_error_line(capsys)
    assert "password" in line.lower()
    assert "entirely numeric" in line


def test_create_site_owner_refuses_a_taken_username(
    migrated: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_stdin(monkeypatch, PASSWORD + "\n")
    assert main(["users", "create-site-owner", "--username", "boss", "--password-stdin"]) == 0
    capsys.readouterr()
    feed_stdin(monkeypatch, PASSWORD + "\n")
    assert main(["users", "create-site-owner", "--username", "BOSS", "--password-stdin"]) == 1
    assert "Username already exists." in one_error_line(capsys)


def test_create_site_owner_needs_a_password_on_stdin(
    migrated: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_stdin(monkeypatch, "")
    assert main(["users", "create-site-owner", "--username", "boss", "--password-stdin"]) != 0
    assert "standard input" in one_error_line(capsys)


# --- settings, migrations, usage --------------------------------------------------------------------


def test_invalid_setting_is_one_line_naming_the_variable(
    cli_env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EDUTRACK_TIME_ZONE", "Mars/Olympus_Mons")
    assert main(["db", "upgrade"]) != 0
    assert "EDUTRACK_TIME_ZONE" in one_error_line(capsys)


def test_db_current_and_downgrade(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "current"]) == 0
    assert "(head)" in capsys.readouterr().out
    assert main(["db", "downgrade"]) == 2  # the target revision must be explicit
    capsys.readouterr()
    assert main(["db", "downgrade", "--revision", "base"]) == 0
    capsys.readouterr()
    assert main(["db", "current"]) == 0
    assert "(head)" not in capsys.readouterr().out
    assert main(["db", "upgrade", "--revision", "no-such-revision"]) == 1
    assert one_error_line(capsys)


def test_serve_rejects_a_bad_port(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "70000"]) == 2
    assert "port" in capsys.readouterr().err


def test_python_dash_m_edutrack_help_exits_zero() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "edutrack", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    for command in ("serve", "db", "users", "demo-data", "up"):
        assert command in result.stdout
