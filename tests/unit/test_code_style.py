from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import edutrack

ROOT = Path(edutrack.__file__).parent.parent.parent


def test_ruff_finds_nothing() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [str(ruff), "check", "src", "tests", "tools"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
