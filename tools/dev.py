#!/usr/bin/env python3
"""EduTrack bootstrap: needs only Python 3.11+ (standard library), no make, no just.

    python3 tools/dev.py up [--host H] [--port P]   install, migrate, load demo data, serve
    python3 tools/dev.py test [pytest args...]      install dev deps, lint-imports, pytest (in parallel)
    python3 tools/dev.py install                    install dev deps only (used by the justfile)
    python3 tools/dev.py lock [--upgrade | --upgrade-package NAME ...] [--check]
                                                    regenerate (or check) requirements/*.lock with uv

Everything lives in the repository's own ``.venv``. Installs come from the hashed locks in
``requirements/`` (``pip install --require-hashes``, then the package itself with ``--no-deps``), so every
machine gets the same files; pip alone is needed, not uv. The install step is skipped while the marker file
in ``.venv`` is newer than ``pyproject.toml`` and the lock; delete ``.venv`` (or touch ``pyproject.toml``)
to force it. ``lock`` needs uv, which it installs (pinned) into ``.uv/``, outside the project's venv
(docs/adr/0012-locked-installs.md).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYPROJECT = ROOT / "pyproject.toml"
WINDOWS = os.name == "nt"
BIN = VENV / ("Scripts" if WINDOWS else "bin")
REQUIREMENTS = ROOT / "requirements"
DEV_LOCK = REQUIREMENTS / "dev.lock"  # the package's dependencies, the dev extra and the build backend
RUNTIME_LOCK = REQUIREMENTS / "runtime.lock"  # the same versions, without the dev extra
BUILD_IN = REQUIREMENTS / "build.in"  # the build backend, locked too so `pip install -e .` needs no index
UV_VERSION = "0.13.9"  # pinned: the same uv writes the same lock
UV_HOME = ROOT / ".uv"


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


def _name(requirement: str) -> str:
    """The normalised project name of a PEP 508 requirement (``Foo_Bar[x]>=1`` -> ``foo-bar``)."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def declared(*, dev: bool) -> set[str]:
    """The names pyproject.toml asks for: the dependencies, and the dev extra with ``dev``."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    wanted = list(project.get("dependencies", []))
    if dev:
        wanted += project.get("optional-dependencies", {}).get("dev", [])
    return {_name(r) for r in wanted}


def locked(lock: Path) -> dict[str, str]:
    """``{name: version}`` of a lock's pinned lines."""
    found = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", lock.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in found}


def check_lock_covers(lock: Path, *, dev: bool) -> None:
    """Stop loudly when pyproject.toml asks for a package the lock does not pin: it was added without
    relocking, and installing would silently leave it out."""
    if not lock.exists():
        sys.exit(f"[dev] {lock.relative_to(ROOT)} is missing: run `python3 tools/dev.py lock`")
    missing = sorted(declared(dev=dev) - set(locked(lock)))
    if missing:
        sys.exit(
            f"[dev] pyproject.toml asks for {', '.join(missing)}, which {lock.relative_to(ROOT)} does not "
            "pin: run `python3 tools/dev.py lock` and commit requirements/"
        )


def installed_is_fresh(lock: Path, *, dev: bool) -> bool:
    """True when a marker (the dev one serves both) is newer than pyproject.toml and ``lock``."""
    markers = [VENV / ".edutrack-installed-dev"] + ([] if dev else [VENV / ".edutrack-installed"])
    inputs = [PYPROJECT.stat().st_mtime, lock.stat().st_mtime]
    return any(m.exists() and m.stat().st_mtime > max(inputs) for m in markers)


def ensure_installed(*, dev: bool) -> None:
    """Install from the lock (``pip install --require-hashes``), then the package itself without its
    dependencies, unless this venv's marker is newer than pyproject.toml and the lock."""
    lock = DEV_LOCK if dev else RUNTIME_LOCK
    check_lock_covers(lock, dev=dev)
    ensure_venv()
    if installed_is_fresh(lock, dev=dev):
        say("dependencies up to date")
        return
    python = tool("python")
    say(f"installing the locked dependencies (pip install --require-hashes -r {lock.relative_to(ROOT)})")
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if run(*pip, "--require-hashes", "-r", lock) != 0:
        sys.exit(f"[dev] pip install -r {lock.relative_to(ROOT)} failed")
    say("installing edutrack (pip install --no-deps --no-build-isolation -e .)")
    if run(*pip, "--no-deps", "--no-build-isolation", "-e", ".") != 0:
        sys.exit("[dev] pip install -e . failed")
    (VENV / (".edutrack-installed-dev" if dev else ".edutrack-installed")).touch()


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


# --- the locks ---------------------------------------------------------------------------------------


