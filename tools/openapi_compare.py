#!/usr/bin/env python3
"""Compare the served OpenAPI document of two revisions, ignoring descriptions and summaries.

    .venv/bin/python tools/openapi_compare.py --base REV      # REV against the working tree
    .venv/bin/python tools/openapi_compare.py --dump FILE     # write this tree's document to FILE

Each side is produced by its own ``src/`` in a subprocess: the app is built on the in-memory backend and
``/schema/openapi.json`` is fetched through Litestar's test client. Exit 0 when the documents are equal
after dropping every ``description`` and ``summary``; otherwise the differing JSON paths are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORED = {"description", "summary"}

DUMP = """
import json, sys
from litestar.testing import TestClient
from edutrack.settings import Settings
from edutrack.entrypoints.http.app import create_app
try:
    from edutrack.composition import build_container
except ImportError:  # pragma: no cover
    build_container = None
settings = Settings(environment="test", password_hashing="fast", log_json=False)
app = create_app(settings, build_container(settings, backend="memory"))
with TestClient(app) as client:
    response = client.get("/schema/openapi.json")
    response.raise_for_status()
    sys.stdout.write(response.text)
"""


def document(src: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src), EDUTRACK_LOG_LEVEL="ERROR")
    out = subprocess.run(
        [sys.executable, "-c", DUMP], cwd=src.parent, env=env, capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        sys.exit(f"could not build the document from {src}:\n{out.stderr}")
    return json.loads(out.stdout)


def strip(node: object) -> object:
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in IGNORED}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def differences(a: object, b: object, path: str = "$") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        found: list[str] = []
        for key in sorted(set(a) | set(b)):
            if key not in a:
                found.append(f"{path}.{key}: only in the base")
            elif key not in b:
                found.append(f"{path}.{key}: only in the working tree")
            else:
                found += differences(a[key], b[key], f"{path}.{key}")
        return found
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [f"{path}: {json.dumps(a)[:200]} != {json.dumps(b)[:200]}"]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", help="git revision to compare the working tree with")
    parser.add_argument("--dump", type=Path, help="write this tree's document (as served) to a file")
    args = parser.parse_args()
    current = document(ROOT / "src")
    if args.dump:
        args.dump.write_text(json.dumps(current, indent=2, sort_keys=True))
        return 0
    if not args.base:
        parser.error("give --base REV or --dump FILE")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["git", "worktree", "add", "--detach", tmp, args.base], cwd=ROOT, check=True, capture_output=True
        )
        try:
            base = document(Path(tmp) / "src")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", tmp], cwd=ROOT, check=False)
    found = differences(strip(current), strip(base))
    operations = sum(len(v) for v in current.get("paths", {}).values())
    for line in found:
        print(line)
    print(
        f"{len(current.get('paths', {}))} paths, {operations} operations, "
        f"{len(current.get('components', {}).get('schemas', {}))} schemas; "
        f"{len(found)} difference(s) besides descriptions and summaries"
    )
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
