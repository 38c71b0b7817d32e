"""Public student registration (§5)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from edutrack.core.actor import Role
from edutrack.core.entities.users import User
from edutrack.core.errors import Conflict, FieldErrors, found
from edutrack.core.policies.accounts import GMAIL_TAKEN, USERNAME_TAKEN, check_username
from edutrack.core.policies.passwords import SUMMARY, password_problems
from edutrack.core.policies.students import NATIONAL_ID_TAKEN, new_student_code
from edutrack.core.use_cases.shared import enroll_remembered
from edutrack.core.use_cases.students.profile import (
    StudentProfileValues,
    check_profile,
    new_profile,
    reference_errors,
)
from edutrack.ports.clock import Clock
from edutrack.ports.security import PasswordHasher
from edutrack.ports.students import StudentReader, StudentRow
from edutrack.ports.uow import UnitOfWork

CODE_ATTEMPTS = 20


@dataclass(frozen=True, slots=True)
class StudentRegistration(StudentProfileValues):
    """The registration form: the account's username and password and the profile's values.

    ``refused``: what the edge already refused (a required field missing, text blank or too long, an
    unknown choice, a malformed date or link), by field; those fields are ``None``. The registration
    form promises every problem in one answer, so the use case reports these with the ones it finds.
    """

    username: str | None = None
    password: str | None = None
    refused: Mapping[str, Sequence[str]] = field(default_factory=dict)


class RegisterStudent:
    """Anyone (public): create a student account and profile.

    Invariants: the username and gmail follow the account rules, phones the Egyptian format, the
    national id encodes the birth date, the password the password rules; every problem is reported at
    once (with those the edge refused); username and gmail are unique across all users and the national
    id across students; the status starts ``pending``; ``user.name`` is ``name_en``. ``student_code`` is
    ``S`` + 8 random digits, retried on collision; students are never deleted, so a code once given is
    never given again. The user and the profile are written in one transaction: nothing is written when
    any rule fails. The password is hashed outside the transaction, and only once every rule passed.
    In the same transaction the courses an integration remembered the gmail for (bulk enrollment with
    ``auto_enroll``) are enrolled (``enroll_remembered``).
    """

    def __init__(self, uow: UnitOfWork, hasher: PasswordHasher, clock: Clock, reader: StudentReader) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock
        self._reader = reader

    async def execute(self, registration: StudentRegistration) -> StudentRow:
        errors = FieldErrors()
        for name, messages in registration.refused.items():
            errors.add(name, *messages)
        username = None
        if registration.username is not None and "username" not in errors:
            username = errors.check(check_username, registration.username)
        password = registration.password
        if password is not None and "password" not in errors:
            if problems := password_problems(password, username):
                errors.add("password", SUMMARY, *problems)
        profile = check_profile(registration, today=self._clock.now().date(), errors=errors)
        async with self._uow as uow:  # read-only: report database rules along with the field errors
            await self._check_database(uow, username, profile, errors)
        errors.raise_if_any()
        assert username is not None and password is not None and profile.gmail is not None
        password_hash = await self._hasher.hash(password)
        now = self._clock.now()
        async with self._uow as uow:
            await self._check_database(uow, username, profile, errors)
            errors.raise_if_any()
            user = await uow.users.add(
                User(
                    username=username,
                    password_hash=password_hash,
                    role=Role.STUDENT,
                    name=str(profile.name_en),
                    gmail=profile.gmail,
                    created_at=now,
                    updated_at=now,
                )
            )
            assert user.id is not None
            student = await uow.students.add(new_profile(user.id, await self._free_code(uow), profile, now))
            assert student.id is not None
            await enroll_remembered(uow, email=user.gmail, student_id=student.id, username=username, now=now)
            await uow.commit()
        assert student.id is not None
        return found(await self._reader.get(student.id))

    @staticmethod
    async def _check_database(
        uow: UnitOfWork, username: str | None, profile: StudentProfileValues, errors: FieldErrors
    ) -> None:
        if username is not None and "username" not in errors and await uow.users.username_taken(username):
            errors.add("username", USERNAME_TAKEN)
        gmail = profile.gmail
        if gmail is not None and "gmail" not in errors and await uow.users.gmail_taken(gmail):
            errors.add("gmail", GMAIL_TAKEN)
        national_id = profile.national_id
        if (
            national_id is not None
            and "national_id" not in errors
            and await uow.students.national_id_taken(national_id)
        ):
            errors.add("national_id", NATIONAL_ID_TAKEN)
        await reference_errors(uow.reference, profile, errors)

    @staticmethod
    async def _free_code(uow: UnitOfWork) -> str:
        for _ in range(CODE_ATTEMPTS):
            code = new_student_code()
            if not await uow.students.code_taken(code):
                return code
        raise Conflict("Could not allocate a student code; please retry.")
