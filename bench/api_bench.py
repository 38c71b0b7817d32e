"""API benchmark (issue 16): ``edutrack serve --workers 2`` with production settings on the data set of
``bench/dataset.py``, every endpoint of ``bench/endpoints.py`` driven by wrk at 1 and 32 keep-alive
connections beside the floor (``bench/floor_app.py``: the same SQL on raw asyncpg + msgspec), interleaved
and repeated.

    PYTHONPATH=src:. python bench/api_bench.py --database edutrack_bench_api --label after

Steps: (1) the endpoints' SQL, captured in-process (the app's own statements: what the tests count, and what
the floor replays, parameters included); (2) statements and round trips per request counted at the wire
(``bench/wire.py``: a one-worker server behind a counting proxy, ``--wire-requests`` sequential requests
per endpoint); (3) the server and the floor side by side, the status and SHA-256 of the fixed URLs of
``bench/endpoints.py`` (``-responses.json``, compare with ``bench/responses.py``), a warm-up, then
``--rounds`` rounds of every endpoint × connection count × (app, floor) for ``--duration`` seconds each,
the load average, the CPU seconds of each worker and their peak RSS; (4) the medians in
``bench/results/api-<date>[-label].md``. Runs the ``edutrack`` on ``PYTHONPATH`` (another checkout's
``src`` times that checkout). Needs ``wrk`` (apt-get install wrk). See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pickle
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._support import (  # noqa: E402
    database_exists,
    descendants,
    edutrack_serving,
    free_port,
    in_process,
    login_token,
    pg_address,
    pg_url,
    process_serving,
    production_env,
)
from bench.endpoints import ENDPOINTS, EQUALITY, USERNAMES  # noqa: E402
from bench.responses import fetch  # noqa: E402
from bench.wire import CountingProxy  # noqa: E402

CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
SERVER_ENV = {"EDUTRACK_ACCESS_TOKEN_MINUTES": "240"}


# --- (1) the endpoints' own statements, in-process ------------------------------------------------------


async def capture(database: str) -> list[tuple[str, list[tuple[str, tuple[Any, ...]]]]]:
    """Per endpoint, the statements (SQL, parameters) of one warm request; BEGIN/COMMIT/ROLLBACK left out."""
    from sqlalchemy import event

    seen: list[tuple[str, tuple[Any, ...]]] = []

    def before(_conn, _cursor, statement, parameters, _context, many):  # type: ignore[no-untyped-def]
        if not many and not statement.strip().upper().startswith(CONTROL):
            seen.append((statement, tuple(parameters or ())))

    captured = []
    async with in_process(pg_url(database, "postgresql+asyncpg")) as (client, login, container):
        for engine in container.engines:
            event.listen(engine.sync_engine, "before_cursor_execute", before)
        headers = {user: await login(username) for user, username in USERNAMES.items()}
        for endpoint in ENDPOINTS:
            for _ in range(2):
                response = await client.get(endpoint.path, headers=headers[endpoint.user])
                assert response.status_code == 200, (endpoint.path, response.text[:300])
            seen.clear()
            await client.get(endpoint.path, headers=headers[endpoint.user])
            captured.append((endpoint.name, list(seen)))
    return captured


# --- (2) statements at the wire -------------------------------------------------------------------------


def wire_counts(database: str, requests: int) -> dict[str, dict[str, float]]:
    found = {}
    with CountingProxy(pg_address()) as proxy:
        url = f"postgresql+asyncpg://postgres@127.0.0.1:{proxy.port}/{database}"
        with edutrack_serving(production_env(url, **SERVER_ENV), workers=1) as (base, _):
            tokens = {user: login_token(base, name) for user, name in USERNAMES.items()}
            with httpx.Client(base_url=base, timeout=60) as client:
                for endpoint in ENDPOINTS:
                    headers = {"Authorization": f"Bearer {tokens[endpoint.user]}"}
                    for _ in range(3):
                        client.get(endpoint.path, headers=headers).raise_for_status()
                    proxy.reset()
                    for _ in range(requests):
                        client.get(endpoint.path, headers=headers).raise_for_status()
                    counts = proxy.snapshot()
                    found[endpoint.name] = {k: v / requests for k, v in counts.items()}
    return found


# --- (3) throughput with wrk ----------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS[unit]


def wrk(url: str, connections: int, seconds: float, token: str | None) -> dict[str, float]:
    command = ["wrk", f"-t{1 if connections == 1 else 2}", f"-c{connections}", f"-d{seconds:g}s", "--latency"]
    command += ["--timeout", "30s"]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": float(bad.group(1)) if bad else 0.0} | (
        {"socket_errors": 1.0} if errors else {}
    )


def workers_of(pid: int) -> list[int]:
    """The spawned worker processes below ``pid`` (not multiprocessing's resource tracker)."""
    found = []
    for child in descendants(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
        except OSError:
            pass
    return found


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int, field_name: str = "VmHWM") -> float:
    """``VmHWM``: the most the process ever held (log-ins included: argon2id works in 64 MiB); ``VmRSS``:
    what it holds now."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


class RssSampler:
    """The most each worker held while wrk ran (``VmRSS`` every 0.1 s)."""

    def __init__(self, workers: list[int]) -> None:
        self.workers = workers
        self.peak = dict.fromkeys(workers, 0.0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            for worker in self.workers:
                self.peak[worker] = max(self.peak[worker], peak_rss_mb(worker, "VmRSS"))

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Runs:
    results: dict[tuple[str, int, str], list[dict[str, float]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    loads: list[float] = field(default_factory=list)
    peak_rss: dict[str, list[float]] = field(default_factory=dict)
    load_rss: dict[str, dict[int, float]] = field(default_factory=lambda: defaultdict(dict))


def quiesce(workers: list[int], within: float = 60) -> None:
    """Wait until the workers are idle (under 5 % of a core over 0.5 s): requests queued by the previous
    measurement and still running after wrk closed its connections would otherwise slow the next one."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        before = sum(cpu_seconds(w) for w in workers)
        time.sleep(0.5)
        if sum(cpu_seconds(w) for w in workers) - before < 0.025:
            return


def measure(url: str, token: str | None, pid: int, connections: int, seconds: float) -> dict[str, float]:
    workers = workers_of(pid)
    cpu_before = [cpu_seconds(w) for w in workers]
    load = os.getloadavg()[0]
    with RssSampler(workers) as rss:
        result = wrk(url, connections, seconds, token)
    spent = sorted(cpu_seconds(w) - b for w, b in zip(workers, cpu_before, strict=True))
    result["load"] = load
    result["rss"] = rss.peak  # type: ignore[assignment]
    result["cpu_min"], result["cpu_max"] = (spent[0], spent[-1]) if spent else (0.0, 0.0)
    return result


def throughput(
    app: tuple[str, int], floor: tuple[str, int] | None, tokens: dict[str, str], args: argparse.Namespace
) -> Runs:
    runs = Runs()
    targets = [("app", app[0], app[1])] + ([("floor", floor[0], floor[1])] if floor else [])

    def url_of(target: str, base: str, index: int) -> tuple[str, str | None]:
        endpoint = ENDPOINTS[index]
        if target == "floor":
            return f"{base}/floor/{index}/", None
        return base + endpoint.path, tokens[endpoint.user]

    for index in range(len(ENDPOINTS)):  # warm-up
        for target, base, _pid in targets:
            url, token = url_of(target, base, index)
            wrk(url, 8, args.warmup, token)
    total = args.rounds * len(ENDPOINTS) * len(args.connections) * len(targets)
    done = 0
    for _round in range(args.rounds):
        for index, endpoint in enumerate(ENDPOINTS):
            for connections in args.connections:
                for target, base, pid in targets:
                    url, token = url_of(target, base, index)
                    quiesce([w for _t, _b, p in targets for w in workers_of(p)])
                    result = measure(url, token, pid, connections, args.duration)
                    runs.results[(endpoint.name, connections, target)].append(result)
                    runs.loads.append(result["load"])
                    for worker, mb in result.pop("rss").items():  # type: ignore[attr-defined]
                        runs.load_rss[target][worker] = max(runs.load_rss[target].get(worker, 0.0), mb)
                    done += 1
                    print(
                        f"[{done}/{total}] {target:<5} {endpoint.name:<18} c={connections:<3} "
                        f"{result['rps']:8.1f} req/s p50 {result['p50']:7.2f} ms load {result['load']:.1f}",
                        file=sys.stderr,
                    )
    for target, _base, pid in targets:
        runs.peak_rss[target] = [peak_rss_mb(w) for w in workers_of(pid)]
    return runs


# --- (4) the report -------------------------------------------------------------------------------------


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> list[str]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
        "?",
    )
    postgres = subprocess.run(
        ["psql", "-h", pg_address()[0], "-U", "postgres", "-Atc", "SHOW server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    return [
        f"- host: {platform.node()}, {os.cpu_count()} CPUs ({cpu}), {platform.platform()}",
        f"- Python {platform.python_version()}, PostgreSQL {postgres or '?'}, {wrk_version.strip()}",
    ]


def code_facts() -> list[str]:
    import edutrack

    src = Path(edutrack.__file__).resolve().parents[2]
    commit = subprocess.run(
        ["git", "-C", str(src), "log", "-1", "--format=%h %s"], capture_output=True, text=True
    ).stdout.strip()
    return [f"- code: `{src}` at {commit[:110]}"]


def report(
    args: argparse.Namespace,
    command: str,
    captured: list[tuple[str, list[tuple[str, tuple[Any, ...]]]]],
    wire: dict[str, dict[str, float]],
    runs: Runs,
    started: float,
) -> str:
    lines = [f"# API benchmark {datetime.now(UTC):%Y-%m-%d}{' — ' + args.label if args.label else ''}", ""]
    lines += ["```sh", command, "```", ""]
    lines += [f"- started {args.started:%Y-%m-%d %H:%M} UTC", *machine(), *code_facts()]
    loads = runs.loads or [0.0]
    lines += [
        f"- database `{args.database}` (bench/dataset.py, full scale unless said otherwise); "
        f"`edutrack serve --workers 2`, EDUTRACK_ENV=production, pool 20 + 10 per worker",
        f"- {args.rounds} rounds × {len(ENDPOINTS)} endpoints × connections {args.connections} "
        f"× (app, floor), {args.duration:g} s each, interleaved; medians over the rounds; run took "
        f"{(time.monotonic() - started) / 60:.1f} min",
        f"- load average (1 min) at the measurements: median {_median(loads):.1f}, max {max(loads):.1f} "
        "(2 cores: above ~2 the numbers are noisy; compare ratios within this run)",
        "",
        "| endpoint | conns | req/s | p50 ms | p99 ms | floor req/s | efficiency | worker CPU max:min "
        "| statements (app / wire) | round trips |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    own = {name: len(statements) for name, statements in captured}
    for endpoint in ENDPOINTS:
        for connections in args.connections:
            app = runs.results.get((endpoint.name, connections, "app"), [])
            floor = runs.results.get((endpoint.name, connections, "floor"), [])
            rps = _median([r["rps"] for r in app])
            floor_rps = _median([r["rps"] for r in floor])
            ratios = [r["cpu_max"] / r["cpu_min"] if r["cpu_min"] > 0 else float("inf") for r in app]
            balance = f"{max(ratios):.1f}:1" if connections > 1 and ratios else "—"
            bad = sum(r["non2xx"] for r in app + floor)
            counts = wire.get(endpoint.name, {})
            lines.append(
                f"| {endpoint.name}"
                f"{f' ⚠ {bad:.0f} non-2xx' if bad else ''} | {connections} | {rps:,.0f} "
                f"| {_median([r['p50'] for r in app]):.2f} | {_median([r['p99'] for r in app]):.2f} "
                f"| {floor_rps:,.0f} | {rps / floor_rps if floor_rps else float('nan'):.2f} | {balance} "
                f"| {own.get(endpoint.name, 0)} / {counts.get('statements', float('nan')):.1f} "
                f"| {counts.get('round_trips', float('nan')):.1f} |"
            )
    lines += ["", "Endpoints (owner = bench_owner, the site owner; student = student1):", ""]
    lines += [f"- {e.name}: `GET {e.path}` as {e.user}" for e in ENDPOINTS]
    lines += ["", "Throughput at 32 ÷ at 1 connection (target ≥ 1.7):", ""]
    if len(args.connections) > 1:
        low, high = min(args.connections), max(args.connections)
        for endpoint in ENDPOINTS:
            one = _median([r["rps"] for r in runs.results.get((endpoint.name, low, "app"), [])])
            many = _median([r["rps"] for r in runs.results.get((endpoint.name, high, "app"), [])])
            lines.append(f"- {endpoint.name}: {many / one if one else float('nan'):.2f}×")
    lines += [
        "",
        "Peak RSS of each worker over the run (VmHWM, target < 200 MB; it includes the log-ins before the "
        "load, argon2id working in 64 MiB each): "
        + "; ".join(
            f"{target} {', '.join(f'{mb:.0f} MB' for mb in mbs)}" for target, mbs in runs.peak_rss.items()
        ),
        "",
        "Peak RSS of each worker under load (VmRSS sampled every 0.1 s while wrk ran): "
        + "; ".join(
            f"{target} {', '.join(f'{mb:.0f} MB' for mb in by_worker.values())}"
            for target, by_worker in runs.load_rss.items()
        ),
        "",
        "Columns: req/s, p50 and p99 are wrk's (median of the rounds); floor req/s is `bench/floor_app.py` "
        "running the endpoint's captured statements on raw asyncpg; efficiency = req/s ÷ floor req/s; worker "
        "CPU max:min is the worst ratio of the two workers' CPU seconds over a run (1.0 = even); statements "
        "app = the app's own (captured in-process, BEGIN/COMMIT/ROLLBACK not counted), wire = Query + "
        "Execute messages per request at a counting proxy (one worker, sequential requests), round trips = "
        "Sync + Query messages.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="a database filled by bench/dataset.py")
    parser.add_argument("--label", default="", help="suffix of the results file (before, after, ...)")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk measurement")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per endpoint and target")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 32])
    parser.add_argument("--wire-requests", type=int, default=20)
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument("--out", type=Path, default=None, help="default bench/results/api-<date>[-label].md")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="these endpoints only (a quick look)")
    args = parser.parse_args()
    if args.only:
        unknown = set(args.only) - {e.name for e in ENDPOINTS}
        if unknown:
            raise SystemExit(f"unknown endpoints {sorted(unknown)}: {[e.name for e in ENDPOINTS]}")
        ENDPOINTS[:] = [e for e in ENDPOINTS if e.name in args.only]
    started = time.monotonic()
    args.started = datetime.now(UTC)
    command = "PYTHONPATH=" + os.environ.get("PYTHONPATH", "") + " python " + shlex.join(sys.argv)
    if not asyncio.run(database_exists(args.database)):
        raise SystemExit(f"no database {args.database}: fill one with bench/dataset.py")
    out = args.out or ROOT / "bench" / "results" / (
        f"api-{datetime.now(UTC):%Y-%m-%d}{'-' + args.label if args.label else ''}.md"
    )
    captured = asyncio.run(capture(args.database))
    print(f"captured {sum(len(s) for _n, s in captured)} statements", file=sys.stderr)
    wire = wire_counts(args.database, args.wire_requests)
    print(f"wire counts: {json.dumps(wire)}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as scratch:
        statements = Path(scratch) / "statements.pickle"
        statements.write_bytes(pickle.dumps(captured))
        env = production_env(pg_url(args.database, "postgresql+asyncpg"), **SERVER_ENV)
        with edutrack_serving(env, workers=2) as (base, server):
            tokens = {user: login_token(base, name) for user, name in USERNAMES.items()}
            headers = {user: {"Authorization": f"Bearer {token}"} for user, token in tokens.items()}

            async def responses() -> dict[str, dict[str, object]]:
                async with httpx.AsyncClient(base_url=base, timeout=60) as client:
                    return await fetch(client, headers, EQUALITY)

            out.parent.mkdir(parents=True, exist_ok=True)
            out.with_suffix(".responses.json").write_text(
                json.dumps(asyncio.run(responses()), indent=1) + "\n"
            )
            floor_port = free_port()
            floor_command = [sys.executable, str(ROOT / "bench" / "floor_app.py"), "--port", str(floor_port)]
            floor_command += ["--statements", str(statements), "--dsn", pg_url(args.database)]
            floor_env = {
                **os.environ,
                "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
            }
            if args.no_floor:
                runs = throughput((base, server.pid), None, tokens, args)
            else:
                with process_serving(floor_command, floor_env, floor_port) as (floor_base, floor):
                    runs = throughput((base, server.pid), (floor_base, floor.pid), tokens, args)
    out.write_text(report(args, command, captured, wire, runs, started))
    print(f"wrote {out} and {out.with_suffix('.responses.json').name}", file=sys.stderr)


if __name__ == "__main__":
    main()
