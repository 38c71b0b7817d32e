"""A real ``edutrack serve`` in a subprocess, for the tests that race requests through server workers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def reserve_port() -> socket.socket:
    """A socket bound (not listening) to a free loopback port, with ``SO_REUSEADDR``: while it stays open
    the kernel hands that port to no other ``bind(port 0)`` (another pytest-xdist worker's), yet uvicorn,
    which also sets ``SO_REUSEADDR``, can bind and listen on it. Close it once the server listens."""
    probe = socket.socket()
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    probe.bind(("127.0.0.1", 0))
    return probe


@contextmanager
def serving(
    settings: Mapping[str, str],
    *,
    workers: int | None = 2,
    log: Path | None = None,
    ready_path: str = "/health/ready",
    drop: tuple[str, ...] = (),
    ready_within: float = 120,
) -> Iterator[str]:
    """Start the server with the test settings plus ``settings`` (environment variables without ``drop``),
    wait until ``ready_path`` answers 200, yield its base URL, and stop it."""
    with server_process(
        settings, workers=workers, log=log, ready_path=ready_path, drop=drop, ready_within=ready_within
    ) as (url, _):
        yield url


@contextmanager
def server_process(
    settings: Mapping[str, str],
    *,
    workers: int | None = 2,
    log: Path | None = None,
    ready_path: str = "/health/ready",
    drop: tuple[str, ...] = (),
    ready_within: float = 120,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``serving``, yielding the server's process too. A busy 2-core host (a parallel suite) can take a
    minute to start two workers; waiting longer costs nothing when they are quicker."""
    reservation = reserve_port()  # held until the server is ready: no other worker can pick the port
    port = int(reservation.getsockname()[1])
    env = {
        **{k: v for k, v in os.environ.items() if k not in drop},
        "EDUTRACK_ENV": "test",
        "EDUTRACK_PASSWORD_HASHING": "fast",
        "EDUTRACK_LOG_LEVEL": "WARNING",
        **settings,
    }
    command = [sys.executable, "-m", "edutrack", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if workers is not None:
        command += ["--workers", str(workers)]
    output = log.open("wb") if log is not None else subprocess.DEVNULL
    server = subprocess.Popen(command, env=env, stdout=output, stderr=output if log is not None else None)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_within
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"edutrack serve exited with {server.returncode}")
            try:
                if httpx.get(base_url + ready_path, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"edutrack serve did not become ready within {ready_within} s")
            time.sleep(0.3)
        reservation.close()
        yield base_url, server
    finally:
        reservation.close()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        if log is not None and not isinstance(output, int):
            output.close()
