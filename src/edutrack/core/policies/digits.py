"""Digits as people type them and as ``int`` reads them."""

from __future__ import annotations

# Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits, as phones in Egypt type them, read as 0-9
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def ascii_digits(text: str) -> str:
    """Arabic-Indic digits replaced by 0-9; everything else as it was."""
    return text.translate(_ARABIC_DIGITS)


def is_ascii_number(text: str) -> bool:
    """Only the digits 0-9: ``str.isdigit`` also accepts "³" or "①", which ``int`` refuses."""
    return text.isascii() and text.isdigit()
