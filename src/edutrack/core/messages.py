"""The DRF message texts the documents quote, spelled once.

The edge (msgspec schemas, argparse types, ``entrypoints/http/validation.py``) uses them for shape, type
and range; the core for the few rules it owns that answer as field errors (an id that points at nothing,
a name already taken, a cross-field rule).
"""

from __future__ import annotations

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
BODY_REQUIRED = "A request body is required."


def min_value(limit: object) -> str:
    return f"Ensure this value is greater than or equal to {limit}."


def max_value(limit: object) -> str:
    return f"Ensure this value is less than or equal to {limit}."


def max_length(limit: object) -> str:
    return f"Ensure this field has no more than {limit} characters."


def min_length(limit: object) -> str:
    return f"Ensure this field has at least {limit} characters."


def min_items(limit: object) -> str:
    return f"Ensure this field has at least {limit} elements."


def max_items(limit: object) -> str:
    return f"Ensure this field has no more than {limit} elements."


def max_decimal_places(places: int) -> str:
    return f"Ensure that there are no more than {places} decimal places."


def invalid_choice(value: object) -> str:
    return f'"{value}" is not a valid choice.'


def invalid_pk(value: object) -> str:
    """DRF's message for an id that points at nothing."""
    return f'Invalid pk "{value}" - object does not exist.'
