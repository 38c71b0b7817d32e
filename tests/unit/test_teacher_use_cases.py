"""Teacher use cases (SiteOwner §1) over the in-memory fakes: rules, files, transactions and permissions."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.storage.memory import MemoryMediaStorage
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.entities.academics import ReferenceKind as K
from edutrack.core.entities.people import Gender
from edutrack.core.errors import NotFound, PermissionDenied, ValidationFailed
from edutrack.core.policies.uploads import Upload
from edutrack.core.use_cases.academics.commands import NEW_ITEM
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.auth.login import Login, LoginAttempt
from edutrack.core.use_cases.teachers.create_teacher import CreateTeacher, NewTeacher
from edutrack.core.use_cases.teachers.get_teacher import GetTeacher
from edutrack.core.use_cases.teachers.list_teachers import ListTeachers
from edutrack.core.use_cases.teachers.update_teacher import TeacherChanges, UpdateTeacher
from edutrack.core.use_cases.users.create_site_owner import CreateSiteOwner, NewSiteOwner
from edutrack.ports.academics import VideoSecurityRow
from edutrack.ports.readers import NamedRef, PageRequest
from edutrack.ports.teachers import TeacherFilter
from tests.support.files import png

pytestmark = pytest.mark.anyio

ALL = PageRequest(limit=None)
PASSWORD = "Teacher-pass-1"


class Refs:
    def __init__(self, **ids: int) -> None:
        self.__dict__.update(ids)

    first: int
    second: int
    third: int
    math: int
    physics: int
    watermark: int


@pytest.fixture
async def refs(container: Container, owner: Actor) -> Refs:
    async def create(kind: K, **fields: object) -> int:
        return (await container.get(CreateReferenceItem).execute(owner, NEW_ITEM[kind](**fields))).id

    first = await create(K.GRADE, name="First", order=1)
    second = await create(K.GRADE, name="Second", order=2)
    third = await create(K.GRADE, name="Third", order=3)
    math = await create(K.SUBJECT, name="Math", grade_ids=[first, second, third])
    physics = await create(K.SUBJECT, name="Physics", grade_ids=[third])
    watermark = await create(K.VIDEO_SECURITY, name="Watermark", price_per_student=Decimal("12.5"))
    return Refs(first=first, second=second, third=third, math=math, physics=physics, watermark=watermark)


def new_teacher(refs: Refs, **overrides: object) -> NewTeacher:
    base = NewTeacher(
        username="mr_ahmed",
        password=PASSWORD,
        name="Ahmed Hassan",
        phone="01012345678",
        gmail="ahmed@gmail.com",
        gender=Gender.MALE,
        subject_id=refs.math,
        grade_ids=[refs.second, refs.first],
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


async def errors_of(call: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as info:
        await call  # type: ignore[misc]
    return info.value.fields


async def test_create_writes_user_and_profile_and_reads_them_back(
    container: Container, owner: Actor, refs: Refs, clock: FrozenClock
) -> None:
    data = new_teacher(
        refs,
        secondary_phone="+20 111 234 5678",
        biography="Twenty years of algebra.",  # stripped, blank as None: at the edge
        facebook=None,
        video_security_id=refs.watermark,
    )
    row = await container.get(CreateTeacher).execute(owner, data)
    assert row.username == "mr_ahmed" and row.name == "Ahmed Hassan" and row.gmail == "ahmed@gmail.com"
    assert (row.phone, row.secondary_phone, row.gender) == ("01012345678", "01112345678", "male")
    assert (row.biography, row.facebook, row.profile_picture) == ("Twenty years of algebra.", None, None)
    assert row.is_active is True and row.created_at == clock.now()
    assert row.grades == [NamedRef(refs.first, "First"), NamedRef(refs.second, "Second")]  # by grade order
    assert row.subject is not None and row.subject.name == "Math" and row.subject_id == refs.math
    assert row.video_security == VideoSecurityRow(refs.watermark, "Watermark", Decimal("12.50"))
    async with container.uow() as uow:
        user = await uow.users.get(row.user_id)
    assert user is not None and user.role is Role.TEACHER and user.name == "Ahmed Hassan"
    assert await container.hasher.verify(user.password_hash, PASSWORD)
    assert await container.get(GetTeacher).execute(owner, row.id) == row


async def test_create_reports_every_broken_field_at_once(
    container: Container, owner: Actor, refs: Refs
) -> None:
    data = new_teacher(
        refs, username="bad name!", gmail="nope", phone="0101", secondary_phone="123", password="1234"
    )
    assert await errors_of(container.get(CreateTeacher).execute(owner, data)) == {
        "username": [
            "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
        ],
        "gmail": ["Enter a valid email address."],
        "phone": ["Phone number must be exactly 11 digits and start with 010, 011, 012 or 015."],
        "secondary_phone": ["Phone number must be exactly 11 digits and start with 010, 011, 012 or 015."],
        "password": [
            "Password validation error",
            "This password is too short. It must contain at least 8 characters.",
            "This password is entirely numeric.",
        ],
    }


async def test_duplicates_and_unknown_references_use_the_documented_bodies(
    container: Container, owner: Actor, refs: Refs
) -> None:
    await container.get(CreateTeacher).execute(owner, new_teacher(refs))
    duplicate = new_teacher(refs, username="MR_AHMED", gmail="AHMED@gmail.com")
    assert await errors_of(container.get(CreateTeacher).execute(owner, duplicate)) == {
        "username": ["Username already exists."],
        "gmail": ["This email is already associated with an account."],
    }
    unknown = new_teacher(
        refs,
        username="x1",
        gmail="x1@gmail.com",
        subject_id=99,
        grade_ids=[refs.first, 98],
        video_security_id=97,
    )
    assert await errors_of(container.get(CreateTeacher).execute(owner, unknown)) == {
        "subject": ['Invalid pk "99" - object does not exist.'],
        "grades": ['Invalid pk "98" - object does not exist.'],
        "video_security": ['Invalid pk "97" - object does not exist.'],
    }


async def test_grades_must_be_taught_in_the_subject(container: Container, owner: Actor, refs: Refs) -> None:
    data = new_teacher(refs, subject_id=refs.physics, grade_ids=[refs.first, refs.third, refs.second])
    assert await errors_of(container.get(CreateTeacher).execute(owner, data)) == {
        "grades": [
            "Grade First is not taught in subject Physics.",
            "Grade Second is not taught in subject Physics.",
        ]
    }
    row = await container.get(CreateTeacher).execute(owner, new_teacher(refs))
    change_subject = TeacherChanges(subject_id=refs.physics)
    assert await errors_of(container.get(UpdateTeacher).execute(owner, row.id, change_subject)) == {
        "grades": [
            "Grade First is not taught in subject Physics.",
            "Grade Second is not taught in subject Physics.",
        ]
    }
    both = TeacherChanges(subject_id=refs.physics, grade_ids=[refs.third])
    updated = await container.get(UpdateTeacher).execute(owner, row.id, both)
    assert updated.subject_id == refs.physics and updated.grades == [NamedRef(refs.third, "Third")]


async def test_the_picture_is_stored_before_and_removed_when_the_transaction_fails(
    container: Container, owner: Actor, refs: Refs
) -> None:
    storage = container.storage
    assert isinstance(storage, MemoryMediaStorage)
    picture = Upload("me.png", png())
    row = await container.get(CreateTeacher).execute(owner, new_teacher(refs, profile_picture=picture))
    assert row.profile_picture is not None and row.profile_picture.startswith("teachers/")
    assert storage.files == {row.profile_picture: picture.content}

    # A clash the pre-check cannot see (a user added between the check and the write) fails the
    # transaction: the new picture must not stay behind.
    class RacingHasher:
        async def hash(self, password: str) -> str:
            await container.get(CreateSiteOwner).execute(
                SYSTEM, NewSiteOwner("racer", "Owner-pass-1", gmail="race@gmail.com")
            )
            return "hash"

    racing = replace(container, hasher=RacingHasher())  # type: ignore[arg-type]
    clash = new_teacher(refs, username="racer", gmail="other@gmail.com", profile_picture=picture)
    assert await errors_of(racing.get(CreateTeacher).execute(owner, clash)) == {
        "username": ["Username already exists."]
    }
    assert list(storage.files) == [row.profile_picture]


async def test_bad_pictures_are_refused_before_anything_is_stored(
    container: Container, owner: Actor, refs: Refs
) -> None:
    storage = container.storage
    assert isinstance(storage, MemoryMediaStorage)
    cases = {
        Upload("me.pdf", png()): "File extension 'pdf' is not allowed.",
        Upload("me.png", b"just text"): "Upload a valid image.",
        Upload("me.png", png() + b"\0" * (6 * 1024 * 1024)): "Image too large. Size should not exceed 5 MB.",
    }
    for upload, start in cases.items():
        errors = await errors_of(
            container.get(CreateTeacher).execute(owner, new_teacher(refs, profile_picture=upload))
        )
        assert list(errors) == ["profile_picture"] and errors["profile_picture"][0].startswith(start)
    assert storage.files == {}


async def test_update_changes_only_what_is_sent_and_replaces_the_picture_after_commit(
    container: Container, owner: Actor, refs: Refs, clock: FrozenClock
) -> None:
    storage = container.storage
    assert isinstance(storage, MemoryMediaStorage)
    old = Upload("old.png", png())
    row = await container.get(CreateTeacher).execute(
        owner, new_teacher(refs, profile_picture=old, video_security_id=refs.watermark, biography="Bio")
    )
    clock.advance(minutes=5)
    changes = TeacherChanges(
        name="Ahmed H.",
        password="Brand-new-pass-2",
        secondary_phone="01512345678",
        video_security_id=None,
        biography=None,
        profile_picture=Upload("new.png", png() + b"x"),
    )
    updated = await container.get(UpdateTeacher).execute(owner, row.id, changes)
    assert updated.name == "Ahmed H." and updated.secondary_phone == "01512345678"
    assert updated.video_security is None and updated.biography is None
    assert (updated.username, updated.gmail, updated.phone) == (row.username, row.gmail, row.phone)
    assert updated.grades == row.grades and updated.created_at == row.created_at
    assert updated.profile_picture != row.profile_picture
    assert list(storage.files) == [updated.profile_picture]  # the old file went after the commit
    async with container.uow() as uow:
        user = await uow.users.get(row.user_id)
    assert user is not None and await container.hasher.verify(user.password_hash, "Brand-new-pass-2")

    removed = await container.get(UpdateTeacher).execute(owner, row.id, TeacherChanges(profile_picture=None))
    assert removed.profile_picture is None and storage.files == {}


async def test_update_checks_uniqueness_against_others_only(
    container: Container, owner: Actor, refs: Refs
) -> None:
    row = await container.get(CreateTeacher).execute(owner, new_teacher(refs))
    await container.get(CreateSiteOwner).execute(
        SYSTEM, NewSiteOwner("boss", "Owner-pass-1", gmail="boss@gmail.com")
    )
    same = TeacherChanges(gmail="Ahmed@Gmail.com", username="mr_ahmed")
    assert (await container.get(UpdateTeacher).execute(owner, row.id, same)).gmail == "Ahmed@Gmail.com"
    taken = TeacherChanges(gmail="BOSS@gmail.com", username="Boss")
    assert await errors_of(container.get(UpdateTeacher).execute(owner, row.id, taken)) == {
        "username": ["Username already exists."],
        "gmail": ["This email is already associated with an account."],
    }
    weak = TeacherChanges(password="mr_ahmed")
    assert (await errors_of(container.get(UpdateTeacher).execute(owner, row.id, weak)))["password"] == [
        "Password validation error",
        "The password is too similar to the username.",
    ]


async def test_deactivation_is_stored_on_the_user_and_revokes_refresh_tokens(
    container: Container, owner: Actor, refs: Refs
) -> None:
    row = await container.get(CreateTeacher).execute(owner, new_teacher(refs))
    pair = await container.get(Login).execute(LoginAttempt("mr_ahmed", PASSWORD, "203.0.113.7"))
    off = await container.get(UpdateTeacher).execute(owner, row.id, TeacherChanges(is_active=False))
    assert off.is_active is False
    async with container.uow() as uow:
        user = await uow.users.get(row.user_id)
        token = await uow.refresh_tokens.get_by_jti(
            container.codec.decode_refresh(pair.refresh, container.clock.now()).jti
        )  # type: ignore[union-attr]
    assert user is not None and user.is_active is False
    assert token is not None and token.revoked_at is not None


async def test_list_filters_and_pages(container: Container, owner: Actor, refs: Refs) -> None:
    create = container.get(CreateTeacher)
    ahmed = await create.execute(owner, new_teacher(refs))
    mona = await create.execute(
        owner,
        new_teacher(
            refs,
            username="ms_mona",
            gmail="mona@gmail.com",
            name="Mona Adel",
            gender=Gender.FEMALE,
            subject_id=refs.physics,
            grade_ids=[refs.third],
            is_active=False,
        ),
    )
    listing = container.get(ListTeachers).execute

    async def ids(**filters: object) -> list[int]:
        return [r.id for r in (await listing(owner, TeacherFilter(**filters), ALL)).items]  # type: ignore[arg-type]

    assert await ids() == [mona.id, ahmed.id]  # newest first
    assert await ids(is_active=True) == [ahmed.id]
    assert await ids(is_active=False) == [mona.id]
    assert await ids(subject_id=refs.physics) == [mona.id]
    assert await ids(grade_id=refs.first) == [ahmed.id]
    assert await ids(grade_id=refs.third) == [mona.id]
    assert await ids(search="ADEL") == [mona.id]
    assert await ids(search="nobody") == []
    assert await ids(subject_id=12345) == []
    page = await listing(owner, TeacherFilter(), PageRequest(offset=1, limit=1))
    assert page.total == 2 and [r.id for r in page.items] == [ahmed.id]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.ASSISTANT, Role.STUDENT])
async def test_only_site_owners_may_manage_teachers(
    container: Container, owner: Actor, refs: Refs, role: Role
) -> None:
    row = await container.get(CreateTeacher).execute(owner, new_teacher(refs))
    other = Actor(user_id=999, username="someone", role=role, teacher_id=row.id)
    with pytest.raises(PermissionDenied):
        await container.get(ListTeachers).execute(other, TeacherFilter(), ALL)
    with pytest.raises(PermissionDenied):
        await container.get(GetTeacher).execute(other, row.id)
    with pytest.raises(PermissionDenied):
        await container.get(CreateTeacher).execute(
            other, new_teacher(refs, username="x", gmail="x@gmail.com")
        )
    with pytest.raises(PermissionDenied):
        await container.get(UpdateTeacher).execute(other, row.id, TeacherChanges(name="Hacked"))


async def test_unknown_teachers_are_not_found(container: Container, owner: Actor, refs: Refs) -> None:
    with pytest.raises(NotFound):
        await container.get(GetTeacher).execute(owner, 404)
    with pytest.raises(NotFound):
        await container.get(UpdateTeacher).execute(owner, 404, TeacherChanges(name="Nobody"))
