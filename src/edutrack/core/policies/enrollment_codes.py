"""Enrollment codes (API_SUPPLEMENT §11): 8 symbols ``[A-Za-z0-9]`` from the cryptographic source, as the
document's samples (``VQSG0xsg``); case matters, so a code is compared exactly."""

from __future__ import annotations

import secrets
import string

from edutrack.core.entities.enrollment_codes import CODE_LENGTH

ALPHABET = string.ascii_letters + string.digits


def new_enrollment_code() -> str:
    """A new code from the operating system's cryptographic random source (62^8 ≈ 2.2·10^14 codes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def is_code_shaped(text: str) -> bool:
    """Whether ``text`` could be a code at all (what is not is unknown without asking the database)."""
    return len(text) == CODE_LENGTH and all(symbol in ALPHABET for symbol in text)
