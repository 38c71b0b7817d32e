"""Student use cases over the in-memory fakes: registration, own profile, the site owner's list, detail
and status changes (with their notification)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.entities.academics import ReferenceKind as K
from edutrack.core.entities.people import StudentStatus
from edutrack.core.entities.users import User
from edutrack.core.errors import (
    AccountDisabled,
    InvalidRefreshToken,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.auth.authenticate import Authenticate
from edutrack.core.use_cases.auth.login import Login
from edutrack.core.use_cases.auth.refresh import RefreshTokens
from edutrack.core.use_cases.students.get_student import GetMyStudentProfile, GetStudent
from edutrack.core.use_cases.students.list_students import ListStudents
from edutrack.core.use_cases.students.register_student import RegisterStudent, StudentRegistration
from edutrack.core.use_cases.students.set_status import SetStudentStatus
from edutrack.core.use_cases.students.update_my_profile import UpdateMyStudentProfile
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner
from edutrack.ports.readers import PageRequest
from edutrack.ports.students import StudentFilter, StudentRow

pytestmark = pytest.mark.anyio

ALL = PageRequest(limit=None)
PASSWORD = "Student-pass-1"


@dataclass(frozen=True)
class Ref:
    grade: int
    other_grade: int
    school_type: int
    other_school_type: int
    division: int
    cairo: int
    giza: int
    nasr_city: int
    dokki: int


@pytest.fixture
async def owner(container: Container) -> Actor:
    user = await container.get(CreateSiteOwner).execute(SYSTEM, "owner", "Owner-pass-1")
    return user.as_actor()


@pytest.fixture
async def ref(container: Container, owner: Actor) -> Ref:
    async def create(kind: K, **fields: object) -> int:
        return (await container.get(CreateReferenceItem).execute(owner, kind, fields)).id

    grade = await create(K.GRADE, name="Third secondary", order=3)
    other_grade = await create(K.GRADE, name="First secondary", order=1)
    school_type = await create(K.SCHOOL_TYPE, name="Public")
    other_school_type = await create(K.SCHOOL_TYPE, name="Azhar")
    division = await create(K.DIVISION, name="Science", grade_ids=[grade], school_type_ids=[school_type])
    cairo = await create(K.GOVERNORATE, name="Cairo")
    giza = await create(K.GOVERNORATE, name="Giza")
    nasr_city = await create(K.AREA, name="Nasr City", governorate_id=cairo)
    dokki = await create(K.AREA, name="Dokki", governorate_id=giza)
    return Ref(grade, other_grade, school_type, other_school_type, division, cairo, giza, nasr_city, dokki)


def registration(ref: Ref, n: int = 1, **overrides: object) -> StudentRegistration:
    base = StudentRegistration(
        username=f"student{n}",
        password=PASSWORD,
        name_ar="طالب مجتهد",
        name_en=f"Student Number {n}",
        phone_number="+20 100 123 4567",
        father_number="0111 222 3333",
        father_job="Engineer",
        school_type=ref.school_type,
        grade=ref.grade,
        division=ref.division,
        school_name="Cairo Secondary",
        national_id=f"308031501{n:04d}1",
        birth_date="2008-03-15",
        gender="male",
        gmail=f"student{n}@example.com",
        governorate=ref.cairo,
        area=ref.nasr_city,
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


async def register(container: Container, ref: Ref, n: int = 1, **overrides: object) -> StudentRow:
    return await container.get(RegisterStudent).execute(registration(ref, n, **overrides))


async def errors_of(call: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as info:
        await call  # type: ignore[misc]
    return info.value.fields


async def student_actor(container: Container, row: StudentRow) -> Actor:
    user = container.memory_store.state.users[row.user_id]  # type: ignore[union-attr]
    return Actor(user_id=row.user_id, username=user.username, role=Role.STUDENT, student_id=row.id)


# --- registration --------------------------------------------------------------------------------


async def test_registration_creates_a_pending_student_and_its_account(
    container: Container, ref: Ref, clock: FrozenClock
) -> None:
    row = await register(container, ref)
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
    user = container.memory_store.state.users[row.user_id]  # type: ignore[union-attr]
    assert (user.role, user.name, user.gmail, user.is_active) == (
        Role.STUDENT,
        "Student Number 1",
        "student1@example.com",
        True,
    )
    assert await container.hasher.verify(user.password_hash, PASSWORD)


async def test_the_student_can_log_in_after_registering(container: Container, ref: Ref) -> None:
    await register(container, ref)
    pair = await container.get(Login).execute("student1", PASSWORD, "203.0.113.7")
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
                birth_date="2008-03-15",
                national_id="30803150100011",
                governorate=ref.giza,
                area=ref.nasr_city,
                grade=999,
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
    assert state.students == {}
    assert [u.username for u in state.users.values()] == ["owner"]


async def test_username_gmail_and_national_id_must_be_free(container: Container, ref: Ref) -> None:
    await register(container, ref)
    errors = await errors_of(
        register(
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
    assert len(container.memory_store.state.students) == 1  # type: ignore[union-attr]


async def test_gmail_is_unique_across_roles(container: Container, ref: Ref) -> None:
    await container.get(CreateSiteOwner).execute(SYSTEM, "boss", "Owner-pass-1", gmail="boss@example.com")
    errors = await errors_of(register(container, ref, gmail="BOSS@example.com"))
    assert errors == {"gmail": ["This email is already associated with an account."]}


async def test_the_division_must_be_offered_for_the_grade_and_school_type(
    container: Container, ref: Ref
) -> None:
    errors = await errors_of(
        register(container, ref, grade=ref.other_grade, school_type=ref.other_school_type)
    )
    assert errors == {
        "division": [
            f"Division {ref.division} is not in grade {ref.other_grade}.",
            f"Division {ref.division} is not in school type {ref.other_school_type}.",
        ]
    }
    row = await register(container, ref, school_type=None)  # school type optional: grade alone checked
    assert row.division_id == ref.division and row.school_type_id is None


async def test_referenced_ids_must_exist(container: Container, ref: Ref) -> None:
    errors = await errors_of(
        register(container, ref, governorate=99, area=98, school_type=2**40, division=97)
    )
    assert errors == {
        "governorate": ['Invalid pk "99" - object does not exist.'],
        "area": ['Invalid pk "98" - object does not exist.'],
        "school_type": [f'Invalid pk "{2**40}" - object does not exist.'],
        "division": ['Invalid pk "97" - object does not exist.'],
    }


async def test_a_graduate_registers_without_school_details(container: Container, ref: Ref) -> None:
    row = await register(
        container, ref, educational_state="graduate", grade=None, school_type=None, division=None
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
    first = await register(container, ref, 1)
    second = await register(container, ref, 2)
    assert (first.student_code, second.student_code) == ("S00000001", "S00000002")


# --- own profile ---------------------------------------------------------------------------------


async def test_a_student_reads_and_changes_their_own_profile(
    container: Container, ref: Ref, clock: FrozenClock
) -> None:
    row = await register(container, ref)
    actor = await student_actor(container, row)
    assert await container.get(GetMyStudentProfile).execute(actor) == row
    clock.advance(minutes=5)
    updated = await container.get(UpdateMyStudentProfile).execute(
        actor,
        {
            "name_en": "New Name",
            "phone_number": "0155 000 1111",
            "mother_number": "01200001111",
            "governorate": ref.giza,
            "area": ref.dokki,
            "gmail": "new@example.com",
            "facebook_link": "https://facebook.com/me",
        },
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
    user = container.memory_store.state.users[row.user_id]  # type: ignore[union-attr]
    assert (user.name, user.gmail) == ("New Name", "new@example.com")


async def test_profile_updates_rerun_the_rules_on_the_merged_profile(container: Container, ref: Ref) -> None:
    row = await register(container, ref)
    await register(container, ref, 2)
    actor = await student_actor(container, row)
    update = container.get(UpdateMyStudentProfile)
    assert await errors_of(update.execute(actor, {"governorate": ref.giza})) == {
        "area": [f"Area {ref.nasr_city} is not in governorate {ref.giza}."]
    }
    assert await errors_of(update.execute(actor, {"grade": ref.other_grade})) == {
        "division": [f"Division {ref.division} is not in grade {ref.other_grade}."]
    }
    assert await errors_of(update.execute(actor, {"gmail": "STUDENT2@example.com", "name_ar": None})) == {
        "name_ar": ["This field may not be null."],
        "gmail": ["This email is already associated with an account."],
    }
    assert await errors_of(update.execute(actor, {"educational_state": "graduate"})) == {
        "school_type": ["Must be empty for a graduate."],
        "grade": ["Must be empty for a graduate."],
        "division": ["Must be empty for a graduate."],
    }
    assert await container.get(GetMyStudentProfile).execute(actor) == row  # nothing was written
    same_gmail = await update.execute(actor, {"gmail": "STUDENT1@example.com"})
    assert same_gmail.gmail == "STUDENT1@example.com"  # the student's own address, in another case


async def test_national_id_and_birth_date_are_not_editable(container: Container, ref: Ref) -> None:
    row = await register(container, ref)
    actor = await student_actor(container, row)
    with pytest.raises(ValueError, match="not editable"):
        await container.get(UpdateMyStudentProfile).execute(actor, {"national_id": "30803150100029"})


async def test_only_students_have_an_own_profile(container: Container, ref: Ref, owner: Actor) -> None:
    with pytest.raises(PermissionDenied):
        await container.get(GetMyStudentProfile).execute(owner)
    with pytest.raises(PermissionDenied):
        await container.get(UpdateMyStudentProfile).execute(owner, {"name_en": "x"})
    without_profile = Actor(user_id=owner.user_id, username="ghost", role=Role.STUDENT)
    with pytest.raises(NotFound):
        await container.get(GetMyStudentProfile).execute(without_profile)
    with pytest.raises(NotFound):
        await container.get(UpdateMyStudentProfile).execute(without_profile, {"name_en": "x"})


# --- the site owner's side -----------------------------------------------------------------------


async def test_the_site_owner_lists_filters_and_searches_students(
    container: Container, ref: Ref, owner: Actor, clock: FrozenClock
) -> None:
    first = await register(container, ref, 1, name_en="Ahmed Ali")
    clock.advance(minutes=1)
    second = await register(
        container, ref, 2, name_ar="منى", name_en="Mona Hassan", grade=ref.other_grade, division=None
    )
    clock.advance(minutes=1)
    third = await register(container, ref, 3, school_type=ref.other_school_type, division=None)
    await container.get(SetStudentStatus).execute(owner, second.id, status=StudentStatus.VERIFIED)
    list_students = container.get(ListStudents)

    async def ids(**filters: object) -> list[int]:
        page = await list_students.execute(owner, StudentFilter(**filters), ALL)  # type: ignore[arg-type]
        assert page.total == len(page.items)
        return [row.id for row in page.items]

    assert await ids() == [third.id, second.id, first.id]  # newest first
    assert await ids(status=StudentStatus.VERIFIED) == [second.id]
    assert await ids(status=StudentStatus.PENDING) == [third.id, first.id]
    assert await ids(grade=ref.other_grade) == [second.id]
    assert await ids(school_type=ref.other_school_type) == [third.id]
    assert await ids(search="ahmed") == [first.id]
    assert await ids(search="منى") == [second.id]
    assert await ids(search=third.student_code.lower()) == [third.id]
    assert await ids(search="0100021") == [second.id]  # part of the national id
    assert await ids(search="nobody") == []
    page = await list_students.execute(owner, StudentFilter(), PageRequest(offset=1, limit=1))
    assert (page.total, [row.id for row in page.items]) == (3, [second.id])


async def test_the_site_owner_reads_any_student(container: Container, ref: Ref, owner: Actor) -> None:
    row = await register(container, ref)
    assert await container.get(GetStudent).execute(owner, row.id) == row
    with pytest.raises(NotFound):
        await container.get(GetStudent).execute(owner, row.id + 1)


@pytest.mark.parametrize("role", [Role.STUDENT, Role.TEACHER, Role.ASSISTANT])
async def test_only_the_site_owner_manages_students(container: Container, ref: Ref, role: Role) -> None:
    row = await register(container, ref)
    actor = Actor(user_id=row.user_id, username="someone", role=role)
    with pytest.raises(PermissionDenied):
        await container.get(ListStudents).execute(actor, StudentFilter(), ALL)
    with pytest.raises(PermissionDenied):
        await container.get(GetStudent).execute(actor, row.id)
    with pytest.raises(PermissionDenied):
        await container.get(SetStudentStatus).execute(actor, row.id, status=StudentStatus.VERIFIED)


async def test_a_disabled_site_owner_is_refused(container: Container, owner: Actor) -> None:
    disabled = replace(owner, is_active=False)
    with pytest.raises(AccountDisabled):
        await container.get(ListStudents).execute(disabled, StudentFilter(), ALL)


async def test_status_changes_are_saved_and_notified_after_the_commit(
    container: Container, ref: Ref, owner: Actor, clock: FrozenClock
) -> None:
    row = await register(container, ref)
    pair = await container.get(Login).execute("student1", PASSWORD, "203.0.113.7")
    clock.advance(minutes=1)
    set_status = container.get(SetStudentStatus)
    result = await set_status.execute(owner, row.id, status=StudentStatus.VERIFIED)
    assert (result.status, result.is_active) == (StudentStatus.VERIFIED, True)
    result = await set_status.execute(owner, row.id, is_active=False)
    assert (result.status, result.is_active) == (StudentStatus.VERIFIED, False)
    unchanged = await set_status.execute(owner, row.id, status=StudentStatus.VERIFIED, is_active=False)
    assert (unchanged.status, unchanged.is_active) == (StudentStatus.VERIFIED, False)
    nothing = await set_status.execute(owner, row.id)
    assert (nothing.status, nothing.is_active) == (StudentStatus.VERIFIED, False)

    state = container.memory_store.state  # type: ignore[union-attr]
    sent = sorted(state.notifications.values(), key=lambda n: n.id)
    assert [(n.user_id, n.notification_type, n.metadata) for n in sent] == [
        (row.user_id, "student_status_changed", {"status": "verified", "is_active": True}),
        (row.user_id, "student_status_changed", {"status": "verified", "is_active": False}),
    ]
    assert sent[0].title == "Account status updated"
    assert sent[0].message == "Your account is now verified."
    assert sent[1].message == "Your account is now verified. Your account has been disabled."

    stored = await container.get(GetStudent).execute(owner, row.id)
    assert (stored.status, stored.is_active, stored.updated_at) == ("verified", False, clock.now())
    with pytest.raises(AccountDisabled):
        await container.get(Authenticate).execute(pair.access)
    with pytest.raises(InvalidRefreshToken):  # revoked when the account was disabled
        await container.get(RefreshTokens).execute(pair.refresh)


async def test_a_failed_status_change_notifies_nobody(container: Container, owner: Actor) -> None:
    with pytest.raises(NotFound):
        await container.get(SetStudentStatus).execute(owner, 42, status=StudentStatus.VERIFIED)
    assert container.memory_store.state.notifications == {}  # type: ignore[union-attr]


async def test_a_student_account_without_profile_is_not_a_student_to_manage(
    container: Container, owner: Actor
) -> None:
    async with container.uow() as uow:
        user = await uow.users.add(
            User(
                username="bare",
                password_hash="x",
                role=Role.STUDENT,
                name="Bare",
                created_at=container.clock.now(),
            )
        )
        await uow.commit()
    assert user.id is not None
    page = await container.get(ListStudents).execute(owner, StudentFilter(), ALL)
    assert page.total == 0
