"""The ``edutrack`` command line (§12): the operator's way into the same use cases the HTTP API runs.

Exit codes: 0 success; 1 the request was refused (a domain rule, a database problem); 2 bad usage or a
bad setting. Every failure is one line on standard error. Settings are read (and validated) before
anything heavy is imported, so a bad ``EDUTRACK_*`` variable is reported at once.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import io
import json
import re
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from edutrack import __version__
from edutrack.adapters.sql.rollups import SalesRollups
from edutrack.core.actor import SYSTEM
from edutrack.core.entities.people import StudentStatus
from edutrack.core.errors import DomainError
from edutrack.core.use_cases.revenue.trend import ComputeRevenueTrend
from edutrack.core.use_cases.students.set_status import SetStudentStatus
from edutrack.core.use_cases.teachers.create_teacher import CreateTeacher
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner
from edutrack.core.use_cases.wallets.generate_codes import GenerateRechargeCodes
from edutrack.ports.students import StudentReader
from edutrack.settings import Settings, SettingsError

if TYPE_CHECKING:
    from edutrack.composition import Container

ASGI_APP = "edutrack.entrypoints.http.app:create_asgi_app"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

T = TypeVar("T")


class CommandError(Exception):
    """Bad input the CLI itself detects; the message is printed as is."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _fail(message: str) -> None:
    print(f"edutrack: error: {_one_line(message)}", file=sys.stderr)


# --- running use cases ----------------------------------------------------------------------------


def _with_container(settings: Settings, work: Callable[[Container], Awaitable[T]]) -> T:
    """Build the container, run ``work`` with it on a fresh event loop, and always dispose of it."""
    from edutrack.composition import build_container

    async def run() -> T:
        container = build_container(settings)
        try:
            return await work(container)
        finally:
            await container.dispose()

    return asyncio.run(run())


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


# --- commands -------------------------------------------------------------------------------------


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


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("no password on standard input")
        return password
    if not sys.stdin.isatty():
        raise CommandError("pass --password-stdin to read the password from standard input")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password (again): ") != password:
        raise CommandError("the passwords do not match")
    return password


def _create_site_owner(settings: Settings, args: argparse.Namespace) -> int:
    password = _read_password(args.password_stdin)

    async def work(container: Container) -> tuple[int | None, str]:
        user = await container.get(CreateSiteOwner).execute(
            SYSTEM, args.username, password, name=args.name, gmail=args.gmail
        )
        return user.id, user.username

    user_id, username = _with_container(settings, work)
    print(f"Created site owner {username!r} (id {user_id}).")
    return EXIT_OK


def _create_teacher(settings: Settings, args: argparse.Namespace) -> int:
    from edutrack.core.use_cases.teachers.create_teacher import NewTeacher

    password = _read_password(args.password_stdin)
    data = NewTeacher(
        username=args.username,
        password=password,
        name=args.name,
        phone=args.phone,
        gmail=args.gmail,
        gender=args.gender,
        subject_id=args.subject,
        grade_ids=args.grades,
        secondary_phone=args.secondary_phone,
        is_active=not args.inactive,
        video_security_id=args.video_security,
    )

    async def work(container: Container) -> dict[str, object]:
        row = await container.get(CreateTeacher).execute(SYSTEM, data)
        return {"id": row.id, "username": row.username}

    print(json.dumps(_with_container(settings, work)))
    return EXIT_OK


STUDENT_NOT_FOUND = "student not found"


def _generate_codes(settings: Settings, args: argparse.Namespace) -> int:
    import csv

    from edutrack.core.money import format_money
    from edutrack.core.policies.codes import display_code
    from edutrack.core.use_cases.wallets.generate_codes import CodeRequest

    async def work(container: Container) -> list[list[str]]:
        rows = await container.get(GenerateRechargeCodes).execute(
            SYSTEM, CodeRequest(args.course, args.value, count=args.count)
        )
        return [
            [str(r.id), display_code(r.code), str(r.course_id), r.course_name, format_money(r.value)]
            for r in rows
        ]

    rows = _with_container(settings, work)
    if args.csv is None:
        for row in rows:
            print(row[1])
        return EXIT_OK
    with open(args.csv, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "code", "course", "course_name", "value"])
        writer.writerows(rows)
    print(json.dumps({"count": len(rows), "csv": args.csv}))
    return EXIT_OK


def _revenue_trend(settings: Settings, args: argparse.Namespace) -> int:
    from edutrack.core.money import format_money

    async def work(container: Container) -> dict[str, object]:
        trend = await container.get(ComputeRevenueTrend).execute(SYSTEM, args.start, args.end)
        return {
            "start_date": trend.start_date.isoformat(),
            "end_date": trend.end_date.isoformat(),
            "total_revenue": format_money(trend.total_revenue),
            "total_purchases": trend.total_purchases,
            "daily_trends": [
                {
                    "date": d.day.isoformat(),
                    "revenue": format_money(d.revenue),
                    "purchase_count": d.purchase_count,
                }
                for d in trend.daily_trends
            ],
        }

    print(json.dumps(_with_container(settings, work)))
    return EXIT_OK


