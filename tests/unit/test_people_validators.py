"""Egyptian phone numbers and national ids (core.policies.people); the student profile's shape, checked
once at the edge (schemas.students), and its domain rules, checked by the core (students.profile)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from edutrack.core import messages as m
from edutrack.core.commands import UNSET
from edutrack.core.entities.people import EducationalState, Gender
from edutrack.core.errors import FieldErrors, ValidationFailed
from edutrack.core.policies import students as rules
from edutrack.core.policies.people import PHONE_MESSAGE, check_national_id, check_phone
from edutrack.core.use_cases.students.profile import StudentProfileValues, check_profile
from edutrack.entrypoints.http.schemas.students import (
    StudentProfilePatch,
    StudentRegisterIn,
    profile_changes,
    registration_command,
)

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


def form(**overrides: object) -> StudentRegisterIn:
    values: dict[str, object] = {
        "username": "student",
        "password": "Student-pass-1",
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
    return StudentRegisterIn(**values)  # type: ignore[arg-type]


def profile(**overrides: object) -> StudentProfileValues:
    values = StudentProfileValues(
        name_ar="طالب",
        name_en="Student",
        phone_number="+20 100 123 4567",
        father_job="Engineer",
        national_id="30803150100011",
        birth_date=BORN,
        gender=Gender.MALE,
        gmail="student@example.com",
        governorate=1,
        area=2,
    )
    return replace(values, **overrides)  # type: ignore[arg-type]


def problems(values: StudentProfileValues) -> dict[str, list[str]]:
    errors = FieldErrors()
    check_profile(values, today=TODAY, errors=errors)
    return errors.fields


# --- the edge: shape, once -----------------------------------------------------------------------


def test_a_good_form_becomes_the_command() -> None:
    command = registration_command(
        form(
            father_number="", mother_number="0155 555 5555", school_name="  ", name_en="  Student  ", grade=3
        )
    )
    assert command.refused == {}
    assert command.name_en == "Student"
    assert command.father_number is None
    assert command.mother_number == "0155 555 5555"  # phones are the core's: normalised there
    assert command.school_name is None
    assert command.birth_date == BORN
    assert command.educational_state is EducationalState.SCHOOL
    assert command.gender is Gender.MALE
    assert command.grade == 3


def test_the_edge_names_every_field_that_does_not_fit() -> None:
    command = registration_command(
        StudentRegisterIn(
            name_ar="  ",
            educational_state="retired",
            birth_date="15/03/2008",
            gender="other",
            facebook_link="facebook",
            school_name="x" * 201,
        )
    )
    assert command.refused == {
        "username": [m.REQUIRED],
        "password": [m.REQUIRED],
        "name_ar": [m.BLANK],
        "name_en": [m.REQUIRED],
        "phone_number": [m.REQUIRED],
        "father_job": [m.REQUIRED],
        "educational_state": ['"retired" is not a valid choice.'],
        "school_name": ["Ensure this field has no more than 200 characters."],
        "national_id": [m.REQUIRED],
        "birth_date": [m.DATE_FORMAT],
        "gender": ['"other" is not a valid choice.'],
        "gmail": [m.REQUIRED],
        "facebook_link": [m.INVALID_URL],
        "governorate": [m.REQUIRED],
        "area": [m.REQUIRED],
    }
    assert all(getattr(command, name) is None for name in command.refused)


@pytest.mark.parametrize("raw", ["2008-02-30", "2008-3-15", "20080315", "tomorrow"])
def test_birth_dates_must_be_real_yyyy_mm_dd(raw: str) -> None:
    assert registration_command(form(birth_date=raw)).refused == {"birth_date": [m.DATE_FORMAT]}


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
    assert ("facebook_link" not in registration_command(form(facebook_link=link)).refused) is ok


def test_null_required_fields_on_update_say_so_and_only_sent_fields_change() -> None:
    with pytest.raises(ValidationFailed) as info:
        profile_changes(StudentProfilePatch(name_en=None, gender="x", school_name=" "))
    assert info.value.fields == {"name_en": [m.NULL], "gender": ['"x" is not a valid choice.']}
    changes = profile_changes(StudentProfilePatch(school_name=" ", educational_state=None))
    assert changes.school_name is None and changes.educational_state is EducationalState.SCHOOL
    assert changes.name_en is UNSET


# --- the core: the domain's rules ----------------------------------------------------------------


def test_a_good_profile_is_normalised() -> None:
    errors = FieldErrors()
    checked = check_profile(
        profile(mother_number="0155 555 5555", national_id="٣٠٨٠٣١٥٠١٠٠٠١١"), today=TODAY, errors=errors
    )
    assert errors.fields == {}
    assert checked.phone_number == "01001234567"
    assert checked.mother_number == "01555555555"
    assert checked.national_id == "30803150100011"


def test_every_domain_problem_is_reported_at_once() -> None:
    assert problems(
        profile(phone_number="0131", father_number="123", national_id="308", gmail="not-an-email")
    ) == {
        "phone_number": [PHONE_MESSAGE],
        "father_number": [PHONE_MESSAGE],
        "gmail": ["Enter a valid email address."],
        "national_id": ["National ID must be exactly 14 digits."],
    }
    without_birth_date = profile(birth_date=None, national_id="3080315010001")
    assert problems(without_birth_date) == {"national_id": ["National ID must be exactly 14 digits."]}


def test_birth_date_must_match_the_national_id_and_not_be_in_the_future() -> None:
    assert problems(profile(birth_date=date(2008, 3, 16))) == {
        "national_id": ["National ID birth date does not match the birth date."]
    }
    future = profile(birth_date=date(2027, 1, 1), national_id="32701010100011")
    assert problems(future) == {"birth_date": [rules.FUTURE_DATE_MESSAGE]}


def test_a_graduate_has_no_school_type_grade_or_division() -> None:
    graduate = profile(educational_state=EducationalState.GRADUATE, grade=1, school_type=2, division=3)
    assert problems(graduate) == {
        field: [rules.GRADUATE_MESSAGE] for field in ("school_type", "grade", "division")
    }
    assert problems(profile(educational_state=EducationalState.GRADUATE, school_name="Old school")) == {}


def test_a_division_needs_a_grade() -> None:
    assert problems(profile(division=3)) == {"grade": [rules.DIVISION_NEEDS_GRADE]}


def test_fields_the_edge_refused_are_not_checked_again() -> None:
    errors = FieldErrors()
    errors.add("grade", m.INVALID_INTEGER)
    check_profile(profile(division=3, grade=None), today=TODAY, errors=errors)
    assert errors.fields == {"grade": [m.INVALID_INTEGER]}


def test_student_codes_are_s_and_eight_random_digits() -> None:
    codes = {rules.new_student_code() for _ in range(200)}
    assert all(len(code) == 9 and code[0] == "S" and code[1:].isdigit() for code in codes)
    assert len(codes) > 190
