"""``edutrack users create-teacher``."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from edutrack.core.actor import SYSTEM
from edutrack.core.use_cases.teachers.create_teacher import CreateTeacher
from edutrack.entrypoints.cli.common import (
    EXIT_OK,
    PASSWORD_STDIN_HELP,
    Commands,
    display_name,
    ids,
    positive,
    read_password,
    with_container,
)

if TYPE_CHECKING:
    from edutrack.composition import Container
    from edutrack.settings import Settings


def _create_teacher(settings: Settings, args: argparse.Namespace) -> int:
    from edutrack.core.entities.people import Gender
    from edutrack.core.use_cases.teachers.create_teacher import NewTeacher

    password = read_password(args.password_stdin)
    data = NewTeacher(
        username=args.username,
        password=password,
        name=args.name,
        phone=args.phone,
        gmail=args.gmail,
        gender=Gender(args.gender),
        subject_id=args.subject,
        grade_ids=list(dict.fromkeys(args.grades)),
        secondary_phone=args.secondary_phone or None,
        is_active=not args.inactive,
        video_security_id=args.video_security,
    )

    async def work(container: Container) -> dict[str, object]:
        row = await container.get(CreateTeacher).execute(SYSTEM, data)
        return {"id": row.id, "username": row.username}

    print(json.dumps(with_container(settings, work)))
    return EXIT_OK


def register(commands: Commands) -> None:
    teacher = commands.group("users", "user accounts").add_parser(
        "create-teacher", help="create a teacher account; prints {id, username} as JSON"
    )
    teacher.add_argument("--username", required=True)
    teacher.add_argument("--password-stdin", action="store_true", help=PASSWORD_STDIN_HELP)
    teacher.add_argument("--name", required=True, type=display_name, help="display name")
    teacher.add_argument("--phone", required=True, help="Egyptian mobile number, 01xxxxxxxxx")
    teacher.add_argument("--gmail", required=True, help="email address")
    teacher.add_argument("--gender", required=True, choices=("male", "female"))
    teacher.add_argument("--subject", required=True, type=positive, metavar="SUBJECT_ID")
    teacher.add_argument("--grades", required=True, type=ids, metavar="ID[,ID...]", help="grade ids")
    teacher.add_argument("--secondary-phone", default=None)
    teacher.add_argument("--video-security", type=positive, default=None, metavar="ID")
    teacher.add_argument("--inactive", action="store_true", help="create the account disabled")
    teacher.set_defaults(handler=_create_teacher)
