"""Response equality: status and SHA-256 of the body of a fixed list of URLs, written to JSON; and a
comparison of two such files (before and after a change).

    PYTHONPATH=src:. python bench/responses.py fetch --database edutrack_bench_api --out A.json  # in-process
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


async def fetch(
    client: httpx.AsyncClient, headers: Mapping[str, Mapping[str, str]], urls: Iterable[tuple[str, str]]
) -> dict[str, dict[str, object]]:
    """``{"<user> <path>": {"status", "bytes", "sha256"}}`` for each (user, path). The client's base URL in
    a body (the pages' next/previous links) is replaced by ``http://bench`` first: servers listen on
    different ports."""
    found: dict[str, dict[str, object]] = {}
    base = str(client.base_url).rstrip("/").encode()
    for user, path in urls:
        response = await client.get(path, headers=dict(headers[user]))
        body = response.content.replace(base, b"http://bench")
        found[f"{user} {path}"] = {
            "status": response.status_code,
            "bytes": len(body),
            "sha256": hashlib.sha256(body).hexdigest(),
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


async def fetch_in_process(database_url: str) -> dict[str, dict[str, object]]:
    """Every URL of ``bench/endpoints.py`` through the app on PYTHONPATH, in-process, on ``database_url``:
    fetched cold, then warm (the reads of ADR 0017 go to the driver from a statement's second use on);
    the warm answers are returned, and a warm answer that differs from the cold one is an error."""
    from bench._support import in_process
    from bench.endpoints import EQUALITY, USERNAMES

    async with in_process(database_url) as (client, login, _):
        headers = {user: await login(username) for user, username in USERNAMES.items()}
        cold = await fetch(client, headers, EQUALITY)
        warm = await fetch(client, headers, EQUALITY)
    if differences := compare(cold, warm):
        raise SystemExit("cold and warm answers differ:\n" + "\n".join(differences))
    return warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    get = sub.add_parser("fetch", help="hash the responses of the app on PYTHONPATH, in-process")
    get.add_argument("--database", required=True, help="a PostgreSQL database filled by bench/dataset.py")
    get.add_argument("--out", type=Path, required=True)
    cmp = sub.add_parser("compare", help="diff two response files")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "fetch":
        import asyncio

        from bench._support import pg_url

        found = asyncio.run(fetch_in_process(pg_url(args.database, "postgresql+asyncpg")))
        args.out.write_text(json.dumps(found, indent=1) + "\n")
        return
    before, after = (json.loads(p.read_text()) for p in (args.before, args.after))
    lines = compare(before, after)
    for line in lines:
        print(line)
    print(f"{len(set(before) | set(after)) - len(lines)} equal, {len(lines)} different")
    sys.exit(1 if lines else 0)


if __name__ == "__main__":
    main()
