"""A teacher adds an assistant (Teacher API §1, POST /accounts/teacher/assistants/), and the account
rules that create and update share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from edutrack.core import messages as m
from edutrack.core.actor import Actor, Role
from edutrack.core.commands import Unset, is_set
from edutrack.core.entities.people import AssistantProfile, Gender
from edutrack.core.entities.users import User
from edutrack.core.errors import FieldErrors, PermissionDenied, ValidationFailed, found
from edutrack.core.policies.access import require_role
from edutrack.core.policies.accounts import (
    GMAIL_TAKEN,
    USERNAME_TAKEN,
    check_email,
    check_name,
    check_username,
)
from edutrack.core.policies.passwords import check_password
from edutrack.core.policies.people import check_phone
from edutrack.core.policies.uploads import Upload, check_image
from edutrack.core.use_cases.shared import AccountWriter
from edutrack.ports.assistants import AssistantReader, AssistantRow
from edutrack.ports.uow import UnitOfWork

FOLDER = "assistants"
PICTURE = "profile_picture"
__all__ = ["GMAIL_TAKEN", "USERNAME_TAKEN"]  # re-exported: the answers to a taken username or gmail

# the account policies of the text fields: each trims or normalises the value it accepts
TEXT_POLICIES: dict[str, Callable[[str], str]] = {
    "username": check_username,
    "name": check_name,
    "phone": check_phone,
    "gmail": check_email,
}


@dataclass(frozen=True, slots=True)
class NewAssistant:
    """Everything a new assistant needs; ``picture`` is an optional image (JPEG, PNG or WebP)."""

    username: str
    password: str
    name: str
    phone: str
    gmail: str
    gender: Gender | None = None
    picture: Upload | None = None


def require_teacher(actor: Actor) -> int:
    """The acting teacher's profile id. Assistants, students and site owners are refused."""
    require_role(actor, Role.TEACHER)
    if actor.teacher_id is None:
        raise PermissionDenied()
    return actor.teacher_id


def checked_text(errors: FieldErrors, field: str, value: str) -> str:
    """A text field of the account: not blank, then its policy. The value as the policy returns it; on a
    problem the value as given, and the problem is kept in ``errors`` under ``field``."""
    if not value.strip():
        errors.add(field, m.BLANK)
        return value
    try:
        return TEXT_POLICIES[field](value)
    except ValidationFailed as exc:
        errors.add(field, *(text for texts in exc.fields.values() for text in texts))
        return value


def checked_picture(errors: FieldErrors, picture: Upload | Unset | None) -> str | None:
    """The file extension a new picture is stored under (None when there is no new picture)."""
    if not picture:
        return None
    return errors.check(check_image, picture, field=PICTURE)


async def check_unique(
    uow: UnitOfWork, username: str | Unset, gmail: str | Unset, user_id: int | None = None
) -> None:
    """Username and gmail (when given) belong to no other account, of any role."""
    problems: dict[str, list[str]] = {}
    if is_set(username) and await uow.users.username_taken(str(username)):
        existing = await uow.users.get_by_username(str(username))
        if existing is None or existing.id != user_id:
            problems["username"] = [USERNAME_TAKEN]
    if is_set(gmail) and await uow.users.gmail_taken(str(gmail), exclude_user_id=user_id):
        problems["gmail"] = [GMAIL_TAKEN]
    if problems:
        raise ValidationFailed(problems)


def _checked(data: NewAssistant) -> tuple[NewAssistant, str | None]:
    """The command with its text fields as the policies return them, and the picture's extension; every
    problem is reported at once."""
    errors = FieldErrors()
    text = {field: checked_text(errors, field, getattr(data, field)) for field in TEXT_POLICIES}
    if not data.password.strip():
        errors.add("password", m.BLANK)
    else:
        errors.check(check_password, data.password, text["username"])
    extension = checked_picture(errors, data.picture)
    errors.raise_if_any()
    return replace(data, **text), extension


class CreateAssistant(AccountWriter[AssistantReader]):
    """Teacher only: a new assistant working for the calling teacher.

    Invariants: username and gmail unique across every role, case-insensitively (the database's unique
    indexes decide under concurrency); username, name, phone and gmail not blank and following the
    account policies (phone Egyptian); password follows the rules; the picture is a real JPEG/PNG/WebP of
    at most 5 MB. The user (role assistant) and the profile are created in one transaction; the hashing
    and the file write happen before it, and the file is deleted again if the transaction fails.
    """

    async def execute(self, actor: Actor, data: NewAssistant) -> AssistantRow:
        teacher_id = require_teacher(actor)
        data, extension = _checked(data)
        async with self._uow as uow:  # fail fast on duplicates, before the slow hashing
            await check_unique(uow, data.username, data.gmail)
        password_hash = await self._hasher.hash(data.password)
        key = None
        if data.picture is not None and extension is not None:
            key = await self._storage.save(FOLDER, extension, data.picture.content)
        try:
            assistant_id = await self._insert(teacher_id, data, password_hash, key)
        except BaseException:
            if key is not None:
                await self._storage.delete(key)
            raise
        return found(await self._reader.get(assistant_id))

    async def _insert(self, teacher_id: int, data: NewAssistant, password_hash: str, key: str | None) -> int:
        now = self._clock.now()
        async with self._uow as uow:
            await check_unique(uow, data.username, data.gmail)
            user = await uow.users.add(
                User(
                    username=data.username,
                    password_hash=password_hash,
                    role=Role.ASSISTANT,
                    name=data.name,
                    gmail=data.gmail,
                    created_at=now,
                    updated_at=now,
                )
            )
            assert user.id is not None
            assistant = await uow.assistants.add(
                AssistantProfile(
                    user_id=user.id,
                    teacher_id=teacher_id,
                    phone=data.phone,
                    gender=data.gender,
                    profile_picture=key,
                    created_at=now,
                    updated_at=now,
                )
            )
            await uow.commit()
        assert assistant.id is not None
        return assistant.id
