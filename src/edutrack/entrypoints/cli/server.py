"""``edutrack serve --workers N``: N uvicorn processes, each listening on its own ``SO_REUSEPORT`` socket.

uvicorn's own ``--workers`` shares one listening socket between its processes; whichever process wakes
first accepts every connection waiting, so a burst of keep-alive connections (a frontend's, a load
balancer's pool) lands on one worker and stays there while the others idle (measured in issue 16: 32
connections on one worker in 4 of 4 tries). With one socket per process in a ``SO_REUSEPORT`` group the
kernel spreads new connections over the processes by a hash of their addresses. Where the option does
not exist (not Linux/BSD/macOS) uvicorn's shared socket is used.

The parent only supervises: it starts the workers, restarts one that dies, and on SIGINT/SIGTERM asks
every worker to finish its requests (uvicorn's graceful shutdown) before it exits.
"""

from __future__ import annotations

import logging
import logging.config
import multiprocessing
import os
import signal
import socket
import time
from typing import Any

RESTART_PAUSE = 1.0  # seconds between a worker's death and its replacement (no busy restart loop)


def reuse_port_available() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _worker(app: str, host: str, port: int, options: dict[str, Any]) -> None:
    import uvicorn

    config = uvicorn.Config(app, factory=True, host=host, port=port, **options)
    uvicorn.Server(config).run(sockets=[listening_socket(host, port)])


def serve_reuse_port(app: str, host: str, port: int, workers: int, options: dict[str, Any]) -> None:
    """Run ``workers`` processes of ``app`` (an import string of an app factory) until SIGINT/SIGTERM."""
    context = multiprocessing.get_context("spawn")
    stopping = False
    if isinstance(options.get("log_config"), dict):  # the workers' own format for the supervisor's lines
        logging.config.dictConfig(options["log_config"])
    logger = logging.getLogger("uvicorn.error")  # where uvicorn's own supervisor writes
    logger.info(
        "Started parent process [%d]: %d workers on %s:%d (SO_REUSEPORT)", os.getpid(), workers, host, port
    )

    def start() -> multiprocessing.process.BaseProcess:
        process = context.Process(target=_worker, args=(app, host, port, options), daemon=False)
        process.start()
        return process

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    processes = [start() for _ in range(workers)]
    try:
        while not stopping:
            time.sleep(0.2)
            for index, process in enumerate(processes):
                if not stopping and not process.is_alive():
                    logger.warning(
                        "Worker process [%s] died (exit code %s); starting another",
                        process.pid,
                        process.exitcode,
                    )
                    time.sleep(RESTART_PAUSE)
                    processes[index] = start()
    finally:
        for process in processes:
            if process.is_alive() and process.pid is not None:
                process.terminate()  # SIGTERM: uvicorn finishes the requests in flight, then exits
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        logger.info("Stopping parent process [%d]", os.getpid())
