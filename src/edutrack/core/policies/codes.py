"""Recharge codes (§6): 16 symbols from an unambiguous upper-case alphabet, shown in four groups of
four joined by dashes (e.g. ABCD-EFGH-JKMN-PQRS)."""

from __future__ import annotations

import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0 O 1 I L
LENGTH = 16
_SEPARATORS = re.compile(r"[\s\-_]+")


def generate_code() -> str:
    """A new code from the operating system's cryptographic random source (normalised form)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_code(raw: str) -> str | None:
    """What a student typed → the stored form, or None when it cannot be a code (case, spaces and dashes
    do not matter)."""
    value = _SEPARATORS.sub("", raw.strip()).upper()
    if len(value) != LENGTH or any(ch not in ALPHABET for ch in value):
        return None
    return value


def display_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, LENGTH, 4))
