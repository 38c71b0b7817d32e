"""Assistant use cases over the in-memory fakes (Teacher API §1, SiteOwner API §4)."""

from __future__ import annotations

from typing import Any

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.memory.assistants import AssistantTables
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.teachers import TeacherTables
from edutrack.adapters.storage.memory import MemoryMediaStorage
from edutrack.composition import Container
from edutrack.core.actor import Actor, Role
from edutrack.core.entities.people import Gender
from edutrack.core.entities.users import User
from edutrack.core.errors import (
    AccountDisabled,
    Conflict,
    InvalidCredentials,
    InvalidRefreshToken,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from edutrack.core.policies.uploads import Upload
from edutrack.core.use_cases.assistants.create_assistant import CreateAssistant, NewAssistant
from edutrack.core.use_cases.assistants.delete_assistant import DeleteAssistant
from edutrack.core.use_cases.assistants.get_assistant import GetMyAssistant
from edutrack.core.use_cases.assistants.list_assistants import ListAllAssistants, ListMyAssistants
from edutrack.core.use_cases.assistants.update_assistant import AssistantChanges, UpdateAssistant
from edutrack.core.use_cases.auth.authenticate import Authenticate
from edutrack.core.use_cases.auth.login import Login, LoginAttempt
from edutrack.core.use_cases.auth.refresh import RefreshTokens
from edutrack.ports.assistants import AssistantFilter
from edutrack.ports.readers import PageRequest
from tests.support import people
from tests.support.files import JPEG, PNG

pytestmark = pytest.mark.anyio

PASSWORD = "Assist-pass-1"
ALL = PageRequest(offset=0, limit=None)


async def add_user(container: Container, username: str, role: Role, name: str | None = None) -> User:
    return await people.add_user(
        container, role, username, name, password_hash="x", gmail=f"{username}@mail.com"
    )


async def add_teacher(container: Container, username: str, name: str | None = None) -> Actor:
    """A teacher user with a profile, and the actor their token would carry."""
    gmail = f"{username}@mail.com"
    return (await people.add_teacher(container, username, name, password_hash="x", gmail=gmail)).actor


def new(username: str = "helper", **changes: Any) -> NewAssistant:
    values: dict[str, Any] = {
        "username": username,
        "password": PASSWORD,
        "name": "Helper Hassan",
        "phone": "01112345678",
        "gmail": f"{username}@gmail.com",
        "gender": Gender.MALE,
    }
    return NewAssistant(**{**values, **changes})


def storage_of(container: Container) -> MemoryMediaStorage:
    assert isinstance(container.storage, MemoryMediaStorage)
    return container.storage


async def test_create_makes_an_assistant_user_that_can_log_in(container: Container) -> None:
    teacher = await add_teacher(container, "teacher", "Mr Teacher")
    row = await container.get(CreateAssistant).execute(teacher, new(phone="+20 111 234 5678"))
    assert (row.username, row.name, row.phone, row.gmail, row.gender) == (
        "helper",
        "Helper Hassan",
        "01112345678",
        "helper@gmail.com",
        "male",
    )
    assert (row.teacher, row.teacher_name, row.is_active, row.profile_picture) == (
        teacher.teacher_id,
        "Mr Teacher",
        True,
        None,
    )
    assert row.created_at == container.clock.now()
    pair = await container.get(Login).execute(LoginAttempt("helper", PASSWORD, "1.2.3.4"))
    assert pair.user.role is Role.ASSISTANT and pair.user.id == row.user_id
    actor = await container.get(Authenticate).execute(pair.access)
    assert (actor.role, actor.teacher_id, actor.assistant_id) == (Role.ASSISTANT, teacher.teacher_id, row.id)


async def test_create_reports_every_field_problem_at_once(container: Container) -> None:
    teacher = await add_teacher(container, "teacher")
    with pytest.raises(ValidationFailed) as caught:
        await container.get(CreateAssistant).execute(
            teacher,
            new(
                username="bad name!",
                password="12345678",
                name=" ",
                phone="0991",
                gmail="nope",
                picture=Upload("face.png", b"not an image"),
            ),
        )
    fields = caught.value.fields
    assert set(fields) == {"username", "password", "name", "phone", "gmail", "profile_picture"}
    assert fields["password"][0] == "Password validation error"
    assert "This password is entirely numeric." in fields["password"]
    assert fields["name"] == ["This field may not be blank."]
    assert fields["phone"] == ["Phone number must be exactly 11 digits and start with 010, 011, 012 or 015."]
    assert storage_of(container).files == {}


async def test_create_refuses_a_username_or_gmail_of_any_account(container: Container) -> None:
    teacher = await add_teacher(container, "teacher")
    await add_user(container, "taken", Role.STUDENT)
    with pytest.raises(ValidationFailed) as caught:
        await container.get(CreateAssistant).execute(
            teacher, new(username="TAKEN", gmail="Taken@Mail.com", picture=Upload("a.png", PNG))
        )
    assert caught.value.fields == {
        "username": ["Username already exists."],
        "gmail": ["This email is already associated with an account."],
    }
    assert storage_of(container).files == {}


async def test_create_stores_the_picture_and_removes_it_when_the_transaction_fails(
    container: Container,
) -> None:
    teacher = await add_teacher(container, "teacher")
    row = await container.get(CreateAssistant).execute(teacher, new(picture=Upload("me.PNG", PNG)))
    assert row.profile_picture is not None and row.profile_picture.startswith("assistants/")
    assert row.profile_picture.endswith(".png")
    assert storage_of(container).files == {row.profile_picture: PNG}
    ghost = Actor(user_id=teacher.user_id, username="teacher", role=Role.TEACHER, teacher_id=999)
    with pytest.raises(Conflict):  # the teacher profile vanished: the foreign key refuses the insert
        await container.get(CreateAssistant).execute(ghost, new("second", picture=Upload("b.jpg", JPEG)))
    assert list(storage_of(container).files) == [row.profile_picture]


@pytest.mark.parametrize("role", [Role.ASSISTANT, Role.STUDENT, Role.SITE_OWNER])
async def test_only_teachers_manage_assistants(container: Container, role: Role) -> None:
    teacher = await add_teacher(container, "teacher")
    row = await container.get(CreateAssistant).execute(teacher, new())
    other = Actor(user_id=row.user_id, username="x", role=role, teacher_id=teacher.teacher_id)
    with pytest.raises(PermissionDenied):
        await container.get(CreateAssistant).execute(other, new("another"))
    with pytest.raises(PermissionDenied):
        await container.get(UpdateAssistant).execute(other, row.id, AssistantChanges(name="X"))
    with pytest.raises(PermissionDenied):
        await container.get(DeleteAssistant).execute(other, row.id)
    with pytest.raises(PermissionDenied):
        await container.get(GetMyAssistant).execute(other, row.id)
    with pytest.raises(PermissionDenied):
        await container.get(ListMyAssistants).execute(other, ALL)


async def test_a_teacher_without_a_profile_is_refused(container: Container) -> None:
    user = await add_user(container, "bare", Role.TEACHER)
    assert user.id is not None
    actor = Actor(user_id=user.id, username="bare", role=Role.TEACHER)
    with pytest.raises(PermissionDenied):
        await container.get(CreateAssistant).execute(actor, new())


async def test_another_teachers_assistant_is_not_found(container: Container) -> None:
    mine = await add_teacher(container, "mine")
    theirs = await add_teacher(container, "theirs")
    row = await container.get(CreateAssistant).execute(theirs, new())
    for call in (
        container.get(GetMyAssistant).execute(mine, row.id),
        container.get(UpdateAssistant).execute(mine, row.id, AssistantChanges(name="Stolen", phone="bad")),
        container.get(DeleteAssistant).execute(mine, row.id),
        container.get(GetMyAssistant).execute(mine, 10**12),
    ):
        with pytest.raises(NotFound):
            await call
    assert (await container.get(GetMyAssistant).execute(theirs, row.id)).name == "Helper Hassan"


async def test_patch_changes_only_the_given_fields(container: Container, clock: FrozenClock) -> None:
    teacher = await add_teacher(container, "teacher")
    row = await container.get(CreateAssistant).execute(teacher, new())
    clock.advance(hours=1)
    updated = await container.get(UpdateAssistant).execute(
        teacher, row.id, AssistantChanges(name="  New Name ", gender=None, gmail="HELPER@gmail.com")
    )
    assert (updated.name, updated.gender, updated.gmail, updated.phone, updated.username) == (
        "New Name",
        None,
        "HELPER@gmail.com",
        row.phone,
        row.username,
    )
    assert updated.created_at == row.created_at


async def test_a_full_change_without_a_password_keeps_the_password(container: Container) -> None:
    """PUT's required fields and "an empty password is no change" are the edge's (see the API tests)."""
    teacher = await add_teacher(container, "teacher")
    row = await container.get(CreateAssistant).execute(teacher, new())
    full = AssistantChanges(username="renamed", name="N", phone="01512345678", gmail="n@gmail.com")
    updated = await container.get(UpdateAssistant).execute(teacher, row.id, full)
    assert (updated.username, updated.phone, updated.gender) == ("renamed", "01512345678", "male")
    assert (
        await container.get(Login).execute(LoginAttempt("renamed", PASSWORD, "1.2.3.4"))
    ).user.id == row.user_id


async def test_update_refuses_another_accounts_username_or_gmail(container: Container) -> None:
    teacher = await add_teacher(container, "teacher")
    row = await container.get(CreateAssistant).execute(teacher, new())
    with pytest.raises(ValidationFailed) as caught:
        await container.get(UpdateAssistant).execute(teacher, row.id, AssistantChanges(username="TEACHER"))
    assert caught.value.fields == {"username": ["Username already exists."]}
    with pytest.raises(ValidationFailed) as caught:
        await container.get(UpdateAssistant).execute(
            teacher, row.id, AssistantChanges(gmail="teacher@MAIL.com")
        )
    assert caught.value.fields == {"gmail": ["This email is already associated with an account."]}
    same = await container.get(UpdateAssistant).execute(teacher, row.id, AssistantChanges(username="HELPER"))
    assert same.username == "HELPER"


async def test_a_new_password_is_hashed_and_signs_the_assistant_out(container: Container) -> None:
    teacher = await add_teacher(container, "teacher")
    row = await container.get(CreateAssistant).execute(teacher, new())
    pair = await container.get(Login).execute(LoginAttempt("helper", PASSWORD, "1.2.3.4"))
    with pytest.raises(ValidationFailed) as caught:
        await container.get(UpdateAssistant).execute(teacher, row.id, AssistantChanges(password="helper"))
    assert caught.value.fields["password"][0] == "Password validation error"
    await container.get(UpdateAssistant).execute(teacher, row.id, AssistantChanges(password="Brand-new-9"))
    stored = container.memory_store.state.of(AccountTables).users[row.user_id]  # type: ignore[union-attr]
    assert "Brand-new-9" not in stored.password_hash
    with pytest.raises(InvalidCredentials):
        await container.get(Login).execute(LoginAttempt("helper", PASSWORD, "1.2.3.4"))
    assert (
        await container.get(Login).execute(LoginAttempt("helper", "Brand-new-9", "1.2.3.4"))
    ).user.id == row.user_id
    with pytest.raises(InvalidRefreshToken):
        await container.get(RefreshTokens).execute(pair.refresh)


async def test_deactivating_blocks_the_login(container: Container) -> None:
    teacher = await add_teacher(container, "teacher")
    row = await container.get(CreateAssistant).execute(teacher, new())
    pair = await container.get(Login).execute(LoginAttempt("helper", PASSWORD, "1.2.3.4"))
    updated = await container.get(UpdateAssistant).execute(teacher, row.id, AssistantChanges(is_active=False))
    assert updated.is_active is False
    with pytest.raises(AccountDisabled):
        await container.get(Login).execute(LoginAttempt("helper", PASSWORD, "1.2.3.4"))
    with pytest.raises(AccountDisabled):
        await container.get(Authenticate).execute(pair.access)
    back = await container.get(UpdateAssistant).execute(teacher, row.id, AssistantChanges(is_active=True))
    assert back.is_active is True


async def test_a_new_picture_replaces_the_old_file_and_can_be_removed(container: Container) -> None:
    teacher = await add_teacher(container, "teacher")
    row = await container.get(CreateAssistant).execute(teacher, new(picture=Upload("a.png", PNG)))
    files = storage_of(container).files
    with pytest.raises(ValidationFailed):
        await container.get(UpdateAssistant).execute(
            teacher, row.id, AssistantChanges(picture=Upload("b.png", b"GIF89a"))
        )
    assert list(files) == [row.profile_picture]
    replaced = await container.get(UpdateAssistant).execute(
        teacher, row.id, AssistantChanges(picture=Upload("b.jpg", JPEG))
    )
    assert replaced.profile_picture != row.profile_picture
    assert list(files) == [replaced.profile_picture]
    cleared = await container.get(UpdateAssistant).execute(teacher, row.id, AssistantChanges(picture=None))
    assert cleared.profile_picture is None and files == {}


async def test_a_failed_update_deletes_the_new_file_and_keeps_the_old(container: Container) -> None:
    teacher = await add_teacher(container, "teacher")
    row = await container.get(CreateAssistant).execute(teacher, new(picture=Upload("a.png", PNG)))
    state = container.memory_store.state  # type: ignore[union-attr]
    del state.of(TeacherTables).teachers[teacher.teacher_id]  # type: ignore[arg-type]
    with pytest.raises(Conflict):  # the teacher profile vanished: the foreign key refuses the save
        await container.get(UpdateAssistant).execute(
            teacher, row.id, AssistantChanges(picture=Upload("b.png", PNG))
        )
    assert list(storage_of(container).files) == [row.profile_picture]


async def test_delete_removes_the_profile_the_user_and_the_picture(container: Container) -> None:
    teacher = await add_teacher(container, "teacher")
    row = await container.get(CreateAssistant).execute(teacher, new(picture=Upload("a.png", PNG)))
    pair = await container.get(Login).execute(LoginAttempt("helper", PASSWORD, "1.2.3.4"))
    await container.get(DeleteAssistant).execute(teacher, row.id)
    state = container.memory_store.state  # type: ignore[union-attr]
    accounts = state.of(AccountTables)
    assert row.id not in state.of(AssistantTables).assistants and row.user_id not in accounts.users
    assert not any(t.user_id == row.user_id for t in accounts.refresh_tokens.values())
    assert storage_of(container).files == {}
    with pytest.raises(InvalidCredentials):
        await container.get(Login).execute(LoginAttempt("helper", PASSWORD, "1.2.3.4"))
    with pytest.raises(InvalidRefreshToken):
        await container.get(RefreshTokens).execute(pair.refresh)
    with pytest.raises(NotFound):
        await container.get(DeleteAssistant).execute(teacher, row.id)


async def test_a_teacher_lists_only_their_own_assistants(container: Container, clock: FrozenClock) -> None:
    mine = await add_teacher(container, "mine")
    theirs = await add_teacher(container, "theirs")
    first = await container.get(CreateAssistant).execute(mine, new("first", name="Amal"))
    clock.advance(minutes=1)
    second = await container.get(CreateAssistant).execute(
        mine, new("second", name="Basma", phone="01012340000")
    )
    await container.get(CreateAssistant).execute(theirs, new("third"))
    page = await container.get(ListMyAssistants).execute(mine, ALL)
    assert page.total == 2 and [r.id for r in page.items] == [second.id, first.id]  # newest first
    found = await container.get(ListMyAssistants).execute(mine, ALL, "AMAL")
    assert [r.id for r in found.items] == [first.id]
    sliced = await container.get(ListMyAssistants).execute(mine, PageRequest(offset=1, limit=1))
    assert sliced.total == 2 and [r.id for r in sliced.items] == [first.id]


async def test_the_site_owner_lists_everyone_with_filters(container: Container) -> None:
    owner = Actor(user_id=1, username="owner", role=Role.SITE_OWNER)
    mine = await add_teacher(container, "mine", "Mr Mine")
    theirs = await add_teacher(container, "theirs", "Ms Theirs")
    a = await container.get(CreateAssistant).execute(mine, new("a", name="Amal", gmail="amal@x.com"))
    b = await container.get(CreateAssistant).execute(theirs, new("b", name="Basma", phone="01099998888"))
    listing = container.get(ListAllAssistants)
    everyone = await listing.execute(owner, AssistantFilter(), ALL)
    assert {r.id for r in everyone.items} == {a.id, b.id}
    assert {r.teacher_name for r in everyone.items} == {"Mr Mine", "Ms Theirs"}
    by_teacher = await listing.execute(owner, AssistantFilter(teacher=theirs.teacher_id), ALL)
    assert [r.id for r in by_teacher.items] == [b.id]
    for needle, expected in (("AMAL@X", a.id), ("99998", b.id), ("basm", b.id)):
        page = await listing.execute(owner, AssistantFilter(search=needle), ALL)
        assert [r.id for r in page.items] == [expected]
    assert (await listing.execute(owner, AssistantFilter(teacher=999), ALL)).total == 0
    with pytest.raises(PermissionDenied):
        await listing.execute(mine, AssistantFilter(), ALL)
