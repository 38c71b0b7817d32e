"""Side-by-side A/B of two or more builds of the server: each runs at once (``edutrack serve --workers 2``,
production settings) on its own database, and wrk measures them in turn, endpoint by endpoint, round after
round, so that outside load hits every build alike. On a shared 2-core machine this is the comparison to
trust: two runs of ``bench/api_bench.py`` minutes apart see different load.

    PYTHONPATH=src:. python bench/api_ab.py \\
        --build before=/tmp/before/src:edutrack_bench_api_before \\
        --build after=src:edutrack_bench_api_after \\
        --build after-nometrics=src:edutrack_bench_api_after:EDUTRACK_METRICS_ENABLED=false \\
        --connections 1 --rounds 3 --duration 5 --out bench/results/api-<date>-ab.md

A build is NAME=SRC:DATABASE[:VAR=VALUE,...] (SRC is put first on the server's PYTHONPATH). Endpoints: those
of ``bench/endpoints.py`` unless ``--path`` (repeatable, as the site owner) is given.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import edutrack_serving, login_token, pg_url, production_env
from bench.api_bench import SERVER_ENV, quiesce, workers_of, wrk
from bench.endpoints import ENDPOINTS, USERNAMES


def parse_build(text: str) -> tuple[str, str, str, dict[str, str]]:
    name, _, rest = text.partition("=")
    src, database, *extra = rest.split(":")
    variables = dict(item.split("=", 1) for part in extra for item in part.split(",") if item)
    return name, str(Path(src).resolve()), database, variables


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="append", required=True, type=parse_build)
    parser.add_argument("--path", action="append", default=None, help="an endpoint, as the site owner")
    parser.add_argument("--connections", type=int, nargs="+", default=[1])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    endpoints = [("owner", p) for p in args.path] if args.path else [(e.user, e.path) for e in ENDPOINTS]
    results: dict[tuple[str, int, str], list[float]] = {}
    loads = []
    with contextlib.ExitStack() as stack:
        servers = {}
        for name, src, database, variables in args.build:
            env = production_env(pg_url(database, "postgresql+asyncpg"), src, **SERVER_ENV, **variables)
            base, process = stack.enter_context(edutrack_serving(env, 2))
            tokens = {user: login_token(base, username) for user, username in USERNAMES.items()}
            servers[name] = (base, process.pid, tokens)
        every_worker = [w for _b, pid, _t in servers.values() for w in workers_of(pid)]
        for base, _pid, tokens in servers.values():  # warm-up
            for user, path in endpoints:
                wrk(base + path, 4, 2, tokens[user])
        for _round in range(args.rounds):
            for user, path in endpoints:
                for connections in args.connections:
                    for name, (base, _pid, tokens) in servers.items():
                        quiesce(every_worker)
                        loads.append(os.getloadavg()[0])
                        rps = wrk(base + path, connections, args.duration, tokens[user])["rps"]
                        results.setdefault((path, connections, name), []).append(rps)
                        print(f"{name:<16} {path:<40} c={connections:<3} {rps:8.1f} req/s", file=sys.stderr)
    names = list(servers)
    lines = [f"# API A/B {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "", "```sh"]
    lines += ["PYTHONPATH=" + os.environ.get("PYTHONPATH", "") + " python " + shlex.join(sys.argv), "```", ""]
    lines += [
        f"{args.rounds} rounds, {args.duration} s per wrk run, builds measured in turn; load average (1 min) "
        f"median {statistics.median(loads):.1f}, max {max(loads):.1f}. Median req/s of the rounds:",
        "",
        "| endpoint | conns | "
        + " | ".join(names)
        + " | "
        + " | ".join(f"{n} ÷ {names[0]}" for n in names[1:])
        + " |",
        "| --- | ---: |" + " ---: |" * (2 * len(names) - 1),
    ]
    for _user, path in endpoints:
        for connections in args.connections:
            medians = [statistics.median(results[(path, connections, n)]) for n in names]
            ratios = [f"{m / medians[0]:.2f}" if medians[0] else "nan" for m in medians[1:]]
            lines.append(
                f"| `{path}` | {connections} | "
                + " | ".join(f"{m:,.0f}" for m in medians)
                + " | "
                + " | ".join(ratios)
                + " |"
            )
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
