"""Create a teacher: user and profile in one transaction (SiteOwner §1, POST /accounts/teachers/)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from edutrack.core.actor import Actor, Role
from edutrack.core.entities.academics import ReferenceKind, Subject
from edutrack.core.entities.people import Gender, TeacherProfile
from edutrack.core.entities.users import User
from edutrack.core.errors import FieldErrors, found, invalid_pk
from edutrack.core.policies.access import require_site_owner
from edutrack.core.policies.accounts import GMAIL_TAKEN, USERNAME_TAKEN, check_email, check_username
from edutrack.core.policies.passwords import check_password
from edutrack.core.policies.people import check_phone
from edutrack.core.policies.teachers import PICTURE_FOLDER, grade_not_in_subject
from edutrack.core.policies.uploads import Upload, check_image
from edutrack.core.use_cases.shared import AccountWriter
from edutrack.ports.teachers import TeacherReader, TeacherRow
from edutrack.ports.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class NewTeacher:
    """Shape-checked at the edge: ``name`` stripped and at most 200 characters, ``biography`` (5000) and
    ``facebook`` (255) stripped with blank as ``None``, ``secondary_phone`` blank as ``None``,
    ``grade_ids`` at least one, without repeats. The account, phone and password rules are the core's."""

    username: str
    password: str
    name: str
    phone: str
    gmail: str
    gender: Gender
    subject_id: int
    grade_ids: list[int]
    secondary_phone: str | None = None
    biography: str | None = None
    facebook: str | None = None
    is_active: bool = True
    video_security_id: int | None = None
    profile_picture: Upload | None = field(default=None, repr=False)


async def check_account(uow: UnitOfWork, user: User, errors: FieldErrors) -> None:
    """Username and gmail are free (case-insensitively, across every role), apart from ``user`` itself."""
    if "username" not in errors:
        holder = await uow.users.get_by_username(user.username)
        if holder is not None and holder.id != user.id:
            errors.add("username", USERNAME_TAKEN)
    if user.gmail and "gmail" not in errors and await uow.users.gmail_taken(user.gmail, user.id):
        errors.add("gmail", GMAIL_TAKEN)


async def check_references(
    uow: UnitOfWork, teacher: TeacherProfile, errors: FieldErrors, *, grades_changed: bool = True
) -> None:
    """The subject, grades and video security exist; every grade is one the subject is taught in."""
    subject: Subject | None = None
    if teacher.subject_id is not None and "subject" not in errors:
        found = await uow.reference.get(ReferenceKind.SUBJECT, teacher.subject_id)
        if isinstance(found, Subject):
            subject = found
        else:
            errors.add("subject", invalid_pk(teacher.subject_id))
    if grades_changed and "grades" not in errors:
        missing = await uow.reference.missing_ids(ReferenceKind.GRADE, teacher.grade_ids)
        first = next((i for i in teacher.grade_ids if i in missing), None)
        if first is not None:
            errors.add("grades", invalid_pk(first))
        elif subject is not None:
            for grade_id in teacher.grade_ids:
                if grade_id not in subject.grade_ids:
                    grade = await uow.reference.get(ReferenceKind.GRADE, grade_id)
                    errors.add(
                        "grades", grade_not_in_subject(grade.name if grade else str(grade_id), subject.name)
                    )
    if teacher.video_security_id is not None and "video_security" not in errors:
        if await uow.reference.missing_ids(ReferenceKind.VIDEO_SECURITY, [teacher.video_security_id]):
            errors.add("video_security", invalid_pk(teacher.video_security_id))


CHECKED_FIELDS = frozenset({"username", "gmail", "phone", "secondary_phone"})


def check_teacher_fields(
    user: User, teacher: TeacherProfile, errors: FieldErrors, names: Collection[str] = CHECKED_FIELDS
) -> None:
    """The account and phone rules on the (unsaved) user and profile, for the fields in ``names``,
    normalising their values in place: username and gmail stripped, phones in the 11-digit form."""
    if "username" in names:
        user.username = errors.check(check_username, user.username) or user.username
    if "gmail" in names and user.gmail is not None:
        user.gmail = errors.check(check_email, user.gmail) or user.gmail
    if "phone" in names:
        teacher.phone = errors.check(check_phone, teacher.phone) or teacher.phone
    if "secondary_phone" in names and teacher.secondary_phone is not None:
        secondary = errors.check(check_phone, teacher.secondary_phone, field="secondary_phone")
        teacher.secondary_phone = secondary or teacher.secondary_phone


class CreateTeacher(AccountWriter[TeacherReader]):
    """Site owner only.

    Invariants: username and gmail follow the account rules and are unique across every role
    (case-insensitively; the database's unique indexes decide a race); phones are Egyptian; the password
    follows the rules; subject, grades (each taught in the subject) and video security exist; a picture is
    really a JPEG/PNG/WebP of at most 5 MB. The password is hashed and the picture stored before the
    transaction; the user (role teacher) and the profile are written in one transaction, and the picture
    is deleted if it fails.
    """

    async def execute(self, actor: Actor, data: NewTeacher) -> TeacherRow:
        require_site_owner(actor)
        async with self._uow as uow:
            await self._prepare(uow, data)  # fail fast, before the slow hashing and the file write
        password_hash = await self._hasher.hash(data.password)
        key: str | None = None
        if data.profile_picture is not None:
            extension = check_image(data.profile_picture, field="profile_picture")
            key = await self._storage.save(PICTURE_FOLDER, extension, data.profile_picture.content)
        try:
            async with self._uow as uow:
                user, teacher = await self._prepare(uow, data)
                user.password_hash = password_hash
                await uow.users.add(user)
                assert user.id is not None
                teacher.user_id = user.id
                teacher.profile_picture = key
                await uow.teachers.add(teacher)
                await uow.commit()
        except Exception:
            if key is not None:
                await self._storage.delete(key)
            raise
        assert teacher.id is not None
        return found(await self._reader.get(teacher.id))

    async def _prepare(self, uow: UnitOfWork, data: NewTeacher) -> tuple[User, TeacherProfile]:
        """Check every rule and build the (unsaved) user and profile; raise all field errors at once."""
        errors = FieldErrors()
        now = self._clock.now()
        user = User(
            username=data.username,
            password_hash="",
            role=Role.TEACHER,
            name=data.name,
            gmail=data.gmail,
            is_active=data.is_active,
            created_at=now,
            updated_at=now,
        )
        teacher = TeacherProfile(
            user_id=0,
            phone=data.phone,
            secondary_phone=data.secondary_phone,
            gender=data.gender,
            subject_id=data.subject_id,
            grade_ids=list(data.grade_ids),
            biography=data.biography,
            facebook=data.facebook,
            video_security_id=data.video_security_id,
            created_at=now,
            updated_at=now,
        )
        check_teacher_fields(user, teacher, errors)
        errors.check(check_password, data.password, user.username)
        if data.profile_picture is not None:
            errors.check(check_image, data.profile_picture, field="profile_picture")
        await check_account(uow, user, errors)
        await check_references(uow, teacher, errors)
        errors.raise_if_any()
        return user, teacher
