"""``edutrack codes generate``: recharge codes for a course, printed or written to a CSV file."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from edutrack.core import messages as m
from edutrack.core.actor import SYSTEM
from edutrack.core.errors import FieldErrors, invalid_pk
from edutrack.core.money import parse_money
from edutrack.core.use_cases.wallets.generate_codes import (
    MAX_COUNT,
    MIN_VALUE,
    CodeRequest,
    GenerateRechargeCodes,
)
from edutrack.entrypoints.cli.common import EXIT_OK, Commands, positive, with_container

if TYPE_CHECKING:
    from edutrack.composition import Container
    from edutrack.settings import Settings


MAX_ID = 2**31 - 1


def _code_request(args: argparse.Namespace) -> CodeRequest:
    """The options as a command, judged like the HTTP body (a refusal is exit 1, as the use case's are):
    ``--value`` at least 1.00 with two decimals, ``--count`` at most 1000, ``--course`` an id that can
    exist; every problem at once."""
    errors = FieldErrors()
    value = errors.check(parse_money, "value", args.value, minimum=MIN_VALUE)
    if args.count > MAX_COUNT:
        errors.add("count", m.max_value(MAX_COUNT))
    if args.course > MAX_ID:
        errors.add("course", invalid_pk(args.course))
    errors.raise_if_any()
    assert value is not None
    return CodeRequest(args.course, value, count=args.count)


def _generate_codes(settings: Settings, args: argparse.Namespace) -> int:
    import csv

    from edutrack.core.money import format_money
    from edutrack.core.policies.codes import display_code

    request = _code_request(args)

    async def work(container: Container) -> list[list[str]]:
        rows = await container.get(GenerateRechargeCodes).execute(SYSTEM, request)
        return [
            [str(r.id), display_code(r.code), str(r.course_id), r.course_name, format_money(r.value)]
            for r in rows
        ]

    rows = with_container(settings, work)
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


def register(commands: Commands) -> None:
    generate = commands.group("codes", "recharge codes").add_parser(
        "generate",
        help="generate recharge codes for a course in one transaction; prints the codes (one a line), "
        "or {count, csv} as JSON with --csv",
    )
    generate.add_argument("--course", required=True, type=positive, metavar="COURSE_ID")
    generate.add_argument("--value", required=True, help="the value of each code in EGP (>= 1.00)")
    generate.add_argument("--count", type=positive, default=1, help="how many codes, 1-1000 (default: 1)")
    generate.add_argument("--csv", default=None, metavar="FILE", help="write the codes to this CSV file")
    generate.set_defaults(handler=_generate_codes)
