#!/usr/bin/env python3
"""EduTrack bootstrap: needs only Python 3.11+ (standard library), no make, no just.

    python3 tools/dev.py up [--host H] [--port P]   install, migrate, load demo data, serve
    python3 tools/dev.py test [pytest args...]      install dev deps, lint-imports, pytest (in parallel)
    python3 tools/dev.py install                    install dev deps only (used by the justfile)

Everything lives in the repository's own ``.venv``. The install step is skipped while the marker file in
``.venv`` is newer than ``pyproject.toml``; delete ``.venv`` (or touch ``pyproject.toml``) to force it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYPROJECT = ROOT / "pyproject.toml"
WINDOWS = os.name == "nt"
BIN = VENV / ("Scripts" if WINDOWS else "bin")


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def tool(name: str) -> Path:
    return BIN / (f"{name}.exe" if WINDOWS else name)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["VIRTUAL_ENV"] = str(VENV)
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    env.pop("PYTHONHOME", None)
    return env


def run(*args: str | Path) -> int:
    return subprocess.call([str(a) for a in args], cwd=ROOT, env=child_env())


def ensure_venv() -> None:
    if tool("python").exists():
        return
    say(f"creating virtualenv {VENV.relative_to(ROOT)}/ (Python {sys.version.split()[0]})")
    import venv

    try:
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    except Exception as exc:  # ensurepip missing (Debian: apt-get install python3-venv), disk, ...
        sys.exit(
            f"[dev] could not create {VENV}: {exc}\n[dev] on Debian/Ubuntu: apt-get install python3-venv"
        )


def ensure_installed(*, dev: bool) -> None:
    """``pip install -e .`` (or ``.[dev]``) unless this venv's marker is newer than pyproject.toml."""
    ensure_venv()
    marker = VENV / (".edutrack-installed-dev" if dev else ".edutrack-installed")
    fresh = [m for m in (marker, VENV / ".edutrack-installed-dev") if m.exists()]
    if any(m.stat().st_mtime > PYPROJECT.stat().st_mtime for m in fresh):
        say("dependencies up to date")
        return
    python = tool("python")
    target = ".[dev]" if dev else "."
    say("upgrading pip")
    if run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip") != 0:
        sys.exit("[dev] pip upgrade failed")
    say(f"installing edutrack (pip install -e {target})")
    if run(python, "-m", "pip", "install", "--quiet", "-e", target) != 0:
        sys.exit(f"[dev] pip install -e {target} failed")
    marker.touch()


def cmd_up(args: argparse.Namespace) -> int:
    ensure_installed(dev=False)
    command = [str(tool("edutrack")), "up", "--host", args.host, "--port", str(args.port)]
    say(f"starting: edutrack up --host {args.host} --port {args.port}")
    sys.stdout.flush()
    if WINDOWS:  # os.exec* on Windows does not replace the process cleanly
        return subprocess.call(command, cwd=ROOT, env=child_env())
    os.chdir(ROOT)
    os.execve(command[0], command, child_env())
    return 0  # not reached


# pytest-xdist: one worker process per CPU core, each with databases of its own (see
# tests/integration/conftest.py); tests marked ``xdist_group`` stay together on one worker. Arguments that
# choose for themselves win: ``-n 0`` (or ``-p no:xdist``) runs serially in this process, ``-n 4`` and
# ``--dist load`` override, and ``--pdb``/``--trace`` (which need the terminal) run serially.
PARALLEL = ["-n", "auto", "--dist", "loadgroup"]


def parallel_args(pytest_args: list[str]) -> list[str]:
    serial = ("-n", "--numprocesses", "--pdb", "--trace")
    if any(a.startswith(serial) or a.endswith("no:xdist") for a in pytest_args):
        return []
    if any(a.startswith("--dist") for a in pytest_args):
        return PARALLEL[:2]
    return PARALLEL


def cmd_test(pytest_args: list[str]) -> int:
    pytest_args = [*parallel_args(pytest_args), *pytest_args]
    ensure_installed(dev=True)
    say("lint-imports (architecture contracts)")
    lint = run(tool("lint-imports"))
    if lint != 0:
        say(f"lint-imports FAILED (exit {lint}); running the tests anyway")
    say("pytest " + " ".join(pytest_args))
    code = run(tool("python"), "-m", "pytest", *pytest_args)
    if lint != 0 and code == 0:
        say("tests passed but lint-imports failed")
        return 1
    return code


def cmd_install() -> int:
    ensure_installed(dev=True)
    return 0


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file may be started by an older system python
        sys.exit(f"[dev] EduTrack needs Python 3.11 or newer, this is {sys.version.split()[0]}")
    # `test` forwards every argument to pytest untouched, so it is dispatched before argparse sees it.
    if argv[:1] == ["test"]:
        return cmd_test(argv[1:])
    parser = argparse.ArgumentParser(
        prog="python3 tools/dev.py",
        description="EduTrack bootstrap (standard library only). Uses the repository's .venv.",
    )
    commands = parser.add_subparsers(dest="command", metavar="{up,test,install}")
    up = commands.add_parser("up", help="install, then `edutrack up` (migrate + demo data + serve)")
    up.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    up.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    commands.add_parser("test", help="install dev deps, run lint-imports and pytest; extra args go to pytest")
    commands.add_parser("install", help="install the package and its dev dependencies into .venv")
    args = parser.parse_args(argv)
    if args.command == "up":
        return cmd_up(args)
    if args.command == "install":
        return cmd_install()
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
