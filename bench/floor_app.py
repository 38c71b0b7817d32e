"""The floor: a bare Litestar app that runs, per benchmarked endpoint, the same SQL statements with the same
parameters as the endpoint (captured from the app by ``bench/api_bench.py``) on a raw asyncpg pool, and
encodes the rows with msgspec. No authentication, no ORM, no schema layer: what the endpoint cannot beat.

    python bench/floor_app.py --statements CAPTURE.pickle --dsn postgresql://... --port 8100 --workers 2

``GET /floor/<index>/`` runs the statements of the endpoint at that index of the capture, one pooled
connection per request, in autocommit, and answers ``[[row, ...], ...]`` (one list per statement, rows as
objects). Served like ``edutrack serve``: N uvicorn processes, each on its own ``SO_REUSEPORT`` socket.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pickle
import signal
import socket
import time
from typing import Any

import asyncpg
import msgspec
from litestar import Litestar, Response, get


def create_app() -> Litestar:
    with open(os.environ["BENCH_FLOOR_STATEMENTS"], "rb") as file:
        captured: list[tuple[str, list[tuple[str, tuple[Any, ...]]]]] = pickle.load(file)
    statements = [stmts for _name, stmts in captured]
    pool: dict[str, asyncpg.Pool] = {}
    encoder = msgspec.json.Encoder(decimal_format="string")

    async def start() -> None:
        pool["pool"] = await asyncpg.create_pool(os.environ["BENCH_FLOOR_DSN"], min_size=2, max_size=20)

    async def stop() -> None:
        await pool["pool"].close()

    @get("/floor/{index:int}/", sync_to_thread=False)
    async def floor(index: int) -> Response[bytes]:
        results = []
        async with pool["pool"].acquire() as conn:
            for sql, params in statements[index]:
                results.append([dict(row) for row in await conn.fetch(sql, *params)])
        return Response(encoder.encode(results), media_type="application/json")

    @get("/health/ready", sync_to_thread=False)
    async def ready() -> dict[str, str]:
        return {"status": "ok"}

    return Litestar([floor, ready], on_startup=[start], on_shutdown=[stop], openapi_config=None)


def _worker(host: str, port: int) -> None:
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    config = uvicorn.Config(
        "bench.floor_app:create_app",
        factory=True,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
    )
    uvicorn.Server(config).run(sockets=[sock])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", required=True)
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    os.environ["BENCH_FLOOR_STATEMENTS"] = args.statements
    os.environ["BENCH_FLOOR_DSN"] = args.dsn
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_worker, args=(args.host, args.port)) for _ in range(args.workers)]
    for process in workers:
        process.start()
    stopping: list[int] = []
    signal.signal(signal.SIGTERM, lambda signum, _frame: stopping.append(signum))
    signal.signal(signal.SIGINT, lambda signum, _frame: stopping.append(signum))
    while not stopping and all(p.is_alive() for p in workers):
        time.sleep(0.2)
    for process in workers:
        process.terminate()
    for process in workers:
        process.join(10)


if __name__ == "__main__":
    main()
