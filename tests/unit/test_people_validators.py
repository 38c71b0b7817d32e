"""Egyptian phone numbers and national ids (core.policies.people), and the student profile's field rules
(core.policies.students)."""

from __future__ import annotations

from datetime import date

import pytest

from edutrack.core.entities.people import EducationalState, Gender
from edutrack.core.errors import ValidationFailed
from edutrack.core.policies import students as rules
from edutrack.core.policies.people import PHONE_MESSAGE, check_national_id, check_phone

BORN = date(2008, 3, 15)
TODAY = date(2026, 4, 29)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("01012345678", "01012345678"),
        ("01112345678", "01112345678"),
        ("01212345678", "01212345678"),
        ("01512345678", "01512345678"),
        ("+201012345678", "01012345678"),
        ("+20 101 234 5678", "01012345678"),
        ("00201512345678", "01512345678"),
        (" 010-1234-5678 ", "01012345678"),
        ("٠١٠١٢٣٤٥٦٧٨", "01012345678"),  # Arabic-Indic digits, as an Egyptian phone keyboard types them
        ("۰۱۵۱۲۳۴۵۶۷۸", "01512345678"),  # Eastern Arabic-Indic
        ("+٢٠ ١٠١ ٢٣٤ ٥٦٧٨", "01012345678"),
    ],
)
def test_phones_are_normalised_to_eleven_local_digits(raw: str, expected: str) -> None:
    assert check_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "01312345678",  # no such operator prefix
        "01412345678",
        "02012345678",  # a landline
        "1012345678",  # missing the leading 0
        "0101234567",  # 10 digits
        "010123456789",  # 12 digits
        "+2101012345678",  # another country code
        "0101234567a",
        "0101234567³",  # str.isdigit says yes, int says no: other Unicode digits are refused
        "010１２３４５６７８",  # fullwidth digits
        "",
    ],
)
def test_bad_phones_name_their_own_field(raw: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        check_phone(raw, field="father_number")
    assert info.value.fields == {"father_number": [PHONE_MESSAGE]}


def test_a_national_id_encoding_the_birth_date_and_a_governorate_passes() -> None:
    assert check_national_id(" 30803150100011 ", BORN) == "30803150100011"
    assert check_national_id("29001012112345", date(1990, 1, 1)) == "29001012112345"  # 2 = 1900s, Giza
    # typed in Arabic-Indic digits: stored in ASCII, so the uniqueness check sees the same id
    assert check_national_id("٣٠٨٠٣١٥٠١٠٠٠١١", BORN) == "30803150100011"


@pytest.mark.parametrize(
    ("national_id", "born", "problems"),
    [
        ("3080315010001", BORN, ["National ID must be exactly 14 digits."]),
        ("308031501000111", BORN, ["National ID must be exactly 14 digits."]),
        ("3080315010001a", BORN, ["National ID must be exactly 14 digits."]),
        ("3080315010001²", BORN, ["National ID must be exactly 14 digits."]),
        ("3080315010001१", BORN, ["National ID must be exactly 14 digits."]),  # a Devanagari digit
        (
            "10803150100011",
            BORN,
            ["National ID must start with 2 (born 1900–1999) or 3 (born 2000–2099)."],
        ),
        ("20803150100011", BORN, ["National ID birth date does not match the birth date."]),  # 1908
        ("30803160100011", BORN, ["National ID birth date does not match the birth date."]),
        ("30802300100011", date(2008, 2, 28), ["National ID does not encode a valid birth date."]),  # 30 Feb
        ("30813150100011", BORN, ["National ID does not encode a valid birth date."]),  # month 13
        ("30803150500011", BORN, ["National ID governorate code is not valid."]),  # 05: no such code
        (
            "30803169900011",
            BORN,
            [
                "National ID birth date does not match the birth date.",
                "National ID governorate code is not valid.",
            ],
        ),
    ],
)
def test_bad_national_ids(national_id: str, born: date, problems: list[str]) -> None:
    with pytest.raises(ValidationFailed) as info:
        check_national_id(national_id, born)
    assert info.value.fields == {"national_id": problems}


def profile(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "name_ar": "طالب",
        "name_en": "Student",
        "phone_number": "+20 100 123 4567",
        "father_job": "Engineer",
        "national_id": "30803150100011",
        "birth_date": "2008-03-15",
        "gender": "male",
        "gmail": "student@example.com",
        "governorate": 1,
        "area": 2,
    }
    values.update(overrides)
    return values


def test_a_good_profile_is_cleaned() -> None:
    cleaned, errors = rules.clean_profile(
        profile(father_number="", mother_number="0155 555 5555", school_name="  ", grade=3), today=TODAY
    )
    assert errors.fields == {}
    assert cleaned["phone_number"] == "01001234567"
    assert cleaned["father_number"] is None
    assert cleaned["mother_number"] == "01555555555"
    assert cleaned["school_name"] is None
    assert cleaned["birth_date"] == BORN
    assert cleaned["educational_state"] == "school"
    assert cleaned["grade"] == 3


def test_every_problem_is_reported_at_once() -> None:
    cleaned, errors = rules.clean_profile(
        {
            "name_ar": "  ",
            "phone_number": "0131",
            "father_number": "123",
            "mother_number": 5,
            "educational_state": "retired",
            "birth_date": "15/03/2008",
            "national_id": "308",
            "gender": "other",
            "gmail": "not-an-email",
            "facebook_link": "facebook",
            "governorate": "1",
            "area": True,
            "school_name": "x" * 201,
        },
        today=TODAY,
    )
    assert errors.fields == {
        "name_ar": ["This field may not be blank."],
        "name_en": ["This field is required."],
        "phone_number": [PHONE_MESSAGE],
        "father_number": [PHONE_MESSAGE],
        "mother_number": ["Not a valid string."],
        "father_job": ["This field is required."],
        "educational_state": ['"retired" is not a valid choice.'],
        "birth_date": [rules.DATE_FORMAT_MESSAGE],
        "national_id": ["National ID must be exactly 14 digits."],
        "gender": ['"other" is not a valid choice.'],
        "gmail": ["Enter a valid email address."],
        "facebook_link": ["Enter a valid URL."],
        "governorate": ["Incorrect type. Expected pk value, received str."],
        "area": ["Incorrect type. Expected pk value, received bool."],
        "school_name": ["Ensure this field has no more than 200 characters."],
    }
    assert "name_ar" not in cleaned


@pytest.mark.parametrize("raw", ["2008-02-30", "2008-3-15", "20080315", "tomorrow"])
def test_birth_dates_must_be_real_yyyy_mm_dd(raw: str) -> None:
    _, errors = rules.clean_profile(profile(birth_date=raw), today=TODAY)
    assert errors.fields == {"birth_date": [rules.DATE_FORMAT_MESSAGE]}


def test_birth_date_must_match_the_national_id_and_not_be_in_the_future() -> None:
    _, errors = rules.clean_profile(profile(birth_date="2008-03-16"), today=TODAY)
    assert errors.fields == {"national_id": ["National ID birth date does not match the birth date."]}
    _, errors = rules.clean_profile(
        profile(birth_date="2027-01-01", national_id="32701010100011"), today=TODAY
    )
    assert errors.fields == {"birth_date": [rules.FUTURE_DATE_MESSAGE]}


def test_a_graduate_has_no_school_type_grade_or_division() -> None:
    _, errors = rules.clean_profile(
        profile(educational_state="graduate", grade=1, school_type=2, division=3), today=TODAY
    )
    assert errors.fields == {
        field: [rules.GRADUATE_MESSAGE] for field in ("school_type", "grade", "division")
    }
    _, errors = rules.clean_profile(
        profile(educational_state="graduate", school_name="Old school"), today=TODAY
    )
    assert errors.fields == {}


def test_a_division_needs_a_grade() -> None:
    _, errors = rules.clean_profile(profile(division=3), today=TODAY)
    assert errors.fields == {"grade": [rules.DIVISION_NEEDS_GRADE]}


def test_null_required_fields_on_update_say_so() -> None:
    _, errors = rules.clean_profile(
        profile(name_en=None), today=TODAY, missing_message=rules.NOT_NULL_MESSAGE
    )
    assert errors.fields == {"name_en": ["This field may not be null."]}


@pytest.mark.parametrize(
    ("link", "ok"),
    [
        ("https://facebook.com/someone", True),
        ("http://fb.com/x?id=1", True),
        ("facebook.com/someone", False),
        ("javascript:alert(1)", False),
        ("https://" + "a" * 250 + ".com", False),
    ],
)
def test_facebook_links_must_be_web_urls(link: str, ok: bool) -> None:
    _, errors = rules.clean_profile(profile(facebook_link=link), today=TODAY)
    assert ("facebook_link" not in errors.fields) is ok


def test_the_policy_choices_are_the_entity_enums() -> None:
    assert {g.value for g in Gender} == rules.GENDERS
    assert {s.value for s in EducationalState} == rules.EDUCATIONAL_STATES


def test_student_codes_are_s_and_eight_random_digits() -> None:
    codes = {rules.new_student_code() for _ in range(200)}
    assert all(len(code) == 9 and code[0] == "S" and code[1:].isdigit() for code in codes)
    assert len(codes) > 190
