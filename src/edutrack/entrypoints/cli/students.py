"""``edutrack students set-status``: a student found by profile id or by student code."""

from __future__ import annotations

import argparse
import json
import re
from typing import TYPE_CHECKING

from edutrack.core.actor import SYSTEM
from edutrack.core.commands import UNSET
from edutrack.core.entities.people import StudentStatus
from edutrack.core.use_cases.students.set_status import SetStudentStatus, StudentStatusChanges
from edutrack.entrypoints.cli.common import EXIT_OK, CommandError, Commands, boolean, with_container
from edutrack.ports.students import StudentReader

if TYPE_CHECKING:
    from edutrack.composition import Container
    from edutrack.settings import Settings

STUDENT_NOT_FOUND = "student not found"
STUDENT_STATUSES = tuple(status.value for status in StudentStatus)


def _set_student_status(settings: Settings, args: argparse.Namespace) -> int:
    from edutrack.core.errors import NotFound

    if args.status is None and args.active is None:
        raise CommandError("give --status, --active or both")
    changes = StudentStatusChanges(
        status=UNSET if args.status is None else StudentStatus(args.status),
        is_active=UNSET if args.active is None else args.active,
    )

    async def work(container: Container) -> dict[str, object]:
        student_id = await _resolve_student(container, args.student)
        try:
            result = await container.get(SetStudentStatus).execute(SYSTEM, student_id, changes)
        except NotFound:
            raise NotFound(STUDENT_NOT_FOUND) from None
        return {"status": result.status.value, "is_active": result.is_active}

    print(json.dumps(with_container(settings, work)))
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


def register(commands: Commands) -> None:
    status = commands.group("students", "student accounts").add_parser(
        "set-status",
        help="change a student's status and/or active flag; prints {status, is_active} as JSON",
    )
    status.add_argument("student", metavar="STUDENT", help="the profile id or the student code (S12345678)")
    status.add_argument("--status", choices=STUDENT_STATUSES, default=None)
    status.add_argument("--active", type=boolean, default=None, metavar="true|false")
    status.set_defaults(handler=_set_student_status)