def uv() -> Path:
    """uv ``UV_VERSION`` in its own venv under ``.uv/`` (created once with pip), never in the project's."""
    binary = UV_HOME / ("Scripts" if WINDOWS else "bin") / ("uv.exe" if WINDOWS else "uv")
    if binary.exists():
        probe = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=False)
        if probe.stdout.split()[1:2] == [UV_VERSION]:
            return binary
    say(f"installing uv {UV_VERSION} into {UV_HOME.relative_to(ROOT)}/ (used only to write the locks)")
    import venv

    venv.EnvBuilder(with_pip=True, clear=True).create(UV_HOME)
    python = UV_HOME / ("Scripts" if WINDOWS else "bin") / ("python.exe" if WINDOWS else "python")
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if subprocess.call([*pip, f"uv=={UV_VERSION}"]) != 0:
        sys.exit(f"[dev] pip install uv=={UV_VERSION} failed")
    return binary


def compile_locks(directory: Path, upgrade: list[str]) -> None:
    """Write ``dev.lock`` then ``runtime.lock`` into ``directory`` (which may hold the current locks: uv
    keeps their pins unless told to upgrade). Universal (any OS, Python >= 3.11) and hashed; the runtime
    lock is constrained by the dev lock so both pin the same versions."""
    binary = uv()
    common = [
        "pip",
        "compile",
        "--quiet",
        "--universal",
        "--python-version",
        "3.11",
        "--generate-hashes",
        "--no-config",
        "--index-url",
        "https://pypi.org/simple",
        "--custom-compile-command",
        "python3 tools/dev.py lock",
        *upgrade,
    ]
    env = {**os.environ, "UV_NO_PROGRESS": "1"}
    dev_lock = directory / DEV_LOCK.name
    constraint = os.path.relpath(dev_lock, ROOT)  # named in the runtime lock's annotations
    for lock, extra in ((DEV_LOCK, ["--extra", "dev"]), (RUNTIME_LOCK, ["-c", constraint])):
        output = directory / lock.name
        args = [*common, "pyproject.toml", "requirements/build.in", *extra, "-o", str(output)]
        if subprocess.call([str(binary), *args], cwd=ROOT, env=env) != 0:
            sys.exit(f"[dev] uv pip compile ({lock.name}) failed")
    runtime = directory / RUNTIME_LOCK.name
    text = runtime.read_text(encoding="utf-8")
    runtime.write_text(text.replace(f"-c {constraint}", "-c requirements/dev.lock"), encoding="utf-8")


def cmd_lock(args: argparse.Namespace) -> int:
    upgrade = ["--upgrade"] if args.upgrade else []
    for name in args.upgrade_package or []:
        upgrade += ["--upgrade-package", name]
    if not args.check:
        compile_locks(REQUIREMENTS, upgrade)
        for lock in (DEV_LOCK, RUNTIME_LOCK):
            say(f"wrote {lock.relative_to(ROOT)} ({len(locked(lock))} packages)")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        for lock in (DEV_LOCK, RUNTIME_LOCK):
            if lock.exists():
                shutil.copy(lock, directory / lock.name)
        compile_locks(directory, upgrade)
        stale = []
        for lock in (DEV_LOCK, RUNTIME_LOCK):
            now = lock.read_text(encoding="utf-8").splitlines() if lock.exists() else []
            wanted = (directory / lock.name).read_text(encoding="utf-8").splitlines()
            if now != wanted:
                stale.append(lock)
                diff = difflib.unified_diff(now, wanted, str(lock.relative_to(ROOT)), "relocked", lineterm="")
                print("\n".join(list(diff)[:60]))
    if stale:
        names = ", ".join(str(lock.relative_to(ROOT)) for lock in stale)
        say(f"{names} out of date with pyproject.toml: run `python3 tools/dev.py lock`")
        return 1
    say("the locks match pyproject.toml")
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
    commands = parser.add_subparsers(dest="command", metavar="{up,test,install,lock}")
    up = commands.add_parser("up", help="install, then `edutrack up` (migrate + demo data + serve)")
    up.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    up.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    commands.add_parser("test", help="install dev deps, run lint-imports and pytest; extra args go to pytest")
    commands.add_parser("install", help="install the package and its dev dependencies into .venv")
    lock = commands.add_parser(
        "lock", help="regenerate requirements/*.lock from pyproject.toml with uv (keeps pins unless upgraded)"
    )
    lock.add_argument(
        "--upgrade", action="store_true", help="move every package to its newest allowed version"
    )
    lock.add_argument("--upgrade-package", action="append", metavar="NAME", help="move this package only")
    lock.add_argument("--check", action="store_true", help="exit 1 if relocking would change the locks")
    args = parser.parse_args(argv)
    if args.command == "up":
        return cmd_up(args)
    if args.command == "install":
        return cmd_install()
    if args.command == "lock":
        return cmd_lock(args)
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
