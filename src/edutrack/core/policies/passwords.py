"""Password rules (§3): at least 8 characters, not entirely numeric, not the username."""

from __future__ import annotations

from edutrack.core.errors import ValidationFailed

MIN_LENGTH = 8
MAX_LENGTH = 128
SUMMARY = "Password validation error"


def password_problems(password: str, username: str | None = None) -> list[str]:
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(f"This password is too short. It must contain at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        problems.append(f"This password is too long. It must contain at most {MAX_LENGTH} characters.")
    if password.isdigit():
        problems.append("This password is entirely numeric.")
    if username and password.strip().casefold() == username.strip().casefold():
        problems.append("The password is too similar to the username.")
    return problems


def check_password(password: str, username: str | None = None, *, field: str = "password") -> None:
    """Raise ``{field: ["Password validation error", <each broken rule>]}`` when the password is weak.

    The first message is the documents' own; the ones after it tell the user what to fix.
    """
    problems = password_problems(password, username)
    if problems:
        raise ValidationFailed({field: [SUMMARY, *problems]})
