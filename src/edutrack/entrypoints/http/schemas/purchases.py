"""Request and response bodies of lecture purchases (Teacher API §7, API_SUPPLEMENT §5), and the encoder.

Money is a two-decimal string; datetimes ISO 8601 with offset; ``is_expired`` is judged when answering.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from edutrack.core.money import format_money
from edutrack.core.use_cases.purchases.common import PurchaseView
from edutrack.core.use_cases.purchases.reopen_purchase import ReopenCommand

ExtraDays = Annotated[int, msgspec.Meta(ge=1, le=3650, description="Days added to the access (minimum 1)")]
Note = Annotated[str, msgspec.Meta(max_length=1000, description="Why the access was extended (optional)")]


class ReopenIn(msgspec.Struct):
    extra_days: ExtraDays
    note: Note | None = None


def reopen_command(purchase_id: int, data: ReopenIn) -> ReopenCommand:
    """The Struct bounds ``extra_days`` and the note's length; the note is kept trimmed ("" for none)."""
    return ReopenCommand(purchase_id, data.extra_days, (data.note or "").strip())


class ReopenLogOut(msgspec.Struct):
    extra_days: int
    reopened_by: str | None
    reopened_at: datetime
    note: str


class PurchaseOut(msgspec.Struct):
    id: int
    student: int
    lecture: int
    lecture_name: str
    topic_name: str
    course_name: str
    teacher_name: str
    purchased_at: datetime
    expires_at: datetime
    effective_expiry: datetime
    amount_paid: str
    extra_days: int
    is_expired: bool
    reopened_by: int | None
    reopened_by_name: str | None
    reopened_at: datetime | None
    reopen_logs: list[ReopenLogOut]


def purchase_out(view: PurchaseView) -> PurchaseOut:
    row = view.row
    return PurchaseOut(
        id=row.id,
        student=row.student_id,
        lecture=row.lecture_id,
        lecture_name=row.lecture_name,
        topic_name=row.topic_name,
        course_name=row.course_name,
        teacher_name=row.teacher_name,
        purchased_at=row.purchased_at,
        expires_at=row.expires_at,
        effective_expiry=row.effective_expiry,
        amount_paid=format_money(row.amount_paid),
        extra_days=row.extra_days,
        is_expired=view.is_expired,
        reopened_by=row.reopened_by,
        reopened_by_name=row.reopened_by_name,
        reopened_at=row.reopened_at,
        reopen_logs=[
            ReopenLogOut(
                extra_days=log.extra_days,
                reopened_by=log.reopened_by_name,
                reopened_at=log.reopened_at,
                note=log.note,
            )
            for log in row.reopen_logs
        ],
    )
