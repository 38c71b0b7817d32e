"""``edutrack codes generate --csv``: the output file is checked before any code is committed, a failure
to write it is not called a database error, the file is the HTTP export's (same bytes), and the progress
line shows on a terminal only. In-process like test_cli.py (``main()`` starts its own event loops)."""

from __future__ import annotations

import errno
import os
import pty
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from litestar.testing import TestClient

from edutrack.composition import Container
from edutrack.entrypoints.cli.main import main
from edutrack.entrypoints.http.app import create_app
from edutrack.ports.readers import PageRequest
from edutrack.ports.wallets import CodeFilter, RechargeCodeReader
from tests.support import courses
from tests.support.cli import with_container
from tests.support.http import OWNER_PASSWORD

FORMULA_COURSE = '=HYPERLINK("http://evil.example","open me")'


def seed_course(name: str = FORMULA_COURSE) -> int:
    """The courses' test world (site owner ``root_owner``), plus a course of a teacher whose name is a
    formula too."""

    async def seed(container: Container) -> int:
        world = await courses.make_world(container)
        teacher, _ = await courses.add_teacher(container, "mr_formula", "@Formula Teacher", world.math, [])
        return await courses.add_course(container, world, name, teacher=teacher)

    return with_container(seed)


def count_codes() -> int:
    async def count(container: Container) -> int:
        page = await container.get(RechargeCodeReader).list(CodeFilter(), PageRequest(limit=None))
        return len(page.items)

    return with_container(count)


def generate(course: int, target: str | Path, count: int = 3) -> int:
    options = ["--course", str(course), "--value", "50", "--count", str(count), "--csv", str(target)]
    return main(["codes", "generate", *options])


def test_a_missing_directory_is_refused_before_any_code_is_committed(
    migrated: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = seed_course()
    before = count_codes()
    missing = tmp_path / "missing" / "dir" / "x.csv"
    assert generate(course, missing) == 2
    err = capsys.readouterr().err
    assert f"cannot write {missing}: the directory {missing.parent} does not exist" in err
    assert "database" not in err
    assert generate(course, tmp_path) == 2  # a directory is no file either
    assert f"{tmp_path} is a directory" in capsys.readouterr().err
    assert count_codes() == before
    assert not missing.parent.exists()


def test_a_place_that_refuses_the_file_stops_before_the_commit(
    migrated: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the parse-time checks cannot see (a read-only file system) is met when the file is reserved,
    still before the codes are generated: exit 1, the file named, not "database"."""
    course = seed_course()
    before = count_codes()

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    target = tmp_path / "codes.csv"
    assert generate(course, target) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"edutrack: error: cannot write {target}: Read-only file system"
    assert count_codes() == before


def test_a_write_failing_after_the_commit_says_so_and_is_no_database_error(
    migrated: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    course = seed_course()
    before = count_codes()

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "codes.csv"
    assert generate(course, target) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"edutrack: error: cannot write {target}: No space left on device; the 3 codes")
    assert f"/payments/codes/export/?course={course}" in err and "database" not in err
    assert count_codes() == before + 3
    assert list(target.parent.iterdir()) == []  # no temporary file left behind


def test_the_cli_csv_is_the_http_export_byte_for_byte(
    migrated: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = seed_course()
    target = tmp_path / "codes.csv"
    assert generate(course, target) == 0
    written = target.read_bytes()

    with TestClient(app=create_app()) as client:
        token = client.post(
            "/accounts/token/", json={"username": "root_owner", "password": OWNER_PASSWORD}
        ).json()["access"]
        response = client.get(
            f"/payments/codes/export/?course={course}", headers={"Authorization": f"Bearer {token}"}
        )
    assert response.status_code == 200, response.text
    assert written == response.content
    lines = written.decode().split("\r\n")
    assert lines[0].split(",") == [
        "id",
        "code",
        "course",
        "course_name",
        "teacher_name",
        "value",
        "is_used",
        "used_by",
        "used_by_name",
        "used_at",
        "created_at",
        "expires_at",
        "created_by",
        "created_by_username",
    ]
    assert len(lines) == 5 and lines[-1] == ""
    assert ',"\'=HYPERLINK(""http://evil.example"",""open me"")",\'@Formula Teacher,50.00,false,' in lines[1]


def _run_generate(course: int, target: Path, stderr: int) -> subprocess.Popen[bytes]:
    command = ["codes", "generate", "--course", str(course), "--value", "5", "--count", "200"]
    return subprocess.Popen(
        [sys.executable, "-m", "edutrack", *command, "--csv", str(target)],
        stdout=subprocess.PIPE,
        stderr=stderr,
    )


def test_progress_shows_on_a_terminal_and_not_in_a_pipe(migrated: str, tmp_path: Path) -> None:
    course = seed_course()

    master, slave = pty.openpty()
    process = _run_generate(course, tmp_path / "tty.csv", stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert process.wait(timeout=120) == 0
    text = shown.decode()
    assert "codes generate: generating 200 codes" in text
    assert f"writing {tmp_path / 'tty.csv'} 200/200 (100%)" in text and text.endswith("\n")

    piped = _run_generate(course, tmp_path / "pipe.csv", stderr=subprocess.PIPE)
    out, err = piped.communicate(timeout=120)
    assert piped.returncode == 0 and err == b""
    assert out.startswith(b'{"count": 200, "csv": ')
    assert count_codes() == 400
