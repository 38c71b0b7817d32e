"""A teacher changes one of their assistants (Teacher API §1, PUT/PATCH /accounts/teacher/assistant/{id}/)."""

from __future__ import annotations

from collections.abc import Mapping

from edutrack.core.actor import Actor
from edutrack.core.entities.people import AssistantProfile, Gender
from edutrack.core.entities.users import User
from edutrack.core.errors import NotFound
from edutrack.core.policies.uploads import Upload
from edutrack.core.use_cases.assistants.create_assistant import (
    FOLDER,
    check_unique,
    clean_fields,
    require_teacher,
)
from edutrack.ports.assistants import AssistantReader, AssistantRow
from edutrack.ports.clock import Clock
from edutrack.ports.security import PasswordHasher
from edutrack.ports.storage import MediaStorage
from edutrack.ports.uow import UnitOfWork

FIELDS = ("username", "password", "name", "phone", "gmail", "gender", "is_active")
PUT_REQUIRED = ("username", "name", "phone", "gmail")


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


class UpdateAssistant:
    """Teacher only, on their own assistants; another teacher's assistant is NotFound.

    ``partial=False`` (PUT) requires username, name, phone and gmail, ``partial=True`` (PATCH) changes only
    what is given; password is optional in both (an empty one means "unchanged") and is re-hashed when
    given. The same rules as on create apply. ``is_active`` false blocks the assistant's login. A new
    picture replaces the old one (the old file is deleted after the commit); ``remove_picture`` clears it.
    A new password or a deactivation revokes the assistant's refresh tokens.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        hasher: PasswordHasher,
        storage: MediaStorage,
        clock: Clock,
        reader: AssistantReader,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._storage = storage
        self._clock = clock
        self._reader = reader

    async def execute(
        self,
        actor: Actor,
        assistant_id: int,
        changes: Mapping[str, object],
        *,
        picture: Upload | None = None,
        remove_picture: bool = False,
        partial: bool = True,
    ) -> AssistantRow:
        teacher_id = require_teacher(actor)
        given = {
            k: v for k, v in changes.items() if k in FIELDS and not (k == "password" and v in ("", None))
        }
        async with self._uow as uow:
            _, user = await load_owned(uow, assistant_id, teacher_id)
            fields, extension = clean_fields(
                given, required=() if partial else PUT_REQUIRED, username=user.username, picture=picture
            )
            await check_unique(uow, fields, user_id=user.id)
        password_hash = await self._hasher.hash(str(fields["password"])) if "password" in fields else None
        key = None
        if picture is not None and extension is not None:
            key = await self._storage.save(FOLDER, extension, picture.content)
        try:
            old_key = await self._apply(assistant_id, teacher_id, fields, password_hash, key, remove_picture)
        except BaseException:
            if key is not None:
                await self._storage.delete(key)
            raise
        if old_key is not None and (key is not None or remove_picture):
            await self._storage.delete(old_key)
        row = await self._reader.get(assistant_id)
        if row is None:
            raise NotFound()
        return row

    async def _apply(
        self,
        assistant_id: int,
        teacher_id: int,
        fields: dict[str, object],
        password_hash: str | None,
        key: str | None,
        remove_picture: bool,
    ) -> str | None:
        """Write the changes in one transaction; return the picture key that was there before."""
        now = self._clock.now()
        async with self._uow as uow:
            assistant, user = await load_owned(uow, assistant_id, teacher_id)
            await check_unique(uow, fields, user_id=user.id)
            old_key = assistant.profile_picture
            for name in ("username", "name", "gmail", "is_active"):
                if name in fields:
                    setattr(user, name, fields[name])
            if password_hash is not None:
                user.password_hash = password_hash
            user.updated_at = now
            if "phone" in fields:
                assistant.phone = str(fields["phone"])
            if "gender" in fields:
                gender = fields["gender"]
                assistant.gender = gender if isinstance(gender, Gender) else None
            if key is not None or remove_picture:
                assistant.profile_picture = key
            assistant.updated_at = now
            await uow.users.save(user)
            await uow.assistants.save(assistant)
            if password_hash is not None or fields.get("is_active") is False:
                assert user.id is not None
                await uow.refresh_tokens.revoke_for_user(user.id, now)
            await uow.commit()
        return old_key
