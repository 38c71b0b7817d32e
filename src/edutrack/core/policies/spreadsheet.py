"""How every CSV export writes a cell, so that what one export escapes no other forgets (homework and quiz
results, recharge codes; HTTP and CLI alike).

Guarantees: text a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) gets a leading apostrophe (CSV injection); None is an empty cell; booleans are
``true``/``false``; datetimes are ISO 8601 with their offset; Decimals are money with two decimals. Lines
end with CRLF (RFC 4180) and are quoted by the standard ``csv`` module."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from edutrack.core.money import format_money

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format_money(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_line(values: Iterable[object]) -> str:
    """One CSV record, CRLF-terminated, every value through ``cell``."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([cell(v) for v in values])
    return buffer.getvalue()
