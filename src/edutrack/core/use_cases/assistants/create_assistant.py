"""A teacher adds an assistant (Teacher API §1, POST /accounts/teacher/assistants/)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass

from edutrack.core.actor import Actor, Role
from edutrack.core.entities.people import AssistantProfile, Gender
from edutrack.core.entities.users import User
from edutrack.core.errors import NotFound, PermissionDenied, ValidationFailed
from edutrack.core.policies.access import require_role
from edutrack.core.policies.accounts import check_email, check_name, check_username
from edutrack.core.policies.passwords import check_password
from edutrack.core.policies.people import check_phone
from edutrack.core.policies.uploads import Upload, check_image
from edutrack.ports.assistants import AssistantReader, AssistantRow
from edutrack.ports.clock import Clock
from edutrack.ports.security import PasswordHasher
from edutrack.ports.storage import MediaStorage
from edutrack.ports.uow import UnitOfWork

FOLDER = "assistants"
PICTURE = "profile_picture"
USERNAME_TAKEN = "Username already exists."
GMAIL_TAKEN = "This email is already associated with an account."
REQUIRED = "This field is required."
BLANK = "This field may not be blank."


@dataclass(frozen=True, slots=True)
class NewAssistant:
    username: str
    password: str
    name: str
    phone: str
    gmail: str
    gender: str | None = None


def require_teacher(actor: Actor) -> int:
    """The acting teacher's profile id. Assistants, students and site owners are refused."""
    require_role(actor, Role.TEACHER)
    if actor.teacher_id is None:
        raise PermissionDenied()
    return actor.teacher_id


def parse_gender(raw: object) -> Gender | None:
    if raw is None or raw == "":
        return None
    try:
        return Gender(str(raw).strip().lower())
    except ValueError:
        raise ValidationFailed.field("gender", f'"{raw}" is not a valid choice.') from None


def _required_text(check: Callable[[str], object]) -> Callable[[object], object]:
    def run(value: object) -> object:
        if not str(value).strip():
            raise ValidationFailed.field("value", BLANK)
        return check(str(value))

    return run


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValidationFailed.field("value", "Must be a valid boolean.")
    return value


CHECKS: dict[str, Callable[[object], object]] = {
    "username": _required_text(check_username),
    "name": _required_text(check_name),
    "phone": _required_text(check_phone),
    "gmail": _required_text(check_email),
    "gender": parse_gender,
    "is_active": _boolean,
}


def clean_fields(
    values: Mapping[str, object],
    *,
    required: tuple[str, ...],
    username: str,
    picture: Upload | None = None,
) -> tuple[dict[str, object], str | None]:
    """Check every given field at once; return the cleaned values and the picture's file extension.

    All problems are reported together, ``{"field": ["message"]}``. ``username`` is the username the
    password is compared with (the new one when it changes).
    """
    problems: dict[str, list[str]] = {}
    cleaned: dict[str, object] = {}

    def attempt(field: str, check: Callable[[], object]) -> object:
        try:
            return check()
        except ValidationFailed as error:
            problems[field] = [m for messages in error.fields.values() for m in messages]
            return None

    for field in required:
        value = values.get(field)
        if value is None:
            problems[field] = [REQUIRED]
        elif isinstance(value, str) and not value.strip():
            problems[field] = [BLANK]
    for field, check in CHECKS.items():
        if field in values and field not in problems:
            cleaned[field] = attempt(field, lambda c=check, v=values[field]: c(v))
    password = values.get("password")
    if password is not None and "password" not in problems:
        attempt("password", lambda: check_password(str(password), str(cleaned.get("username") or username)))
        cleaned["password"] = str(password)
    extension = None
    if picture is not None:
        extension = attempt(PICTURE, lambda: check_image(picture, field=PICTURE))
    if problems:
        raise ValidationFailed(problems)
    return cleaned, str(extension) if extension else None


class CreateAssistant:
    """Teacher only: a new assistant working for the calling teacher.

    Invariants: username and gmail unique across every role, case-insensitively (the database's unique
    indexes decide under concurrency); phone Egyptian; password follows the rules; the picture is a real
    JPEG/PNG/WebP of at most 5 MB. The user (role assistant) and the profile are created in one
    transaction; the hashing and the file write happen before it, and the file is deleted again if the
    transaction fails.
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

    async def execute(self, actor: Actor, data: NewAssistant, picture: Upload | None = None) -> AssistantRow:
        teacher_id = require_teacher(actor)
        fields, extension = clean_fields(
            asdict(data),
            required=("username", "password", "name", "phone", "gmail"),
            username=data.username,
            picture=picture,
        )
        async with self._uow as uow:  # fail fast on duplicates, before the slow hashing
            await check_unique(uow, fields)
        password_hash = await self._hasher.hash(str(fields["password"]))
        key = None
        if picture is not None and extension is not None:
            key = await self._storage.save(FOLDER, extension, picture.content)
        try:
            assistant_id = await self._insert(teacher_id, fields, password_hash, key)
        except BaseException:
            if key is not None:
                await self._storage.delete(key)
            raise
        row = await self._reader.get(assistant_id)
        if row is None:
            raise NotFound()
        return row

    async def _insert(
        self, teacher_id: int, fields: dict[str, object], password_hash: str, key: str | None
    ) -> int:
        now = self._clock.now()
        async with self._uow as uow:
            await check_unique(uow, fields)
            user = await uow.users.add(
                User(
                    username=str(fields["username"]),
                    password_hash=password_hash,
                    role=Role.ASSISTANT,
                    name=str(fields["name"]),
                    gmail=str(fields["gmail"]),
                    created_at=now,
                    updated_at=now,
                )
            )
            assert user.id is not None
            gender = fields.get("gender")
            assistant = await uow.assistants.add(
                AssistantProfile(
                    user_id=user.id,
                    teacher_id=teacher_id,
                    phone=str(fields["phone"]),
                    gender=gender if isinstance(gender, Gender) else None,
                    profile_picture=key,
                    created_at=now,
                    updated_at=now,
                )
            )
            await uow.commit()
        assert assistant.id is not None
        return assistant.id


async def check_unique(uow: UnitOfWork, fields: Mapping[str, object], user_id: int | None = None) -> None:
    """Username and gmail (when given) belong to no other account, of any role."""
    problems: dict[str, list[str]] = {}
    username = fields.get("username")
    if username is not None and await uow.users.username_taken(str(username)):
        existing = await uow.users.get_by_username(str(username))
        if existing is None or existing.id != user_id:
            problems["username"] = [USERNAME_TAKEN]
    gmail = fields.get("gmail")
    if gmail is not None and await uow.users.gmail_taken(str(gmail), exclude_user_id=user_id):
        problems["gmail"] = [GMAIL_TAKEN]
    if problems:
        raise ValidationFailed(problems)
