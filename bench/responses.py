"""Response equality: status and SHA-256 of the body of a fixed list of URLs, written to JSON; and a
comparison of two such files (before and after a change).

    PYTHONPATH=src:. python bench/responses.py compare bench/results/A.json bench/results/B.json

The runner (``bench/api_bench.py``) writes the file of each run; ``fetch`` works on any httpx client (a
server's base URL or the app in-process).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import httpx


async def fetch(
    client: httpx.AsyncClient, headers: Mapping[str, Mapping[str, str]], urls: Iterable[tuple[str, str]]
) -> dict[str, dict[str, object]]:
    """``{"<user> <path>": {"status", "bytes", "sha256"}}`` for each (user, path)."""
    found: dict[str, dict[str, object]] = {}
    for user, path in urls:
        response = await client.get(path, headers=dict(headers[user]))
        found[f"{user} {path}"] = {
            "status": response.status_code,
            "bytes": len(response.content),
            "sha256": hashlib.sha256(response.content).hexdigest(),
        }
    return found


def compare(
    before: Mapping[str, Mapping[str, object]], after: Mapping[str, Mapping[str, object]]
) -> list[str]:
    """One line per URL that differs (status, body) or is in one file only; empty when all are equal."""
    lines = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if a is None or b is None:
            lines.append(f"{key}: only in {'after' if a is None else 'before'}")
        elif (a["status"], a["sha256"]) != (b["status"], b["sha256"]):
            lines.append(
                f"{key}: {a['status']} {a['bytes']} B -> {b['status']} {b['bytes']} B (body differs)"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cmp = sub.add_parser("compare", help="diff two response files")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = parser.parse_args()
    before, after = (json.loads(p.read_text()) for p in (args.before, args.after))
    lines = compare(before, after)
    for line in lines:
        print(line)
    print(f"{len(set(before) | set(after)) - len(lines)} equal, {len(lines)} different")
    sys.exit(1 if lines else 0)


if __name__ == "__main__":
    main()
