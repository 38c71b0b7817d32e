"""The ``edutrack`` command line (§12): the operator's way into the same use cases the HTTP API runs.

Exit codes: 0 success; 1 the request was refused (a domain rule, a database problem); 2 bad usage or a
bad setting. Every failure is one line on standard error. Settings are read (and validated) before
anything heavy is imported, so a bad ``EDUTRACK_*`` variable is reported at once: this module and the
features' command modules import only the standard library, the settings and the core at the top.

Here: the parser's skeleton, running a command, and the commands of no feature (``serve``, ``up``,
``db``, ``demo-data``). A feature's commands live in ``cli/<feature>.py`` (``register(commands)``),
found through ``edutrack.features.FEATURES`` (docs/adr/0006-feature-rooms.md).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from edutrack import __version__
from edutrack.core.errors import DomainError
from edutrack.entrypoints.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    Commands,
    OutputFailed,
    Progress,
    positive,
    with_container,
)
from edutrack.features import FEATURES
from edutrack.settings import Settings, SettingsError

ASGI_APP = "edutrack.entrypoints.http.app:create_asgi_app"

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "CommandError", "build_parser", "main"]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _fail(message: str) -> None:
    print(f"edutrack: error: {_one_line(message)}", file=sys.stderr)


def _database_error(exc: BaseException) -> str | None:
    """A one-line description when ``exc`` is a database or connection failure, else None."""
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    if isinstance(exc, DBAPIError) and exc.orig is not None:
        detail = str(exc.orig)
    elif isinstance(exc, SQLAlchemyError | OSError):
        detail = str(exc)
    else:
        return None
    detail = _one_line(detail.splitlines()[0] if detail else type(exc).__name__)
    lowered = detail.lower()
    if "no such table" in lowered or ("relation" in lowered and "does not exist" in lowered):
        detail += " (run `edutrack db upgrade` first)"
    return f"database: {detail}"


def _migration_error(exc: BaseException) -> str | None:
    from alembic.util.exc import CommandError as AlembicCommandError

    if isinstance(exc, AlembicCommandError):
        return f"migrations: {exc}"
    return None


# --- the commands of no feature -------------------------------------------------------------------


def _db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    from edutrack.adapters.sql.migrate import upgrade

    upgrade(settings.database_url, args.revision)
    print(f"Database upgraded to {args.revision}.")
    return EXIT_OK


def _db_downgrade(settings: Settings, args: argparse.Namespace) -> int:
    from edutrack.adapters.sql.migrate import downgrade

    downgrade(settings.database_url, args.revision)
    print(f"Database downgraded to {args.revision}.")
    return EXIT_OK


def _db_current(settings: Settings, args: argparse.Namespace) -> int:
    from alembic import command

    from edutrack.adapters.sql.migrate import alembic_config

    config = alembic_config(settings.database_url)
    buffer = io.StringIO()
    config.stdout = buffer  # Alembic's default is the stdout of import time; collect it and print here
    command.current(config)
    shown = buffer.getvalue().strip()
    print(shown or "No revision applied (run `edutrack db upgrade`).")
    return EXIT_OK


def _refuse_in_production(settings: Settings, command: str) -> None:
    """The demo world has known passwords (admin / Admin-pass-2026): never on a production database."""
    if settings.is_production:
        raise CommandError(
            f"`edutrack {command}` creates demo accounts with published passwords and is refused when "
            "EDUTRACK_ENV=production; create the site owner with `edutrack users create-site-owner`"
        )


def _demo_data(settings: Settings, args: argparse.Namespace) -> int:
    _refuse_in_production(settings, "demo-data")
    from edutrack.entrypoints.cli.demo_data import load_demo_data
    from edutrack.entrypoints.cli.demo_people import PEOPLE, demo_logins

    with Progress("demo-data") as progress:
        counts = with_container(settings, lambda c: load_demo_data(c, on_step=progress.update))
    created = {kind: n for kind, n in counts.items() if n}
    if created:
        print("Demo data created: " + ", ".join(f"{n} {kind}" for kind, n in created.items()) + ".")
    else:
        print("Demo data already present: nothing to create.")
    if any(counts.get(kind) for kind in PEOPLE):
        print("\n".join(demo_logins()))
    return EXIT_OK


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    workers = getattr(args, "workers", 1)
    reload = getattr(args, "reload", False)
    if reload and workers > 1:
        raise CommandError("--reload and --workers greater than 1 cannot be combined")
    import uvicorn

    from edutrack.entrypoints.http.logging import uvicorn_log_config

    # The settings were validated above; each worker builds its own app from the same environment.
    # X-Forwarded-* headers are believed only from EDUTRACK_FORWARDED_ALLOW_IPS (uvicorn's own default
    # trusts 127.0.0.1, so a local client could pick its address and dodge the per-address throttles).
    proxies = settings.forwarded_allow_ips
    options: dict[str, object] = {
        "access_log": False,
        "log_level": settings.log_level.lower(),
        "log_config": uvicorn_log_config(settings),
        # a worker importing the app on a busy host can take longer than uvicorn's 5 s to answer the
        # supervisor's first ping; it was then killed and restarted, again and again
        "timeout_worker_healthcheck": 30,
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": ",".join(proxies) if proxies else "",
    }
    from edutrack.entrypoints.cli.server import reuse_port_available, serve_reuse_port

    with _metrics_directory(settings):  # workers inherit PROMETHEUS_MULTIPROC_DIR
        if workers > 1 and reuse_port_available():  # one socket per worker: the kernel spreads connections
            serve_reuse_port(ASGI_APP, args.host, args.port, workers, options)
            return EXIT_OK
        uvicorn.run(
            ASGI_APP, factory=True, host=args.host, port=args.port, workers=workers, reload=reload, **options
        )
    return EXIT_OK


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def _metrics_directory(settings: Settings) -> Iterator[None]:
    """prometheus_client's multiprocess mode for the workers about to start: PROMETHEUS_MULTIPROC_DIR
    (the operator's, emptied first so a restart does not resume the last run's values, or
    ``<tmp>/edutrack-metrics-<pid>``). Set before anything imports prometheus_client. uvicorn ends on
    SIGTERM by re-raising the signal, so no clean-up code runs then: the directories of dead servers are
    removed at the next start."""
    if not settings.metrics_enabled:
        yield
        return
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    if configured:
        directory = Path(configured)
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob("*.db"):
            stale.unlink()
    else:
        root = Path(tempfile.gettempdir())
        for old in root.glob("edutrack-metrics-*"):
            suffix = old.name.rsplit("-", 1)[1]
            if suffix.isdigit() and not _alive(int(suffix)):
                shutil.rmtree(old, ignore_errors=True)
        directory = root / f"edutrack-metrics-{os.getpid()}"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(mode=0o700)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)
    try:
        yield
    finally:
        if not configured:
            os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
            shutil.rmtree(directory, ignore_errors=True)


def _up(settings: Settings, args: argparse.Namespace) -> int:
    """Quickstart: migrate, load the demo world, then serve (refused in production, before migrating)."""
    _refuse_in_production(settings, "up")
    args.revision = "head"
    for step in (_db_upgrade, _demo_data):
        code = step(settings, args)
        if code != EXIT_OK:
            return code
    return _serve(settings, args)


# --- the parser -----------------------------------------------------------------------------------


def _port(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {raw!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 1 and 65535, got {value}")
    return value


def _add_address(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: %(default)s)")
    parser.add_argument("--port", type=_port, default=8000, help="port to bind (default: %(default)s)")


def _register_features(commands: Commands) -> None:
    """``register(commands)`` of every ``entrypoints/cli/<feature>.py``, in feature order."""
    for name in FEATURES:
        module = f"{__package__}.{name}"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module).register(commands)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="edutrack",
        description="EduTrack operations. Settings come from EDUTRACK_* environment variables.",
    )
    parser.add_argument("--version", action="version", version=f"edutrack {__version__}")
    commands = Commands(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))

    serve = commands.command("serve", "run the HTTP API with uvicorn")
    _add_address(serve)
    serve.add_argument("--workers", type=positive, default=1, help="worker processes (default: %(default)s)")
    serve.add_argument("--reload", action="store_true", help="restart on code changes (development)")
    serve.set_defaults(handler=_serve)

    db = commands.group("db", "database migrations")
    upgrade = db.add_parser("upgrade", help="migrate the database up to a revision")
    upgrade.add_argument("--revision", default="head", help="target revision (default: %(default)s)")
    upgrade.set_defaults(handler=_db_upgrade)
    downgrade = db.add_parser("downgrade", help="migrate the database down to a revision")
    downgrade.add_argument("--revision", required=True, help="target revision, e.g. base or -1")
    downgrade.set_defaults(handler=_db_downgrade)
    current = db.add_parser("current", help="show the database's current revision")
    current.set_defaults(handler=_db_current)

    _register_features(commands)

    demo = commands.command("demo-data", "load the Egyptian demo world (safe to run again)")
    demo.set_defaults(handler=_demo_data)

    up = commands.command("up", "quickstart: db upgrade, demo-data, then serve")
    _add_address(up)
    up.set_defaults(handler=_up)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error argparse already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        settings = Settings.from_env()
        return args.handler(settings, args)
    except SettingsError as exc:
        _fail(str(exc))
        return EXIT_USAGE
    except CommandError as exc:
        _fail(str(exc))
        return EXIT_USAGE
    except OutputFailed as exc:  # an OSError, but of the output file, not of the database
        _fail(str(exc))
        return EXIT_FAILED
    except DomainError as exc:
        _fail(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        described = _database_error(exc) or _migration_error(exc)
        if described is None:
            raise
        _fail(described)
        return EXIT_FAILED
