"""``edutrack codes generate``: recharge codes for a course, printed or written to the CSV file of
``GET /payments/codes/export/``."""

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
from edutrack.entrypoints.cli.common import (
    EXIT_OK,
    Commands,
    OutputFailed,
    OutputFile,
    Progress,
    output_path,
    positive,
    with_container,
)

if TYPE_CHECKING:
    from edutrack.composition import Container
    from edutrack.ports.wallets import RechargeCodeRow
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
    """Without ``--csv`` the codes are printed one a line. With it, the file is the HTTP export's
    (entrypoints/csv_exports.py) and is reserved before the codes are committed: a file that cannot be
    written stops the command with nothing generated. Were the write to fail after the commit anyway, the
    message says the codes exist and where to export them again."""
    from edutrack.core.policies.codes import display_code
    from edutrack.entrypoints.csv_exports import write_recharge_codes

    request = _code_request(args)

    async def work(container: Container) -> list[RechargeCodeRow]:
        return await container.get(GenerateRechargeCodes).execute(SYSTEM, request)

    with Progress("codes generate") as progress:
        if args.csv is None:
            progress.update(f"generating {request.count} codes")
            rows = with_container(settings, work)
            progress.close()
            for row in rows:
                print(display_code(row.code))
            return EXIT_OK
        with OutputFile(args.csv) as out:
            progress.update(f"generating {request.count} codes")
            rows = with_container(settings, work)
            try:
                out.write(
                    lambda handle: write_recharge_codes(
                        handle, rows, lambda n: progress.count(n, len(rows), f"writing {args.csv}")
                    )
                )
            except OutputFailed as exc:
                raise OutputFailed(
                    f"{exc}; the {len(rows)} codes were generated (ids {rows[0].id}-{rows[-1].id}): "
                    f"export them with GET /payments/codes/export/?course={request.course_id}"
                ) from exc
    print(json.dumps({"count": len(rows), "csv": str(args.csv)}))
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
    generate.add_argument(
        "--csv",
        type=output_path,
        default=None,
        metavar="FILE",
        help="write the codes to this CSV file (replaced), with the columns of GET /payments/codes/export/; "
        "checked before any code is generated",
    )
    generate.set_defaults(handler=_generate_codes)
