from __future__ import annotations

from decimal import Decimal

import pytest

from edutrack.core.errors import ValidationFailed
from edutrack.core.money import format_money, parse_money
from edutrack.core.policies.accounts import check_email, check_username
from edutrack.core.policies.passwords import SUMMARY, check_password, password_problems


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("75.50", "75.50"),
        ("75.5", "75.50"),
        (75, "75.00"),
        (75.5, "75.50"),
        ("0", "0.00"),
        (" 12.30 ", "12.30"),
    ],
)
def test_money_parses_strings_and_numbers_exactly(raw: object, expected: str) -> None:
    assert format_money(parse_money("amount", raw)) == expected


@pytest.mark.parametrize("raw", [True, None, "abc", "NaN", "Infinity", "1e400", [1], "", "1" * 40])
def test_money_refuses_what_is_not_a_number(raw: object) -> None:
    with pytest.raises(ValidationFailed) as info:
        parse_money("amount", raw)
    assert list(info.value.fields) == ["amount"]


def test_money_refuses_more_than_two_decimals_and_out_of_bounds() -> None:
    with pytest.raises(ValidationFailed, match="2 decimal places"):
        parse_money("amount", "1.005")
    with pytest.raises(ValidationFailed) as info:
        parse_money("amount", "0.00", minimum=Decimal("0.01"))
    assert info.value.fields == {"amount": ["Ensure this value is greater than or equal to 0.01."]}
    with pytest.raises(ValidationFailed):
        parse_money("amount", "100000000.00")


def test_money_arithmetic_is_exact() -> None:
    total = sum((parse_money("a", "0.10") for _ in range(10)), Decimal("0"))
    assert format_money(total) == "1.00"


@pytest.mark.parametrize(
    ("password", "username", "problem"),
    [
        ("short1", "u", "too short"),
        ("12345678901", "u", "entirely numeric"),
        ("Samir-2026", "samir-2026", "too similar"),
    ],
)
def test_password_rules(password: str, username: str, problem: str) -> None:
    problems = password_problems(password, username)
    assert any(problem in p for p in problems)
    with pytest.raises(ValidationFailed) as info:
        check_password(password, username)
    assert info.value.fields["password"][0] == SUMMARY


def test_a_good_password_passes() -> None:
    check_password("Strong-pass-2026", "samir")


def test_username_and_email_rules() -> None:
    assert check_username("  ahmed.ali ") == "ahmed.ali"
    for bad in ("", "has space", "x" * 151, "semi;colon"):
        with pytest.raises(ValidationFailed):
            check_username(bad)
    assert check_email("a@b.co") == "a@b.co"
    for bad in ("nope", "a@b", "a b@c.com"):
        with pytest.raises(ValidationFailed):
            check_email(bad)


def test_format_money_prints_two_places_the_same_whatever_the_amount_s_own_places() -> None:
    from decimal import ROUND_HALF_UP, Decimal

    from edutrack.core.money import format_money

    def slow(amount: Decimal) -> str:
        return f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}"

    amounts = [
        Decimal(f"{sign}{units}.{cents:02d}")
        for sign in ("", "-")
        for units in (0, 1, 75, 99999999)
        for cents in (0, 5, 50, 99)
    ]
    amounts += [
        Decimal(v) for v in ("75.5", "75", "0.005", "0.015", "1.005", "1E+3", "1.2345", "-0.004", "0.000")
    ]
    amounts += [a.quantize(Decimal("0.01")) * 3 for a in amounts]
    for amount in amounts:
        assert format_money(amount) == slow(amount), amount
