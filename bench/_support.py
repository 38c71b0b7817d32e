"""Shared pieces of the benchmarks: the admin URL, database URLs, COPY, a server subprocess, logins.

Imports nothing of ``edutrack`` so that a benchmark can run one checkout's code (``PYTHONPATH``) against a
database filled by another's loader.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = os.environ.get("EDUTRACK_BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PASSWORD = "Bench-pass-1"
SECRET = "bench-secret-key-0123456789-abcdefghijklmnop"  # production settings need >= 32 characters


def pg_url(database: str, driver: str = "postgresql") -> str:
    """The URL of ``database`` on the admin URL's server (``driver`` e.g. ``postgresql+asyncpg``)."""
    return ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", f"{driver}://", 1) + "/" + database


def pg_address() -> tuple[str, int]:
    rest = ADMIN_URL.split("@", 1)[-1].split("/", 1)[0]
    host, _, port = rest.partition(":")
    return host or "127.0.0.1", int(port or 5432)


async def admin(sql: str) -> None:
    conn = await asyncpg.connect(ADMIN_URL)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def database_exists(database: str) -> bool:
    conn = await asyncpg.connect(ADMIN_URL)
    try:
        return bool(await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database))
    finally:
        await conn.close()


async def copy(conn: asyncpg.Connection, table: str, columns: list[str], rows: list[tuple]) -> None:
    """COPY ``rows`` into ``table`` and move its id sequence past them."""
    await conn.copy_records_to_table(table, records=rows, columns=columns)
    if "id" in columns and rows:
        await conn.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT max(id) FROM \"{table}\"))"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def production_env(database_url: str, pythonpath: str | None = None, **extra: str) -> dict[str, str]:
    """Production settings for ``edutrack serve`` on ``database_url`` (``pythonpath`` first on the path)."""
    env = {
        **os.environ,
        "EDUTRACK_ENV": "production",
        "EDUTRACK_SECRET_KEY": SECRET,
        "EDUTRACK_LOG_LEVEL": "WARNING",
        "EDUTRACK_DATABASE_URL": database_url,
        "EDUTRACK_DB_POOL_SIZE": "20",
        "EDUTRACK_DB_MAX_OVERFLOW": "10",
        **extra,
    }
    for name in ("EDUTRACK_PASSWORD_HASHING", "EDUTRACK_DATABASE_READ_URL"):
        if name not in extra:
            env.pop(name, None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    return env


def wait_ready(base: str, process: subprocess.Popen[bytes], path: str, within: float = 120) -> None:
    deadline = time.monotonic() + within
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            if httpx.get(base + path, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{process.args!r} did not become ready within {within:.0f} s")
        time.sleep(0.3)


@contextmanager
def process_serving(
    command: list[str], env: Mapping[str, str], port: int, ready_path: str = "/health/ready"
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run ``command`` (a server on ``port``), wait until ``ready_path`` answers 200, yield its base URL
    and process, then stop it (SIGTERM, then SIGKILL after 15 s)."""
    server = subprocess.Popen(command, env=dict(env), stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, server, ready_path)
        yield base, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextmanager
def edutrack_serving(
    env: Mapping[str, str], workers: int, port: int | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``python -m edutrack serve --workers N`` with ``env`` (see :func:`production_env`)."""
    port = port or free_port()
    command = [sys.executable, "-m", "edutrack", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers)]
    with process_serving(command, env, port) as served:
        yield served


def login_token(base: str, username: str, password: str = PASSWORD) -> str:
    response = httpx.post(
        base + "/accounts/token/", json={"username": username, "password": password}, timeout=60
    )
    response.raise_for_status()
    return str(response.json()["access"])


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children first), from /proc (Linux)."""
    found: list[int] = []
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        try:
            tasks = Path(f"/proc/{parent}/task").iterdir()
            children = [int(c) for t in tasks for c in (t / "children").read_text().split()]
        except OSError:
            children = []
        found += children
        frontier += children
    return found


Headers = dict[str, str]
Login = Callable[[str], Awaitable[Headers]]


@asynccontextmanager
async def app_in_process(database_url: str, **settings: Any) -> AsyncIterator[tuple[Any, Any]]:
    """The app on ``database_url``, started (its lifespan), and its container: fast password hashing,
    warnings only, a throwaway media folder; ``settings`` override (``environment="production"``, ...)."""
    from edutrack.composition import build_container
    from edutrack.entrypoints.http.app import create_app
    from edutrack.settings import Settings

    with tempfile.TemporaryDirectory() as media:
        options = {"environment": "test", "password_hashing": "fast", "log_level": "WARNING", **settings}
        built = Settings(database_url=database_url, media_dir=Path(media), **options)
        container = build_container(built)
        app = create_app(built, container)
        try:
            async with app.lifespan():
                yield app, container
        finally:
            await container.dispose()


async def bearer(client: httpx.AsyncClient, username: str) -> Headers:
    """``username``'s bearer header (password ``PASSWORD``), from ``/accounts/token/``."""
    response = await client.post("/accounts/token/", json={"username": username, "password": PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access']}"}


@asynccontextmanager
async def in_process(database_url: str) -> AsyncIterator[tuple[httpx.AsyncClient, Login, Any]]:
    """The app on ``database_url`` called in-process (``httpx.ASGITransport``, no server), with a function
    that logs a user in (password ``PASSWORD``) and returns their bearer header, and the app's container
    (its ``engines``, to listen to the statements)."""
    async with app_in_process(database_url) as (app, container):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

            async def headers(username: str) -> Headers:
                return await bearer(client, username)

            yield client, headers, container
