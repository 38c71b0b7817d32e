"""A teacher changes one of their assistants (Teacher API §1, PUT/PATCH /accounts/teacher/assistant/{id}/)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from edutrack.core.actor import Actor
from edutrack.core.commands import UNSET, Unset, changes_of, is_set
from edutrack.core.entities.people import AssistantProfile, Gender
from edutrack.core.entities.users import User
from edutrack.core.errors import FieldErrors, NotFound, found
from edutrack.core.policies.passwords import check_password
from edutrack.core.policies.uploads import Upload
from edutrack.core.use_cases.assistants.create_assistant import (
    FOLDER,
    TEXT_POLICIES,
    check_unique,
    checked_picture,
    checked_text,
    require_teacher,
)
from edutrack.core.use_cases.shared import AccountWriter
from edutrack.ports.assistants import AssistantReader, AssistantRow
from edutrack.ports.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class AssistantChanges:
    """Only the set fields change. ``password``: a new one (re-hashed). ``picture``: an upload replaces
    the picture, ``None`` removes it, ``UNSET`` keeps it."""

    username: str | Unset = UNSET
    password: str | Unset = UNSET
    name: str | Unset = UNSET
    phone: str | Unset = UNSET
    gmail: str | Unset = UNSET
    gender: Gender | Unset | None = UNSET
    is_active: bool | Unset = UNSET
    picture: Upload | Unset | None = UNSET


async def load_owned(uow: UnitOfWork, assistant_id: int, teacher_id: int) -> tuple[AssistantProfile, User]:
    """The assistant and its user, if it works for ``teacher_id``; otherwise NotFound (never a hint that
    another teacher's assistant exists)."""
    assistant = await uow.assistants.get(assistant_id)
    if assistant is None or assistant.teacher_id != teacher_id:
        raise NotFound()
    user = await uow.users.get(assistant.user_id)
    if user is None:
        raise NotFound()
    return assistant, user


def _checked(changes: AssistantChanges, username: str) -> tuple[AssistantChanges, str | None]:
    """The changes with their text fields as the policies return them, and the new picture's extension;
    every problem is reported at once. ``username`` is the current one, which a new password is compared
    with unless the username changes too."""
    errors = FieldErrors()
    given = changes_of(changes)
    text = {field: checked_text(errors, field, given[field]) for field in TEXT_POLICIES if field in given}
    if is_set(changes.password):
        compared = text["username"] if "username" in text and "username" not in errors else username
        errors.check(check_password, changes.password, compared)
    extension = checked_picture(errors, changes.picture)
    errors.raise_if_any()
    return replace(changes, **text), extension


class UpdateAssistant(AccountWriter[AssistantReader]):
    """Teacher only, on their own assistants; another teacher's assistant is NotFound.

    Only the set fields change, by the same rules as on create (PUT's required fields are the edge's
    to check). A new password is re-hashed. ``is_active`` false blocks the assistant's login. A new
    picture replaces the old one (the old file is deleted after the commit); ``picture=None`` clears it.
    A new password or a deactivation revokes the assistant's refresh tokens.
    """

    async def execute(self, actor: Actor, assistant_id: int, changes: AssistantChanges) -> AssistantRow:
        teacher_id = require_teacher(actor)
        async with self._uow as uow:
            _, user = await load_owned(uow, assistant_id, teacher_id)
            changes, extension = _checked(changes, user.username)
            await check_unique(uow, changes.username, changes.gmail, user_id=user.id)
        password_hash = await self._hasher.hash(changes.password) if is_set(changes.password) else None
        upload = changes.picture or None
        key = None
        if upload is not None and extension is not None:
            key = await self._storage.save(FOLDER, extension, upload.content)
        try:
            old_key = await self._apply(assistant_id, teacher_id, changes, password_hash, key)
        except BaseException:
            if key is not None:
                await self._storage.delete(key)
            raise
        if old_key is not None and is_set(changes.picture):
            await self._storage.delete(old_key)
        return found(await self._reader.get(assistant_id))

    async def _apply(
        self,
        assistant_id: int,
        teacher_id: int,
        changes: AssistantChanges,
        password_hash: str | None,
        key: str | None,
    ) -> str | None:
        """Write the changes in one transaction; return the picture key that was there before."""
        now = self._clock.now()
        async with self._uow as uow:
            assistant, user = await load_owned(uow, assistant_id, teacher_id)
            await check_unique(uow, changes.username, changes.gmail, user_id=user.id)
            old_key = assistant.profile_picture
            for name, value in changes_of(changes).items():
                if name in ("username", "name", "gmail", "is_active"):
                    setattr(user, name, value)
                elif name in ("phone", "gender"):
                    setattr(assistant, name, value)
            if password_hash is not None:
                user.password_hash = password_hash
            user.updated_at = now
            if is_set(changes.picture):
                assistant.profile_picture = key
            assistant.updated_at = now
            await uow.users.save(user)
            await uow.assistants.save(assistant)
            if password_hash is not None or changes.is_active is False:
                assert user.id is not None
                await uow.refresh_tokens.revoke_for_user(user.id, now)
            await uow.commit()
        return old_key