def _check_rollups(settings: Settings, args: argparse.Namespace) -> int:
    async def work(container: Container) -> dict[str, object]:
        rollups = container.get(SalesRollups)
        if rollups is None:
            raise CommandError("the sales rollups live in the SQL database only")
        drift = await rollups.drift()
        if drift and args.repair:
            await rollups.rebuild()
            return {"drift": drift, "repaired": True, "drift_after": await rollups.drift()}
        return {"drift": drift, "repaired": False}

    result = _with_container(settings, work)
    print(json.dumps(result))
    return EXIT_FAILED if result["drift"] and not result["repaired"] else EXIT_OK


def _set_student_status(settings: Settings, args: argparse.Namespace) -> int:
    from edutrack.core.errors import NotFound

    if args.status is None and args.active is None:
        raise CommandError("give --status, --active or both")
    status = StudentStatus(args.status) if args.status is not None else None

    async def work(container: Container) -> dict[str, object]:
        student_id = await _resolve_student(container, args.student)
        try:
            result = await container.get(SetStudentStatus).execute(SYSTEM, student_id, status, args.active)
        except NotFound:
            raise NotFound(STUDENT_NOT_FOUND) from None
        return {"status": result.status.value, "is_active": result.is_active}

    print(json.dumps(_with_container(settings, work)))
    return EXIT_OK


async def _resolve_student(container: Container, student: str) -> int:
    """A profile id as is; a student code through the reader's search (codes are matched exactly,
    ignoring case)."""
    from edutrack.core.errors import NotFound
    from edutrack.ports.readers import PageRequest
    from edutrack.ports.students import StudentFilter

    if re.fullmatch(r"[0-9]+", student):
        return int(student)
    code = student.strip().casefold()
    page = await container.get(StudentReader).list(StudentFilter(search=code), PageRequest(limit=None))
    for row in page.items:
        if row.student_code.casefold() == code:
            return row.id
    raise NotFound(STUDENT_NOT_FOUND)


def _demo_data(settings: Settings, args: argparse.Namespace) -> int:
    from edutrack.entrypoints.cli.demo_data import load_demo_data
    from edutrack.entrypoints.cli.demo_people import PEOPLE, demo_logins

    counts = _with_container(settings, load_demo_data)
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

    # The settings were validated above; each worker builds its own app from the same environment.
    uvicorn.run(
        ASGI_APP,
        factory=True,
        host=args.host,
        port=args.port,
        workers=workers,
        reload=reload,
        access_log=False,
        log_level=settings.log_level.lower(),
    )
    return EXIT_OK


def _up(settings: Settings, args: argparse.Namespace) -> int:
    """Quickstart: migrate, load the demo world, then serve."""
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


