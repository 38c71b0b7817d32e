"""Shapes of the integrations room: the OAuth2 token answer, the Appsembler accounts, the analytics rows
(encoded by hand into streamed chunks) and the audit rows. The Appsembler keys are the document's,
spaces included (``"user_id "``)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from typing import Any

import msgspec

from edutrack.core.entities.integrations import AuditAction
from edutrack.core.errors import ValidationFailed
from edutrack.core.policies.course_keys import course_key
from edutrack.core.policies.time_windows import TICK, window_of
from edutrack.ports.integrations import AccountBatchRow, AuditFilter, AuditRow, EnrollmentBatchRow

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}"
    r"(:[0-9]{2}(\.[0-9]{1,6})?)?([Zz]|[+-][0-9]{2}:?[0-9]{2})?"
)
DATE_OR_DATETIME = (
    "Date or datetime has wrong format. Use one of these formats instead: YYYY-MM-DD, "
    "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
)

# A window's bounds are moved by a day (inclusive dates) and into UTC: the calendar's first and last
# years have no room for that, so they are refused as 400s instead of overflowing into 500s.
EARLIEST, LATEST = date(2, 1, 1), date(9998, 12, 31)
DATE_OUT_OF_RANGE = f"Ensure this date is between {EARLIEST.isoformat()} and {LATEST.isoformat()}."


class TokenIn(msgspec.Struct):
    """Documentation only: the handler reads the form or JSON itself (RFC 6749 errors, never DRF's)."""

    grant_type: str
    client_id: str
    client_secret: str


class AccountIn(msgspec.Struct):
    """Documentation only: the handler reads the form or JSON itself (the document's 400 body)."""

    username: str
    password: str
    email: str
    name: str


class TokenOut(msgspec.Struct):
    access_token: str
    token_type: str
    expires_in: int
    scope: str


class AccountCreatedOut(msgspec.Struct):
    user_id: int = msgspec.field(name="user_id ")


class UserFoundOut(msgspec.Struct):
    user_id: str = msgspec.field(name="user_id ")


class AuditOut(msgspec.Struct):
    id: int
    client: str | None
    client_name: str | None
    action: str
    target: str
    details: dict[str, Any]
    created_at: datetime


def audit_out(row: AuditRow) -> AuditOut:
    return AuditOut(
        id=row.id,
        client=row.client,
        client_name=row.client_name,
        action=row.action,
        target=row.target,
        details=dict(row.details),
        created_at=row.created_at,
    )


def parse_moment(name: str, raw: str | None) -> date | datetime | None:
    """``YYYY-MM-DD`` (a whole day) or an ISO 8601 datetime (``Z`` or an offset; naive: the platform's time
    zone); anything else is 400 ``{name: [...]}`` (never a 500)."""
    if raw is None or raw.strip() == "":
        return None
    text = raw.strip()
    moment: date | datetime | None = None
    try:
        if _DATE.fullmatch(text):
            moment = date.fromisoformat(text)
        elif _DATETIME.fullmatch(text):
            moment = datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "Zz" else text)
    except ValueError:
        pass
    if moment is None:
        raise ValidationFailed.field(name, DATE_OR_DATETIME)
    day = moment.date() if isinstance(moment, datetime) else moment
    if not EARLIEST <= day <= LATEST:
        raise ValidationFailed.field(name, DATE_OUT_OF_RANGE)
    return moment


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def account_json(row: AccountBatchRow) -> bytes:
    """Keys in the document's order."""
    return msgspec.json.encode(
        {
            "username": row.username,
            "date_joined": _utc(row.date_joined),
            "is_active": row.is_active,
            "id": row.id,
            "email": row.email,
        }
    )


def enrollment_json(row: EnrollmentBatchRow) -> bytes:
    return msgspec.json.encode(
        {
            "username": row.username,
            "course_id": course_key(row.course_id),
            "user_id": row.user_id,
            "enrollment_id": row.enrollment_id,
            "date_enrolled": _utc(row.date_enrolled),
        }
    )


def audit_filter(
    zone: tzinfo,
    *,
    client: str | None,
    action: AuditAction | None,
    created_after: date | datetime | None,
    created_before: date | datetime | None,
    day: date | datetime | None,
) -> AuditFilter:
    """Dates are whole days in the platform's time zone; every bound is inclusive."""
    after, until = window_of(created_after, created_before, zone)
    before = until - TICK if until else None
    if day is not None:
        whole = day.date() if isinstance(day, datetime) else day
        start, end = window_of(whole, whole, zone)
        assert start is not None and end is not None
        after = max(after, start) if after else start
        before = min(before, end - TICK) if before else end - TICK
    return AuditFilter(client=client, action=action, created_after=after, created_before=before)
