"""The layer rules, enforced: import-linter's contracts, and a stricter stdlib-only check of the core."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import edutrack

PACKAGE = Path(edutrack.__file__).parent
ROOT = PACKAGE.parent.parent


def test_import_linter_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_and_ports_import_only_the_standard_library_and_edutrack() -> None:
    offenders: dict[str, set[str]] = {}
    for layer in ("core", "ports"):
        for path in (PACKAGE / layer).rglob("*.py"):
            foreign = {
                n for n in _top_level_imports(path) if n != "edutrack" and n not in sys.stdlib_module_names
            }
            if foreign:
                offenders[str(path.relative_to(PACKAGE))] = foreign
    assert offenders == {}