def _positive(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {raw!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _ids(raw: str) -> list[int]:
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if not parts or not all(re.fullmatch(r"[0-9]+", part) for part in parts):
        raise argparse.ArgumentTypeError(f"expected comma-separated ids such as 1,2; got {raw!r}")
    return [int(part) for part in parts]


def _boolean(raw: str) -> bool:
    value = raw.strip().lower()
    if value not in ("true", "false"):
        raise argparse.ArgumentTypeError(f"expected true or false, got {raw!r}")
    return value == "true"


STUDENT_STATUSES = tuple(status.value for status in StudentStatus)
PASSWORD_STDIN_HELP = "read the password from standard input"


def _add_teacher_commands(user_commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    teacher = user_commands.add_parser(
        "create-teacher", help="create a teacher account; prints {id, username} as JSON"
    )
    teacher.add_argument("--username", required=True)
    teacher.add_argument("--password-stdin", action="store_true", help=PASSWORD_STDIN_HELP)
    teacher.add_argument("--name", required=True, help="display name")
    teacher.add_argument("--phone", required=True, help="Egyptian mobile number, 01xxxxxxxxx")
    teacher.add_argument("--gmail", required=True, help="email address")
    teacher.add_argument("--gender", required=True, choices=("male", "female"))
    teacher.add_argument("--subject", required=True, type=_positive, metavar="SUBJECT_ID")
    teacher.add_argument("--grades", required=True, type=_ids, metavar="ID[,ID...]", help="grade ids")
    teacher.add_argument("--secondary-phone", default=None)
    teacher.add_argument("--video-security", type=_positive, default=None, metavar="ID")
    teacher.add_argument("--inactive", action="store_true", help="create the account disabled")
    teacher.set_defaults(handler=_create_teacher)


def _add_code_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    codes = commands.add_parser("codes", help="recharge codes")
    actions = codes.add_subparsers(dest="codes_command", metavar="ACTION", required=True)
    generate = actions.add_parser(
        "generate",
        help="generate recharge codes for a course in one transaction; prints the codes (one a line), "
        "or {count, csv} as JSON with --csv",
    )
    generate.add_argument("--course", required=True, type=_positive, metavar="COURSE_ID")
    generate.add_argument("--value", required=True, help="the value of each code in EGP (>= 1.00)")
    generate.add_argument("--count", type=_positive, default=1, help="how many codes, 1-1000 (default: 1)")
    generate.add_argument("--csv", default=None, metavar="FILE", help="write the codes to this CSV file")
    generate.set_defaults(handler=_generate_codes)


def _add_student_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    students = commands.add_parser("students", help="student accounts")
    actions = students.add_subparsers(dest="students_command", metavar="ACTION", required=True)
    status = actions.add_parser(
        "set-status",
        help="change a student's status and/or active flag; prints {status, is_active} as JSON",
    )
    status.add_argument("student", metavar="STUDENT", help="the profile id or the student code (S12345678)")
    status.add_argument("--status", choices=STUDENT_STATUSES, default=None)
    status.add_argument("--active", type=_boolean, default=None, metavar="true|false")
    status.set_defaults(handler=_set_student_status)


def _add_revenue_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    revenue = commands.add_parser("revenue", help="revenue analytics")
    actions = revenue.add_subparsers(dest="revenue_command", metavar="ACTION", required=True)
    trend = actions.add_parser(
        "trend",
        help="revenue and purchases per day of the platform time zone, start..end inclusive (at most 366 "
        "days); prints the JSON of GET /payments/revenue/trends/",
    )
    trend.add_argument(
        "--start", default=None, metavar="YYYY-MM-DD", help="first day (default: 29 days before --end)"
    )
    trend.add_argument("--end", default=None, metavar="YYYY-MM-DD", help="last day (default: today)")
    trend.set_defaults(handler=_revenue_trend)
    check = actions.add_parser(
        "check-rollups",
        help="compare the sales rollups (lecture_sales, student_sales) with the purchases; prints "
        '{"drift": [...], "repaired": ...}; exit 1 when they disagree, unless --repair rebuilt them',
    )
    check.add_argument("--repair", action="store_true", help="rebuild both rollups from the purchases")
    check.set_defaults(handler=_check_rollups)


def _add_address(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: %(default)s)")
    parser.add_argument("--port", type=_port, default=8000, help="port to bind (default: %(default)s)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="edutrack",
        description="EduTrack operations. Settings come from EDUTRACK_* environment variables.",
    )
    parser.add_argument("--version", action="version", version=f"edutrack {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = commands.add_parser("serve", help="run the HTTP API with uvicorn")
    _add_address(serve)
    serve.add_argument("--workers", type=_positive, default=1, help="worker processes (default: %(default)s)")
    serve.add_argument("--reload", action="store_true", help="restart on code changes (development)")
    serve.set_defaults(handler=_serve)

    db = commands.add_parser("db", help="database migrations")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = db_commands.add_parser("upgrade", help="migrate the database up to a revision")
    upgrade.add_argument("--revision", default="head", help="target revision (default: %(default)s)")
    upgrade.set_defaults(handler=_db_upgrade)
    downgrade = db_commands.add_parser("downgrade", help="migrate the database down to a revision")
    downgrade.add_argument("--revision", required=True, help="target revision, e.g. base or -1")
    downgrade.set_defaults(handler=_db_downgrade)
    current = db_commands.add_parser("current", help="show the database's current revision")
    current.set_defaults(handler=_db_current)

    users = commands.add_parser("users", help="user accounts")
    user_commands = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    owner = user_commands.add_parser("create-site-owner", help="create a site owner account")
    owner.add_argument("--username", required=True)
    owner.add_argument("--password-stdin", action="store_true", help=PASSWORD_STDIN_HELP)
    owner.add_argument("--name", default=None, help="display name (default: the username)")
    owner.add_argument("--gmail", default=None, help="email address")
    owner.set_defaults(handler=_create_site_owner)
    _add_teacher_commands(user_commands)
    _add_student_commands(commands)
    _add_code_commands(commands)
    _add_revenue_commands(commands)

    demo = commands.add_parser("demo-data", help="load the Egyptian demo world (safe to run again)")
    demo.set_defaults(handler=_demo_data)

    up = commands.add_parser("up", help="quickstart: db upgrade, demo-data, then serve")
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


def _migration_error(exc: BaseException) -> str | None:
    from alembic.util.exc import CommandError as AlembicCommandError

    if isinstance(exc, AlembicCommandError):
        return f"migrations: {exc}"
    return None
