"""Egyptian phone numbers and national ids."""

from __future__ import annotations

import re
from datetime import date

from edutrack.core.errors import ValidationFailed
from edutrack.core.policies.digits import ascii_digits

# [0-9], not \d: any other script's digits are refused rather than stored (Arabic-Indic ones are read
# as 0-9 first, by ascii_digits)
_PHONE = re.compile(r"^01[0125][0-9]{8}$")
PHONE_MESSAGE = "Phone number must be exactly 11 digits and start with 010, 011, 012 or 015."

# The two-digit governorate code in positions 8–9 of a national id (Civil Status Organization codes).
NATIONAL_ID_GOVERNORATES = {
    "01": "Cairo", "02": "Alexandria", "03": "Port Said", "04": "Suez", "11": "Damietta", "12": "Dakahlia",
    "13": "Sharqia", "14": "Qalyubia", "15": "Kafr El Sheikh", "16": "Gharbia", "17": "Monufia",
    "18": "Beheira", "19": "Ismailia", "21": "Giza", "22": "Beni Suef", "23": "Faiyum", "24": "Minya",
    "25": "Asyut", "26": "Sohag", "27": "Qena", "28": "Aswan", "29": "Luxor", "31": "Red Sea",
    "32": "New Valley", "33": "Matrouh", "34": "North Sinai", "35": "South Sinai", "88": "Born abroad",
}  # fmt: skip
_CENTURY = {"2": 1900, "3": 2000}


def normalize_phone(raw: str) -> str:
    """Accept spaces, dashes, Arabic-Indic digits and a +20 / 0020 prefix; keep the 11-digit local form."""
    digits = re.sub(r"[\s-]", "", ascii_digits(raw))
    if digits.startswith("+20"):
        digits = "0" + digits[3:]
    elif digits.startswith("0020"):
        digits = "0" + digits[4:]
    return digits


def check_phone(raw: str, *, field: str = "phone") -> str:
    phone = normalize_phone(raw)
    if not _PHONE.match(phone):
        raise ValidationFailed.field(field, PHONE_MESSAGE)
    return phone


def national_id_problems(national_id: str, birth_date: date) -> list[str]:
    """The id's encoded birth date (century digit + YYMMDD) must be ``birth_date``; its governorate code
    must be a real one."""
    if not re.fullmatch(r"[0-9]{14}", national_id):
        return ["National ID must be exactly 14 digits."]
    century = _CENTURY.get(national_id[0])
    if century is None:
        return ["National ID must start with 2 (born 1900–1999) or 3 (born 2000–2099)."]
    try:
        encoded = date(century + int(national_id[1:3]), int(national_id[3:5]), int(national_id[5:7]))
    except ValueError:
        return ["National ID does not encode a valid birth date."]
    problems = []
    if encoded != birth_date:
        problems.append("National ID birth date does not match the birth date.")
    if national_id[7:9] not in NATIONAL_ID_GOVERNORATES:
        problems.append("National ID governorate code is not valid.")
    return problems


def check_national_id(national_id: str, birth_date: date, *, field: str = "national_id") -> str:
    value = ascii_digits(national_id.strip())
    problems = national_id_problems(value, birth_date)
    if problems:
        raise ValidationFailed({field: problems})
    return value
