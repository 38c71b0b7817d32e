"""Rules for account fields shared by every role."""

from __future__ import annotations

import re

from edutrack.core import messages as m
from edutrack.core.errors import ValidationFailed

_USERNAME = re.compile(r"^[\w.@+-]{1,150}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")

USERNAME_TAKEN = "Username already exists."
GMAIL_TAKEN = "This email is already associated with an account."


def check_username(username: str) -> str:
    value = username.strip()
    if not value:
        raise ValidationFailed.field("username", m.BLANK)
    if not _USERNAME.match(value):
        raise ValidationFailed.field(
            "username",
            "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
        )
    return value


def check_email(email: str, *, field: str = "gmail") -> str:
    value = email.strip()
    if not looks_like_email(value):
        raise ValidationFailed.field(field, m.INVALID_EMAIL)
    return value


def check_name(name: str, *, field: str = "name", max_length: int = 200) -> str:
    value = name.strip()
    if not value:
        raise ValidationFailed.field(field, m.BLANK)
    if len(value) > max_length:
        raise ValidationFailed.field(field, m.max_length(max_length))
    return value


def looks_like_email(value: str) -> bool:
    """Shaped like an email address (what ``check_email`` requires), without raising."""
    return len(value) <= 254 and _EMAIL.match(value) is not None
