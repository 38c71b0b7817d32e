"""The recharge-code CSV, written by ``GET /payments/codes/export/`` (streamed) and by ``edutrack codes
generate --csv`` (to a file): one header, one row layout, one cell escaping (``core/policies/spreadsheet``),
so the two files are byte for byte the same for the same codes. Standard library and core only, so the
CLI can import it without loading the HTTP stack."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from typing import TextIO

from edutrack.core.money import format_money
from edutrack.core.policies.codes import display_code
from edutrack.core.policies.spreadsheet import csv_line
from edutrack.ports.wallets import RechargeCodeRow

RECHARGE_CODE_COLUMNS = (
    "id",
    "code",
    "course",
    "course_name",
    "teacher_name",
    "value",
    "is_used",
    "used_by",
    "used_by_name",
    "used_at",
    "created_at",
    "expires_at",
    "created_by",
    "created_by_username",
)
HEADER_LINE = csv_line(RECHARGE_CODE_COLUMNS)


def recharge_code_line(row: RechargeCodeRow) -> str:
    """One code as the columns above: the code with dashes, money with two decimals."""
    return csv_line(
        (
            row.id,
            display_code(row.code),
            row.course_id,
            row.course_name,
            row.teacher_name,
            format_money(row.value),
            row.is_used,
            row.used_by,
            row.used_by_name,
            row.used_at,
            row.created_at,
            row.expires_at,
            row.created_by,
            row.created_by_username,
        )
    )


async def recharge_codes_csv(rows: AsyncIterator[RechargeCodeRow]) -> AsyncIterator[str]:
    """The header line, then one line per code, as the rows arrive (the HTTP export streams this)."""
    yield HEADER_LINE
    async for row in rows:
        yield recharge_code_line(row)


def write_recharge_codes(
    handle: TextIO, rows: Iterable[RechargeCodeRow], on_row: Callable[[int], None] | None = None
) -> int:
    """The same lines into an open text file (opened with ``newline=""``); returns the number of codes.
    ``on_row``, when given, is called with the running count after each row (progress)."""
    handle.write(HEADER_LINE)
    written = 0
    for row in rows:
        handle.write(recharge_code_line(row))
        written += 1
        if on_row is not None:
            on_row(written)
    return written
