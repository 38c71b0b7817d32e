"""Money: exact EGP amounts with two decimals. Never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from edutrack.core.errors import ValidationFailed

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("99999999.99")


def quantize(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal) -> str:
    """``Decimal("75.5")`` → ``"75.50"``. An amount that already has two places (what the database's
    ``NUMERIC(…, 2)`` columns and their sums return) prints as it is: the same text, for a fraction of
    the cost (list pages format hundreds of amounts)."""
    text = str(amount)
    if text[-3:-2] == ".":
        return text
    return f"{quantize(amount):.2f}"


def parse_money(
    field: str,
    raw: object,
    *,
    minimum: Decimal | None = None,
    maximum: Decimal = MAX_AMOUNT,
) -> Decimal:
    """Parse a money input (string or number) strictly into a two-decimal ``Decimal``.

    Refuses booleans, NaN and infinities, more than two decimals, and values outside the bounds,
    each with a field error naming ``field``.
    """
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise ValidationFailed.field(field, "A valid number is required.")
    text = str(raw).strip() if not isinstance(raw, float) else repr(raw)
    if len(text) > 32:
        raise ValidationFailed.field(field, "A valid number is required.")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed.field(field, "A valid number is required.") from None
    if not value.is_finite():
        raise ValidationFailed.field(field, "A valid number is required.")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValidationFailed.field(field, "Ensure that there are no more than 2 decimal places.")
    if minimum is not None and value < minimum:
        raise ValidationFailed.field(field, f"Ensure this value is greater than or equal to {minimum}.")
    if value > maximum:
        raise ValidationFailed.field(field, f"Ensure this value is less than or equal to {maximum}.")
    return quantize(value)
