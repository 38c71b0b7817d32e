"""Change some fields of a teacher (SiteOwner §1, PATCH /accounts/teachers/{id}/)."""

from __future__ import annotations

from dataclasses import dataclass, field

from edutrack.core.actor import Actor
from edutrack.core.commands import UNSET, Unset, changes_of
from edutrack.core.entities.people import Gender, TeacherProfile
from edutrack.core.entities.users import User
from edutrack.core.errors import FieldErrors, NotFound, found
from edutrack.core.policies.access import require_site_owner
from edutrack.core.policies.passwords import check_password
from edutrack.core.policies.teachers import PICTURE_FOLDER
from edutrack.core.policies.uploads import Upload, check_image
from edutrack.core.use_cases.shared import AccountWriter
from edutrack.core.use_cases.teachers.create_teacher import (
    check_account,
    check_references,
    check_teacher_fields,
)
from edutrack.ports.teachers import TeacherReader, TeacherRow
from edutrack.ports.uow import UnitOfWork

USER_FIELDS = ("username", "name", "gmail", "is_active")
ACCOUNT_FIELDS = {"username", "gmail"}
REFERENCE_FIELDS = {"subject_id", "grade_ids", "video_security_id"}


@dataclass(frozen=True, slots=True)
class TeacherChanges:
    """Shape-checked at the edge as ``NewTeacher``. ``UNSET`` leaves a field as stored; ``None`` clears
    the optional ones; ``profile_picture=None`` removes the picture, an ``Upload`` replaces it."""

    username: str | Unset = UNSET
    password: str | Unset = UNSET
    name: str | Unset = UNSET
    phone: str | Unset = UNSET
    secondary_phone: str | Unset | None = UNSET
    gmail: str | Unset = UNSET
    gender: Gender | Unset = UNSET
    biography: str | Unset | None = UNSET
    facebook: str | Unset | None = UNSET
    is_active: bool | Unset = UNSET
    subject_id: int | Unset = UNSET
    grade_ids: list[int] | Unset = UNSET
    video_security_id: int | Unset | None = UNSET
    profile_picture: Upload | Unset | None = field(default=UNSET, repr=False)


class UpdateTeacher(AccountWriter[TeacherReader]):
    """Site owner only.

    Invariants: only the sent fields change, under the same rules as on create; gmail and username stay
    unique (the teacher's own are fine); a new subject or new grades are checked again (every grade taught
    in the subject). A new password is re-hashed and a new picture stored before the transaction (deleted
    if it fails); the replaced picture is deleted only after the commit. ``is_active=false`` disables the
    account (stored on the user) and revokes its refresh tokens. Unknown teacher: NotFound.
    """

    async def execute(self, actor: Actor, teacher_id: int, changes: TeacherChanges) -> TeacherRow:
        require_site_owner(actor)
        async with self._uow as uow:
            await self._prepare(uow, teacher_id, changes)  # fail fast, before hashing and storing
        password_hash = None
        if changes.password is not UNSET:
            password_hash = await self._hasher.hash(changes.password)
        picture = changes.profile_picture
        key: str | None = None
        replaced: str | None = None
        if picture is not UNSET and picture is not None:
            key = await self._storage.save(
                PICTURE_FOLDER, check_image(picture, field="profile_picture"), picture.content
            )
        try:
            async with self._uow as uow:
                user, teacher = await self._prepare(uow, teacher_id, changes)
                replaced = teacher.profile_picture if picture is not UNSET else None
                if picture is not UNSET:
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
        return found(await self._reader.get(teacher_id))

    async def _prepare(
        self, uow: UnitOfWork, teacher_id: int, changes: TeacherChanges
    ) -> tuple[User, TeacherProfile]:
        """Load the teacher and its user, apply the changes and check every rule (all errors at once)."""
        teacher = await uow.teachers.get(teacher_id)
        user = await uow.users.get(teacher.user_id) if teacher is not None else None
        if teacher is None or user is None:
            raise NotFound()
        errors = FieldErrors()
        given = changes_of(changes)
        given.pop("password", None)
        given.pop("profile_picture", None)
        for name, value in given.items():
            setattr(user if name in USER_FIELDS else teacher, name, value)
        check_teacher_fields(user, teacher, errors, given.keys())
        if changes.password is not UNSET:
            errors.check(check_password, changes.password, user.username)
        picture = changes.profile_picture
        if picture is not UNSET and picture is not None:
            errors.check(check_image, picture, field="profile_picture")
        if ACCOUNT_FIELDS & given.keys():
            await check_account(uow, user, errors)
        if REFERENCE_FIELDS & given.keys():
            await check_references(
                uow, teacher, errors, grades_changed=bool({"subject_id", "grade_ids"} & given.keys())
            )
        errors.raise_if_any()
        return user, teacher
