"""``edutrack worker``: run the background jobs on their own (docs/adr/0009-background-jobs.md)."""

from __future__ import annotations

import argparse
import os
import socket
from typing import TYPE_CHECKING

from edutrack.entrypoints.cli.common import EXIT_OK, Commands, positive, with_container

if TYPE_CHECKING:
    from edutrack.composition import Container
    from edutrack.settings import Settings


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    from edutrack.composition.jobs import run_worker
    from edutrack.entrypoints.http.logging import configure_logging

    configure_logging(settings)
    name = args.name or f"{socket.gethostname()}-{os.getpid()}"
    if settings.jobs == "queue":
        print(f"edutrack worker {name}: PostgreSQL job queue, concurrency {args.concurrency}", flush=True)
    else:
        print(
            f"edutrack worker {name}: EDUTRACK_JOBS=inline, running the periodic jobs in this process "
            "(the web processes run them too; harmless, jobs are idempotent)",
            flush=True,
        )

    async def work(container: Container) -> None:
        await run_worker(container, name=name, concurrency=args.concurrency)

    with_container(settings, work)
    return EXIT_OK


def register(commands: Commands) -> None:
    worker = commands.command(
        "worker",
        "run the background jobs (periodic sweeps, queued jobs) until stopped; "
        "on PostgreSQL run one or more of these next to `serve`",
    )
    worker.add_argument(
        "--concurrency",
        type=positive,
        default=2,
        help="jobs run at once by this process (default: %(default)s)",
    )
    worker.add_argument("--name", default="", help="worker name in the logs (default: host-pid)")
    worker.set_defaults(handler=_worker)
