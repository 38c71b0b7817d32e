"""The hashed locks in requirements/ are what every install uses (tools/dev.py, .ci/run): they must pin
every package pyproject.toml asks for, within its version range, and nothing it no longer asks for at the
top level. A dependency added to pyproject.toml without ``python3 tools/dev.py lock`` fails here (and
stops ``tools/dev.py install`` before pip runs)."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def load_dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("edutrack_dev_bootstrap", ROOT / "tools" / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


dev = load_dev()


def requirements(*, with_dev: bool) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    if with_dev:
        wanted += project["optional-dependencies"]["dev"]
    build = (ROOT / "requirements" / "build.in").read_text(encoding="utf-8").splitlines()
    wanted += [line for line in build if line.strip() and not line.startswith("#")]
    return [Requirement(r) for r in wanted]


def top_level(lock: Path) -> set[str]:
    """The names the lock pins because pyproject.toml or build.in asks for them (uv's ``# via``)."""
    names, current = set(), None
    for line in lock.read_text(encoding="utf-8").splitlines():
        pinned = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", line)
        if pinned:
            current = dev._name(pinned.group(1))
        elif current and ("edutrack (pyproject.toml)" in line or "-r requirements/build.in" in line):
            names.add(current)
    return names


@pytest.mark.parametrize(("lock", "with_dev"), [(dev.DEV_LOCK, True), (dev.RUNTIME_LOCK, False)])
def test_the_lock_pins_what_pyproject_asks_for_and_nothing_it_dropped(lock: Path, with_dev: bool) -> None:
    pins = dev.locked(lock)
    wanted = requirements(with_dev=with_dev)
    unpinned = sorted(dev._name(r.name) for r in wanted if dev._name(r.name) not in pins)
    assert unpinned == [], f"not in {lock.name}: {unpinned}; run `python3 tools/dev.py lock`"
    outside = {r.name: pins[dev._name(r.name)] for r in wanted if pins[dev._name(r.name)] not in r.specifier}
    assert outside == {}, (
        f"pinned outside pyproject.toml's ranges: {outside}; run `python3 tools/dev.py lock`"
    )
    dropped = top_level(lock) - {dev._name(r.name) for r in wanted}
    assert dropped == set(), f"{lock.name} still pins {dropped} for pyproject.toml; relock"
    assert "--hash=sha256:" in lock.read_text(encoding="utf-8")


def test_the_runtime_lock_pins_the_dev_locks_versions() -> None:
    runtime, development = dev.locked(dev.RUNTIME_LOCK), dev.locked(dev.DEV_LOCK)
    assert {name: development.get(name) for name in runtime} == runtime


def test_an_unlocked_dependency_stops_the_install_before_pip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pyproject = tmp_path / "pyproject.toml"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject.write_text(
        text.replace('"ruff>=0.5",', '"ruff>=0.5",\n    "Not_Locked.Yet>=1",'), encoding="utf-8"
    )
    monkeypatch.setattr(dev, "PYPROJECT", pyproject)
    with pytest.raises(
        SystemExit, match=r"asks for not-locked-yet, which requirements/dev.lock does not pin"
    ):
        dev.ensure_installed(dev=True)
    dev.check_lock_covers(dev.RUNTIME_LOCK, dev=False)  # the runtime lock is not concerned


def test_the_install_is_redone_when_the_lock_is_newer_than_the_marker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    venv, lock, pyproject = tmp_path / "venv", tmp_path / "dev.lock", tmp_path / "pyproject.toml"
    venv.mkdir()
    for path, when in ((pyproject, 100), (lock, 100), (venv / ".edutrack-installed-dev", 200)):
        path.touch()
        os.utime(path, (when, when))
    monkeypatch.setattr(dev, "VENV", venv)
    monkeypatch.setattr(dev, "PYPROJECT", pyproject)
    assert dev.installed_is_fresh(lock, dev=True)
    assert dev.installed_is_fresh(lock, dev=False)  # the dev install covers the runtime one
    os.utime(lock, (300, 300))  # a pull brought a new lock
    assert not dev.installed_is_fresh(lock, dev=True)
