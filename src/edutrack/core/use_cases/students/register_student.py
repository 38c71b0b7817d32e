"""Public student registration (§5)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from edutrack.core.actor import Role
from edutrack.core.entities.users import User
from edutrack.core.errors import Conflict, FieldErrors, NotFound, ValidationFailed
from edutrack.core.policies.accounts import check_username
from edutrack.core.policies.passwords import SUMMARY, password_problems
from edutrack.core.policies.students import (
    NATIONAL_ID_TAKEN,
    PROFILE_FIELDS,
    clean_profile,
    new_student_code,
)
from edutrack.core.use_cases.students.profile import new_profile, reference_errors
from edutrack.ports.clock import Clock
from edutrack.ports.security import PasswordHasher
from edutrack.ports.students import StudentReader, StudentRow
from edutrack.ports.uow import UnitOfWork

USERNAME_TAKEN = "Username already exists."
GMAIL_TAKEN = "This email is already associated with an account."
CODE_ATTEMPTS = 20


@dataclass(frozen=True, slots=True)
class StudentRegistration:
    """What the registration form sends, under the API's names; ``None`` = not given.

    ``birth_date`` is ``YYYY-MM-DD`` (or a date); ids are the reference items' ids.
    """

    username: str | None = None
    password: str | None = None
    name_ar: str | None = None
    name_en: str | None = None
    phone_number: str | None = None
    father_number: str | None = None
    mother_number: str | None = None
    father_job: str | None = None
    educational_state: str | None = None
    school_type: int | None = None
    grade: int | None = None
    division: int | None = None
    school_name: str | None = None
    national_id: str | None = None
    birth_date: object = None
    gender: str | None = None
    gmail: str | None = None
    facebook_link: str | None = None
    governorate: int | None = None
    area: int | None = None

    def profile(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in PROFILE_FIELDS}


class RegisterStudent:
    """Anyone (public): create a student account and profile.

    Invariants: every field rule of ``core.policies.students`` holds, every problem is reported at once;
    username and gmail are unique across all users and the national id across students; the status
    starts ``pending``; ``user.name`` is ``name_en``. ``student_code`` is ``S`` + 8 random digits, retried
    on collision; students are never deleted, so a code once given is never given again. The user and
    the profile are written in one transaction: nothing is written when any rule fails. The password is
    hashed outside the transaction, and only once the input passed every check.
    """

    def __init__(self, uow: UnitOfWork, hasher: PasswordHasher, clock: Clock, reader: StudentReader) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock
        self._reader = reader

    async def execute(self, registration: StudentRegistration) -> StudentRow:
        errors = FieldErrors()
        username = self._username(registration.username, errors)
        password = registration.password
        if password is None:
            errors.add("password", "This field is required.")
        elif problems := password_problems(password, username):
            errors.add("password", SUMMARY, *problems)
        cleaned, profile_errors = clean_profile(registration.profile(), today=self._clock.now().date())
        errors.fields.update(profile_errors.fields)
        async with self._uow as uow:  # read-only: report database rules along with the field errors
            await self._check_database(uow, username, cleaned, errors)
        errors.raise_if_any()
        assert username is not None and password is not None
        password_hash = await self._hasher.hash(password)
        now = self._clock.now()
        async with self._uow as uow:
            await self._check_database(uow, username, cleaned, errors)
            errors.raise_if_any()
            user = await uow.users.add(
                User(
                    username=username,
                    password_hash=password_hash,
                    role=Role.STUDENT,
                    name=str(cleaned["name_en"]),
                    gmail=str(cleaned["gmail"]),
                    created_at=now,
                    updated_at=now,
                )
            )
            assert user.id is not None
            student = await uow.students.add(new_profile(user.id, await self._free_code(uow), cleaned, now))
            await uow.commit()
        assert student.id is not None
        row = await self._reader.get(student.id)
        if row is None:
            raise NotFound()
        return row

    @staticmethod
    def _username(raw: str | None, errors: FieldErrors) -> str | None:
        if raw is None:
            errors.add("username", "This field is required.")
            return None
        try:
            return check_username(raw)
        except ValidationFailed as exc:
            errors.merge(exc)
            return None

    @staticmethod
    async def _check_database(
        uow: UnitOfWork, username: str | None, cleaned: Mapping[str, object], errors: FieldErrors
    ) -> None:
        if username is not None and "username" not in errors and await uow.users.username_taken(username):
            errors.add("username", USERNAME_TAKEN)
        gmail = cleaned.get("gmail")
        if isinstance(gmail, str) and "gmail" not in errors and await uow.users.gmail_taken(gmail):
            errors.add("gmail", GMAIL_TAKEN)
        national_id = cleaned.get("national_id")
        if (
            isinstance(national_id, str)
            and "national_id" not in errors
            and await uow.students.national_id_taken(national_id)
        ):
            errors.add("national_id", NATIONAL_ID_TAKEN)
        await reference_errors(uow.reference, cleaned, errors)

    @staticmethod
    async def _free_code(uow: UnitOfWork) -> str:
        for _ in range(CODE_ATTEMPTS):
            code = new_student_code()
            if not await uow.students.code_taken(code):
                return code
        raise Conflict("Could not allocate a student code; please retry.")
