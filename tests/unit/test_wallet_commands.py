"""The wallet edge: request bodies turned into commands (money, ranges, blank text), every problem at once.

Shape and type are the Structs' (``schemas/wallets.py``); what they cannot say without changing the
documented schema is judged by the conversions, here. The use cases take the commands as given."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from edutrack.core.errors import ValidationFailed
from edutrack.core.use_cases.wallets.add_balance import AddBalanceCommand
from edutrack.core.use_cases.wallets.generate_codes import CodeRequest
from edutrack.core.use_cases.wallets.redeem_code import RedeemCommand
from edutrack.entrypoints.http.schemas.wallets import (
    BalanceAddIn,
    CodeIn,
    RedeemIn,
    add_balance_command,
    code_request,
    redeem_command,
)

ADDRESS = "198.51.100.1"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "Ensure this value is greater than or equal to 0.01."),
        (0.001, "Ensure that there are no more than 2 decimal places."),
        ("-5", "Ensure this value is greater than or equal to 0.01."),
        ("abc", "A valid number is required."),
        (True, "A valid number is required."),
    ],
)
def test_the_edge_checks_the_amount(amount: object, message: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        add_balance_command(BalanceAddIn(student_id=1, course_id=1, amount=amount))  # type: ignore[arg-type]
    assert info.value.body() == {"amount": [message]}


def test_the_edge_reports_every_problem_and_trims_the_reason() -> None:
    with pytest.raises(ValidationFailed) as info:
        add_balance_command(BalanceAddIn(student_id=1, course_id=1, amount="0", reason=" " + "x" * 1001))
    assert info.value.body() == {
        "amount": ["Ensure this value is greater than or equal to 0.01."],
        "reason": ["Ensure this field has no more than 1000 characters."],
    }
    command = add_balance_command(BalanceAddIn(student_id=" p1 ", course_id=2, amount=24.5, reason="  "))
    assert command == AddBalanceCommand(" p1 ", 2, Decimal("24.50"), None)
    kept = add_balance_command(BalanceAddIn(student_id=1, course_id=2, amount="75.5", reason=" cash "))
    assert (kept.amount, kept.reason) == (Decimal("75.50"), "cash")


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"course": 0}, {"course": ['Invalid pk "0" - object does not exist.']}),
        ({"course": 2**31}, {"course": ['Invalid pk "2147483648" - object does not exist.']}),
        ({"value": "0.99"}, {"value": ["Ensure this value is greater than or equal to 1."]}),
        ({"count": 0}, {"count": ["Ensure this value is greater than or equal to 1."]}),
        ({"count": 1001}, {"count": ["Ensure this value is less than or equal to 1000."]}),
        (
            {"course": -1, "value": "ten", "count": 1001},
            {
                "value": ["A valid number is required."],
                "count": ["Ensure this value is less than or equal to 1000."],
                "course": ['Invalid pk "-1" - object does not exist.'],
            },
        ),
    ],
)
def test_the_edge_checks_a_code_request(body: dict[str, object], errors: dict[str, list[str]]) -> None:
    with pytest.raises(ValidationFailed) as info:
        code_request(CodeIn(**{"course": 1, "value": "5", **body}))  # type: ignore[arg-type]
    assert info.value.body() == errors


def test_the_edge_reads_a_naive_expiry_as_utc() -> None:
    naive = datetime(2099, 1, 1, 8, 0)
    request = code_request(CodeIn(course=3, value=12.5, expires_at=naive, count=2))
    assert request == CodeRequest(3, Decimal("12.50"), naive.replace(tzinfo=UTC), 2)


def test_a_redeemed_code_is_not_blank() -> None:
    with pytest.raises(ValidationFailed) as info:
        redeem_command(RedeemIn(code="   "), ADDRESS)
    assert info.value.body() == {"code": ["This field may not be blank."]}
    assert redeem_command(RedeemIn(code=" ab-cd "), ADDRESS) == RedeemCommand(" ab-cd ", ADDRESS)
