"""Change some fields of a teacher (SiteOwner §1, PATCH /accounts/teachers/{id}/)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from edutrack.core.actor import Actor
from edutrack.core.entities.people import Gender, TeacherProfile
from edutrack.core.entities.users import User
from edutrack.core.errors import FieldErrors, NotFound
from edutrack.core.policies.access import require_site_owner
from edutrack.core.policies.passwords import check_password
from edutrack.core.policies.teachers import (
    KEEP,
    PICTURE_FOLDER,
    Keep,
    clean_teacher_fields,
)
from edutrack.core.policies.uploads import Upload, check_image
from edutrack.core.use_cases.teachers.create_teacher import ENTITY_RULES, check_account, check_references
from edutrack.ports.clock import Clock
from edutrack.ports.security import PasswordHasher
from edutrack.ports.storage import MediaStorage
from edutrack.ports.teachers import TeacherReader, TeacherRow
from edutrack.ports.uow import UnitOfWork

USER_FIELDS = ("username", "name", "gmail", "is_active")


@dataclass(frozen=True, slots=True)
class TeacherChanges:
    """``KEEP`` leaves a field as stored. ``None`` clears the optional ones; ``profile_picture=None``
    removes the picture, an ``Upload`` replaces it."""

    username: str | Keep = KEEP
    password: str | Keep = KEEP
    name: str | Keep = KEEP
    phone: str | Keep = KEEP
    secondary_phone: str | Keep | None = KEEP
    gmail: str | Keep = KEEP
    gender: Gender | str | Keep = KEEP
    biography: str | Keep | None = KEEP
    facebook: str | Keep | None = KEEP
    is_active: bool | Keep = KEEP
    subject_id: int | Keep = KEEP
    grade_ids: list[int] | Keep = KEEP
    video_security_id: int | Keep | None = KEEP
    profile_picture: Upload | Keep | None = field(default=KEEP, repr=False)

    def given(self) -> dict[str, object]:
        """The sent fields other than the password and the picture, which have their own handling."""
        return {
            f.name: value
            for f in fields(self)
            if f.name not in ("password", "profile_picture") and (value := getattr(self, f.name)) is not KEEP
        }


class UpdateTeacher:
    """Site owner only.

    Invariants: only the sent fields change, under the same rules as on create; gmail and username stay
    unique (the teacher's own are fine); a new subject or new grades are checked again (every grade taught
    in the subject). A new password is re-hashed and a new picture stored before the transaction (deleted
    if it fails); the replaced picture is deleted only after the commit. ``is_active=false`` disables the
    account (stored on the user) and revokes its refresh tokens. Unknown teacher: NotFound.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        hasher: PasswordHasher,
        storage: MediaStorage,
        clock: Clock,
        reader: TeacherReader,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._storage = storage
        self._clock = clock
        self._reader = reader

    async def execute(self, actor: Actor, teacher_id: int, changes: TeacherChanges) -> TeacherRow:
        require_site_owner(actor)
        async with self._uow as uow:
            await self._prepare(uow, teacher_id, changes)  # fail fast, before hashing and storing
        password_hash = None
        if isinstance(changes.password, str):
            password_hash = await self._hasher.hash(changes.password)
        picture = changes.profile_picture
        key: str | None = None
        replaced: str | None = None
        if isinstance(picture, Upload):
            key = await self._storage.save(
                PICTURE_FOLDER, check_image(picture, field="profile_picture"), picture.content
            )
        try:
            async with self._uow as uow:
                user, teacher = await self._prepare(uow, teacher_id, changes)
                replaced = teacher.profile_picture if picture is not KEEP else None
                if picture is not KEEP:
                    teacher.profile_picture = key
                if password_hash is not None:
                    user.password_hash = password_hash
                now = self._clock.now()
                user.updated_at = teacher.updated_at = now
                await uow.users.save(user)
                await uow.teachers.save(teacher)
                if changes.is_active is False:
                    await uow.refresh_tokens.revoke_for_user(teacher.user_id, now)
                await uow.commit()
        except Exception:
            if key is not None:
                await self._storage.delete(key)
            raise
        if replaced is not None:
            await self._storage.delete(replaced)
        row = await self._reader.get(teacher_id)
        if row is None:
            raise NotFound()
        return row

    async def _prepare(
        self, uow: UnitOfWork, teacher_id: int, changes: TeacherChanges
    ) -> tuple[User, TeacherProfile]:
        """Load the teacher and its user, apply the changes and check every rule (all errors at once)."""
        teacher = await uow.teachers.get(teacher_id)
        user = await uow.users.get(teacher.user_id) if teacher is not None else None
        if teacher is None or user is None:
            raise NotFound()
        errors = FieldErrors()
        values = clean_teacher_fields(changes.given(), errors, ENTITY_RULES)
        for name, value in values.items():
            setattr(user if name in USER_FIELDS else teacher, name, value)
        if isinstance(changes.password, str):
            errors.check(check_password, changes.password, user.username)
        if isinstance(changes.profile_picture, Upload):
            errors.check(check_image, changes.profile_picture, field="profile_picture")
        if {"username", "gmail"} & values.keys():
            await check_account(uow, user, errors)
        reference_changed = {"subject_id", "grade_ids", "video_security_id"} & values.keys()
        if reference_changed:
            await check_references(
                uow, teacher, errors, grades_changed=bool({"subject_id", "grade_ids"} & values.keys())
            )
        errors.raise_if_any()
        return user, teacher
