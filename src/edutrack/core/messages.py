"""The DRF message texts the documents quote, spelled once.

The edge (msgspec schemas, argparse types, ``entrypoints/http/validation.py``) uses them for shape, type
and range; the core for the few rules it owns that answer as field errors (an id that points at nothing,
a name already taken, a cross-field rule).
"""

from __future__ import annotations

from collections.abc import Callable

REQUIRED = "This field is required."
NULL = "This field may not be null."
BLANK = "This field may not be blank."
INVALID = "Invalid value."
INVALID_INTEGER = "A valid integer is required."
INVALID_NUMBER = "A valid number is required."
INVALID_BOOLEAN = "Must be a valid boolean."
INVALID_STRING = "Not a valid string."
INVALID_LIST = "Expected a list of items."
INVALID_DICT = "Invalid data. Expected a dictionary."
INVALID_DATE = "Invalid date format."
INVALID_URL = "Enter a valid URL."
INVALID_EMAIL = "Enter a valid email address."
EMPTY_LIST = "This list may not be empty."
DATE_FORMAT = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."
DATETIME_FORMAT = (
    "Datetime has wrong format. Use one of these formats instead:"
    " YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
)
BODY_REQUIRED = "A request body is required."


def _message(template: str) -> Callable[[object], str]:
    """A message with one value in it (a limit, a count, a choice), as ``str.format`` puts it in."""
    return template.format


min_value = _message("Ensure this value is greater than or equal to {}.")
max_value = _message("Ensure this value is less than or equal to {}.")
max_length = _message("Ensure this field has no more than {} characters.")
min_length = _message("Ensure this field has at least {} characters.")
min_items = _message("Ensure this field has at least {} elements.")
max_items = _message("Ensure this field has no more than {} elements.")
max_decimal_places = _message("Ensure that there are no more than {} decimal places.")
invalid_choice = _message('"{}" is not a valid choice.')


def invalid_pk(value: object) -> str:
    """DRF's message for an id that points at nothing."""
    return f'Invalid pk "{value}" - object does not exist.'
