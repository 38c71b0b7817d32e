"""Request and response bodies of balances, the ledger and recharge codes (Teacher §12, SiteOwner §5,
API_SUPPLEMENT §5, §6), the body → command conversions and the row → body encoders. Money is a
two-decimal string.

The Structs check shape and type; the conversions check what the Structs cannot say without changing the
documented schema (money, ranges of undocumented bounds, blank text), every problem at once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import msgspec

from edutrack.core import messages as m
from edutrack.core.errors import FieldErrors, ValidationFailed, invalid_pk
from edutrack.core.money import CENT, format_money, parse_money
from edutrack.core.policies.codes import display_code
from edutrack.core.use_cases.wallets.add_balance import AddBalanceCommand, BalanceAdded
from edutrack.core.use_cases.wallets.generate_codes import MAX_COUNT, MIN_VALUE, CodeRequest
from edutrack.core.use_cases.wallets.redeem_code import CodeRedeemed, RedeemCommand
from edutrack.entrypoints.csv_exports import recharge_codes_csv
from edutrack.entrypoints.http.schemas.common import Id, MoneyIn
from edutrack.ports.wallets import LedgerRow, MyBalanceRow, RechargeCodeRow, StudentBalanceRow

Text = Annotated[str, msgspec.Meta(max_length=20_000)]
StudentRef = int | Annotated[str, msgspec.Meta(max_length=50)]

# --- requests ------------------------------------------------------------------------------------


class BalanceAddIn(msgspec.Struct, forbid_unknown_fields=False):
    """``POST /payments/balance/add/``: ``student_id`` is a student profile id or a student code."""

    student_id: StudentRef
    course_id: Id
    amount: MoneyIn
    reason: Text | None = None


class CodeIn(msgspec.Struct, forbid_unknown_fields=False):
    """``POST /payments/codes/``."""

    course: int
    value: MoneyIn
    expires_at: datetime | None = None
    count: int = 1


class RedeemIn(msgspec.Struct, forbid_unknown_fields=False):
    """``POST /payments/codes/redeem/``."""

    code: Annotated[str, msgspec.Meta(max_length=100)]


# --- body → command -------------------------------------------------------------------------------

REASON_MAX = 1000
MAX_ID = 2**31 - 1


def add_balance_command(data: BalanceAddIn) -> AddBalanceCommand:
    """``amount`` at least 0.01 with two decimals; ``reason`` trimmed (blank is none), at most 1000."""
    errors = FieldErrors()
    amount = errors.check(parse_money, "amount", data.amount, minimum=CENT)
    reason = (data.reason or "").strip() or None
    if reason is not None and len(reason) > REASON_MAX:
        errors.add("reason", m.max_length(REASON_MAX))
    errors.raise_if_any()
    assert amount is not None
    return AddBalanceCommand(data.student_id, data.course_id, amount, reason)


def code_request(data: CodeIn) -> CodeRequest:
    """``value`` at least 1.00 with two decimals; ``count`` 1–1000; ``course`` an id the database can
    hold (else it points at nothing); ``expires_at`` without an offset is read as UTC."""
    errors = FieldErrors()
    value = errors.check(parse_money, "value", data.value, minimum=MIN_VALUE)
    if data.count < 1:
        errors.add("count", m.min_value(1))
    elif data.count > MAX_COUNT:
        errors.add("count", m.max_value(MAX_COUNT))
    if not 1 <= data.course <= MAX_ID:
        errors.add("course", invalid_pk(data.course))
    errors.raise_if_any()
    assert value is not None
    expires_at = data.expires_at
    if expires_at is not None and expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=UTC)
    return CodeRequest(data.course, value, expires_at, data.count)


def redeem_command(data: RedeemIn, client_address: str) -> RedeemCommand:
    if not data.code.strip():
        raise ValidationFailed.field("code", m.BLANK)
    return RedeemCommand(data.code, client_address)


# --- responses -----------------------------------------------------------------------------------


class BalanceAddedOut(msgspec.Struct):
    detail: str
    student: str
    student_code: str
    course: str
    amount_added: str
    new_balance: str
    transaction_id: int


def balance_added_out(result: BalanceAdded) -> BalanceAddedOut:
    return BalanceAddedOut(
        detail="Balance added successfully",
        student=result.student_name,
        student_code=result.student_code,
        course=result.course_name,
        amount_added=format_money(result.amount_added),
        new_balance=format_money(result.new_balance),
        transaction_id=result.transaction_id,
    )


class RedeemedOut(msgspec.Struct):
    detail: str
    course: str
    amount_added: str
    new_balance: str
    transaction_id: int


def redeemed_out(result: CodeRedeemed) -> RedeemedOut:
    return RedeemedOut(
        detail="Code redeemed successfully",
        course=result.course_name,
        amount_added=format_money(result.amount_added),
        new_balance=format_money(result.new_balance),
        transaction_id=result.transaction_id,
    )


class StudentBalanceOut(msgspec.Struct):
    student_id: int
    student_name: str
    student_code: str
    course_id: int
    course_name: str
    balance: str
    enrolled_at: datetime


def student_balance_out(row: StudentBalanceRow) -> StudentBalanceOut:
    return StudentBalanceOut(
        student_id=row.student_id,
        student_name=row.student_name,
        student_code=row.student_code,
        course_id=row.course_id,
        course_name=row.course_name,
        balance=format_money(row.balance),
        enrolled_at=row.enrolled_at,
    )


class MyBalanceOut(msgspec.Struct):
    course_id: int
    course_name: str
    balance: str


def my_balance_out(row: MyBalanceRow) -> MyBalanceOut:
    return MyBalanceOut(
        course_id=row.course_id, course_name=row.course_name, balance=format_money(row.balance)
    )


class TransactionOut(msgspec.Struct):
    id: int
    kind: str
    amount: str
    balance_after: str
    course: int
    course_name: str
    reason: str | None
    actor_name: str | None
    created_at: datetime


def transaction_out(row: LedgerRow) -> TransactionOut:
    return TransactionOut(
        id=row.id,
        kind=row.kind,
        amount=format_money(row.amount),
        balance_after=format_money(row.balance_after),
        course=row.course_id,
        course_name=row.course_name,
        reason=row.reason,
        actor_name=row.actor_name,
        created_at=row.created_at,
    )


class CodeOut(msgspec.Struct):
    id: int
    course: int
    course_name: str
    teacher_name: str
    code: str
    value: str
    is_used: bool
    used_by: int | None
    used_by_name: str | None
    used_at: datetime | None
    created_at: datetime
    expires_at: datetime | None
    created_by: int | None
    created_by_username: str | None


class CodeBatchOut(msgspec.Struct):
    count: int
    results: list[CodeOut]


def code_out(row: RechargeCodeRow) -> CodeOut:
    return CodeOut(
        id=row.id,
        course=row.course_id,
        course_name=row.course_name,
        teacher_name=row.teacher_name,
        code=display_code(row.code),
        value=format_money(row.value),
        is_used=row.is_used,
        used_by=row.used_by,
        used_by_name=row.used_by_name,
        used_at=row.used_at,
        created_at=row.created_at,
        expires_at=row.expires_at,
        created_by=row.created_by,
        created_by_username=row.created_by_username,
    )


# --- CSV export ----------------------------------------------------------------------------------

# The export's writer is shared with ``edutrack codes generate --csv`` (entrypoints/csv_exports.py).
codes_csv = recharge_codes_csv
