"""Student use cases over the in-memory fakes: registration and the student's own profile (the site
owner's side: ``test_student_management_use_cases``)."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.students import StudentTables
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.entities.people import EducationalState
from edutrack.core.errors import (
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from edutrack.core.use_cases.auth.login import Login, LoginAttempt
from edutrack.core.use_cases.students.get_student import GetMyStudentProfile
from edutrack.core.use_cases.students.register_student import RegisterStudent, StudentRegistration
from edutrack.core.use_cases.students.update_my_profile import (
    StudentProfileChanges,
    UpdateMyStudentProfile,
)
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from edutrack.ports.students import StudentRow
from tests.support.students import PASSWORD, Ref, register_in, registration

pytestmark = pytest.mark.anyio

REQUIRED = "This field is required."


async def errors_of(call: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as info:
        await call  # type: ignore[misc]
    return info.value.fields


async def student_actor(container: Container, row: StudentRow) -> Actor:
    user = container.memory_store.state.of(AccountTables).users[row.user_id]  # type: ignore[union-attr]
    return Actor(user_id=row.user_id, username=user.username, role=Role.STUDENT, student_id=row.id)


# --- registration --------------------------------------------------------------------------------


async def test_registration_creates_a_pending_student_and_its_account(
    container: Container, ref: Ref, clock: FrozenClock
) -> None:
    row = await register_in(container, ref)
    assert row == StudentRow(
        id=row.id,
        user_id=row.user_id,
        username="student1",
        student_code=row.student_code,
        name_ar="طالب مجتهد",
        name_en="Student Number 1",
        phone_number="01001234567",
        father_number="01112223333",
        mother_number=None,
        father_job="Engineer",
        educational_state="school",
        school_type_id=ref.school_type,
        grade_id=ref.grade,
        division_id=ref.division,
        school_name="Cairo Secondary",
        national_id="308031501" + "0001" + "1",
        birth_date=date(2008, 3, 15),
        gender="male",
        gmail="student1@example.com",
        facebook_link=None,
        governorate_id=ref.cairo,
        area_id=ref.nasr_city,
        status="pending",
        is_active=True,
        created_at=clock.now(),
        updated_at=clock.now(),
    )
    assert len(row.student_code) == 9 and row.student_code.startswith("S") and row.student_code[1:].isdigit()
    user = container.memory_store.state.of(AccountTables).users[row.user_id]  # type: ignore[union-attr]
    assert (user.role, user.name, user.gmail, user.is_active) == (
        Role.STUDENT,
        "Student Number 1",
        "student1@example.com",
        True,
    )
    assert await container.hasher.verify(user.password_hash, PASSWORD)


async def test_the_student_can_log_in_after_registering(container: Container, ref: Ref) -> None:
    await register_in(container, ref)
    pair = await container.get(Login).execute(LoginAttempt("student1", PASSWORD, "203.0.113.7"))
    assert pair.user.role is Role.STUDENT


async def test_registration_reports_every_problem_at_once_and_writes_nothing(
    container: Container, ref: Ref
) -> None:
    errors = await errors_of(
        container.get(RegisterStudent).execute(
            StudentRegistration(
                username="bad name!",
                password="123",
                phone_number="0131",
                birth_date=date(2008, 3, 15),
                national_id="30803150100011",
                governorate=ref.giza,
                area=ref.nasr_city,
                grade=999,
                # what the edge refused is reported with what the core finds
                refused={
                    name: [REQUIRED] for name in ("name_ar", "name_en", "father_job", "gender", "gmail")
                },
            )
        )
    )
    assert errors == {
        "username": [
            "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
        ],
        "password": [
            "Password validation error",
            "This password is too short. It must contain at least 8 characters.",
            "This password is entirely numeric.",
        ],
        "name_ar": ["This field is required."],
        "name_en": ["This field is required."],
        "phone_number": ["Phone number must be exactly 11 digits and start with 010, 011, 012 or 015."],
        "father_job": ["This field is required."],
        "gender": ["This field is required."],
        "gmail": ["This field is required."],
        "area": [f"Area {ref.nasr_city} is not in governorate {ref.giza}."],
        "grade": ['Invalid pk "999" - object does not exist.'],
    }
    state = container.memory_store.state  # type: ignore[union-attr]
    assert state.of(StudentTables).students == {}
    assert [u.username for u in state.of(AccountTables).users.values()] == ["owner"]


async def test_username_gmail_and_national_id_must_be_free(container: Container, ref: Ref) -> None:
    await register_in(container, ref)
    errors = await errors_of(
        register_in(
            container,
            ref,
            2,
            username="STUDENT1",
            gmail="Student1@Example.com",
            national_id=registration(ref, 1).national_id,
        )
    )
    assert errors == {
        "username": ["Username already exists."],
        "gmail": ["This email is already associated with an account."],
        "national_id": ["A student with this national ID already exists."],
    }
    assert len(container.memory_store.state.of(StudentTables).students) == 1  # type: ignore[union-attr]


async def test_gmail_is_unique_across_roles(container: Container, ref: Ref) -> None:
    boss = NewSiteOwner("boss", "Owner-pass-1", gmail="boss@example.com")
    await container.get(CreateSiteOwner).execute(SYSTEM, boss)
    errors = await errors_of(register_in(container, ref, gmail="BOSS@example.com"))
    assert errors == {"gmail": ["This email is already associated with an account."]}


async def test_the_division_must_be_offered_for_the_grade_and_school_type(
    container: Container, ref: Ref
) -> None:
    errors = await errors_of(
        register_in(container, ref, grade=ref.other_grade, school_type=ref.other_school_type)
    )
    assert errors == {
        "division": [
            f"Division {ref.division} is not in grade {ref.other_grade}.",
            f"Division {ref.division} is not in school type {ref.other_school_type}.",
        ]
    }
    row = await register_in(container, ref, school_type=None)  # school type optional: grade alone checked
    assert row.division_id == ref.division and row.school_type_id is None


async def test_referenced_ids_must_exist(container: Container, ref: Ref) -> None:
    errors = await errors_of(
        register_in(container, ref, governorate=99, area=98, school_type=2**40, division=97)
    )
    assert errors == {
        "governorate": ['Invalid pk "99" - object does not exist.'],
        "area": ['Invalid pk "98" - object does not exist.'],
        "school_type": [f'Invalid pk "{2**40}" - object does not exist.'],
        "division": ['Invalid pk "97" - object does not exist.'],
    }


async def test_a_graduate_registers_without_school_details(container: Container, ref: Ref) -> None:
    row = await register_in(
        container,
        ref,
        educational_state=EducationalState.GRADUATE,
        grade=None,
        school_type=None,
        division=None,
    )
    assert (row.educational_state, row.grade_id, row.school_type_id, row.division_id) == (
        "graduate",
        None,
        None,
        None,
    )


async def test_student_codes_are_unique_and_retried_on_collision(
    container: Container, ref: Ref, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edutrack.core.use_cases.students import register_student

    codes = iter(["S00000001", "S00000001", "S00000001", "S00000002"])
    monkeypatch.setattr(register_student, "new_student_code", lambda: next(codes))
    first = await register_in(container, ref, 1)
    second = await register_in(container, ref, 2)
    assert (first.student_code, second.student_code) == ("S00000001", "S00000002")


# --- own profile ---------------------------------------------------------------------------------


async def test_a_student_reads_and_changes_their_own_profile(
    container: Container, ref: Ref, clock: FrozenClock
) -> None:
    row = await register_in(container, ref)
    actor = await student_actor(container, row)
    assert await container.get(GetMyStudentProfile).execute(actor) == row
    clock.advance(minutes=5)
    updated = await container.get(UpdateMyStudentProfile).execute(
        actor,
        StudentProfileChanges(
            name_en="New Name",
            phone_number="0155 000 1111",
            mother_number="01200001111",
            governorate=ref.giza,
            area=ref.dokki,
            gmail="new@example.com",
            facebook_link="https://facebook.com/me",
        ),
    )
    assert updated == replace(
        row,
        name_en="New Name",
        phone_number="01550001111",
        mother_number="01200001111",
        governorate_id=ref.giza,
        area_id=ref.dokki,
        gmail="new@example.com",
        facebook_link="https://facebook.com/me",
        updated_at=clock.now(),
    )
    user = container.memory_store.state.of(AccountTables).users[row.user_id]  # type: ignore[union-attr]
    assert (user.name, user.gmail) == ("New Name", "new@example.com")


async def test_profile_updates_rerun_the_rules_on_the_merged_profile(container: Container, ref: Ref) -> None:
    row = await register_in(container, ref)
    await register_in(container, ref, 2)
    actor = await student_actor(container, row)
    update = container.get(UpdateMyStudentProfile)
    assert await errors_of(update.execute(actor, StudentProfileChanges(governorate=ref.giza))) == {
        "area": [f"Area {ref.nasr_city} is not in governorate {ref.giza}."]
    }
    assert await errors_of(update.execute(actor, StudentProfileChanges(grade=ref.other_grade))) == {
        "division": [f"Division {ref.division} is not in grade {ref.other_grade}."]
    }
    taken = StudentProfileChanges(gmail="STUDENT2@example.com", phone_number="0101")
    assert await errors_of(update.execute(actor, taken)) == {
        "phone_number": ["Phone number must be exactly 11 digits and start with 010, 011, 012 or 015."],
        "gmail": ["This email is already associated with an account."],
    }
    graduate = StudentProfileChanges(educational_state=EducationalState.GRADUATE)
    assert await errors_of(update.execute(actor, graduate)) == {
        "school_type": ["Must be empty for a graduate."],
        "grade": ["Must be empty for a graduate."],
        "division": ["Must be empty for a graduate."],
    }
    assert await container.get(GetMyStudentProfile).execute(actor) == row  # nothing was written
    same_gmail = await update.execute(actor, StudentProfileChanges(gmail="STUDENT1@example.com"))
    assert same_gmail.gmail == "STUDENT1@example.com"  # the student's own address, in another case


def test_national_id_and_birth_date_are_not_editable() -> None:
    editable = {field.name for field in fields(StudentProfileChanges)}
    assert not editable & {"national_id", "birth_date", "status", "student_code", "username"}


async def test_only_students_have_an_own_profile(container: Container, ref: Ref, owner: Actor) -> None:
    with pytest.raises(PermissionDenied):
        await container.get(GetMyStudentProfile).execute(owner)
    with pytest.raises(PermissionDenied):
        await container.get(UpdateMyStudentProfile).execute(owner, StudentProfileChanges(name_en="x"))
    without_profile = Actor(user_id=owner.user_id, username="ghost", role=Role.STUDENT)
    with pytest.raises(NotFound):
        await container.get(GetMyStudentProfile).execute(without_profile)
    with pytest.raises(NotFound):
        await container.get(UpdateMyStudentProfile).execute(
            without_profile, StudentProfileChanges(name_en="x")
        )
