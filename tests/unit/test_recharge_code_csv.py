"""The recharge-code CSV (``GET /payments/codes/export/`` and ``edutrack codes generate --csv``) is one
writer: its bytes are pinned here as the HTTP export wrote them before the CLI shared it (the 14 columns,
CRLF lines, formula escaping, ISO datetimes, empty cells for nulls)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from edutrack.entrypoints.csv_exports import recharge_codes_csv, write_recharge_codes
from edutrack.entrypoints.http.schemas.wallets import codes_csv
from edutrack.ports.wallets import RechargeCodeRow

ROWS = [
    RechargeCodeRow(
        id=7,
        course_id=3,
        course_name='=HYPERLINK("http://x","y")',
        teacher_name='Ahmed, "the" teacher',
        code="ABCDEFGHJKMNPQRS",
        value=Decimal("50"),
        used_by=None,
        used_by_name=None,
        used_at=None,
        created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        expires_at=None,
        created_by=None,
        created_by_username=None,
    ),
    RechargeCodeRow(
        id=8,
        course_id=3,
        course_name="+1 Algebra",
        teacher_name="-Mona\nAdel",
        code="23456789ABCDEFGH",
        value=Decimal("1234.5"),
        used_by=12,
        used_by_name="@pupil",
        used_at=datetime(2026, 2, 3, 4, 5, 6, 123456, tzinfo=timezone(timedelta(hours=2))),
        created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        expires_at=datetime(2027, 1, 1, tzinfo=UTC),
        created_by=1,
        created_by_username="\towner",
    ),
]

# Produced by the HTTP export's own code before this change (entrypoints/http/schemas/wallets.py).
BEFORE = (
    "id,code,course,course_name,teacher_name,value,is_used,used_by,used_by_name,used_at,created_at,"
    "expires_at,created_by,created_by_username\r\n"
    '7,ABCD-EFGH-JKMN-PQRS,3,"\'=HYPERLINK(""http://x"",""y"")","Ahmed, ""the"" teacher",50.00,false,,,,'
    "2026-01-02T03:04:05+00:00,,,\r\n"
    "8,2345-6789-ABCD-EFGH,3,'+1 Algebra,\"'-Mona\nAdel\",1234.50,true,12,'@pupil,"
    "2026-02-03T04:05:06.123456+02:00,2026-01-02T03:04:05+00:00,2027-01-01T00:00:00+00:00,1,'\towner\r\n"
)


async def _stream(rows: list[RechargeCodeRow]) -> AsyncIterator[RechargeCodeRow]:
    for row in rows:
        yield row


async def _joined(lines: AsyncIterator[str]) -> str:
    return "".join([line async for line in lines])


def test_the_http_export_writes_the_same_bytes_as_before() -> None:
    assert asyncio.run(_joined(codes_csv(_stream(ROWS)))) == BEFORE
    assert asyncio.run(_joined(recharge_codes_csv(_stream(ROWS)))) == BEFORE


def test_the_cli_writer_writes_the_same_bytes_as_the_http_export() -> None:
    buffer = io.StringIO(newline="")
    assert write_recharge_codes(buffer, ROWS) == 2
    assert buffer.getvalue() == BEFORE


def test_no_codes_is_the_header_alone() -> None:
    buffer = io.StringIO(newline="")
    assert write_recharge_codes(buffer, []) == 0
    assert buffer.getvalue() == BEFORE.split("\r\n")[0] + "\r\n"
