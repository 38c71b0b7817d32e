"""Appsembler accounts (API_SUPPLEMENT §11): create a student account, look a username up."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor, Role
from edutrack.core.entities.integrations import AuditAction, AuditEntry
from edutrack.core.entities.people import StudentProfile, StudentStatus
from edutrack.core.entities.users import User
from edutrack.core.errors import Conflict, NotFound, RuleViolation, ValidationFailed
from edutrack.core.policies.accounts import check_email, check_name, check_username
from edutrack.core.policies.integrations import require_integration
from edutrack.core.policies.passwords import password_problems
from edutrack.core.policies.students import new_student_code
from edutrack.core.use_cases.shared import enroll_remembered
from edutrack.ports.clock import Clock
from edutrack.ports.security import PasswordHasher
from edutrack.ports.uow import UnitOfWork

WRONG_PARAMETERS = "Wrong parameters on user creation"
USER_EXISTS = "User already exists"
NOT_FOUND = "Not found"
CODE_ATTEMPTS = 20


class WrongParameters(RuleViolation):
    key = "user_message"
    default_message = WRONG_PARAMETERS


class UserExists(Conflict):
    key = "user_message"
    default_message = USER_EXISTS


@dataclass(frozen=True, slots=True)
class NewAccount:
    """What the edge decoded; ``None``: missing or not a string."""

    username: str | None
    password: str | None
    email: str | None
    name: str | None


@dataclass(frozen=True, slots=True)
class CreatedAccount:
    user_id: int
    student_id: int


class CreateIntegrationAccount:
    """An integration client (OAuth token): create a *verified* student with only the given fields.

    Guarantees: the username, email and name follow the platform's account rules and the password its
    password rules, else 400 ``{"user_message": "Wrong parameters on user creation"}``; a username or
    email already used by any account (any role, case-insensitive) is 409 ``{"user_message": "User already
    exists"}`` (a race is caught by the unique indexes and answered the same); nothing is written on
    either. The email is the account's ``gmail``, the name its ``name`` and the profile's ``name_en``; the
    profile's other fields are empty (texts) or null (national id, birth date, gender, governorate,
    area), for the student to complete. The user, the profile, the audit row (``account_created``) and the
    enrollments remembered for the email by a bulk enrollment with ``auto_enroll`` (``enroll_remembered``)
    are one transaction. The account can log in at once.
    """

    def __init__(self, uow: UnitOfWork, hasher: PasswordHasher, clock: Clock) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock

    async def execute(self, actor: Actor, command: NewAccount) -> CreatedAccount:
        client_pk = require_integration(actor)
        if None in (command.username, command.password, command.email, command.name):
            raise WrongParameters()
        assert command.username is not None and command.password is not None
        assert command.email is not None and command.name is not None
        try:
            username = check_username(command.username)
            email = check_email(command.email)
            name = check_name(command.name)
        except ValidationFailed:
            raise WrongParameters() from None
        if password_problems(command.password, username):
            raise WrongParameters()
        async with self._uow as uow:  # read first: no slow hash for a taken name
            await self._check_free(uow, username, email)
        password_hash = await self._hasher.hash(command.password)
        try:
            return await self._write(client_pk, username, email, name, password_hash)
        except UserExists:
            raise
        except (Conflict, ValidationFailed):
            raise UserExists() from None  # a parallel request took the username or email

    async def _write(
        self, client_pk: int, username: str, email: str, name: str, password_hash: str
    ) -> CreatedAccount:
        now = self._clock.now()
        async with self._uow as uow:
            await self._check_free(uow, username, email)
            user = await uow.users.add(
                User(
                    username=username,
                    password_hash=password_hash,
                    role=Role.STUDENT,
                    name=name,
                    gmail=email,
                    created_at=now,
                    updated_at=now,
                )
            )
            assert user.id is not None
            student = await uow.students.add(
                StudentProfile(
                    user_id=user.id,
                    student_code=await self._free_code(uow),
                    name_ar="",
                    name_en=name,
                    phone_number="",
                    national_id=None,
                    birth_date=None,
                    gender=None,
                    governorate_id=None,
                    area_id=None,
                    created_at=now,
                    updated_at=now,
                    status=StudentStatus.VERIFIED,
                )
            )
            assert student.id is not None
            await uow.integration_audit.record(
                AuditEntry(
                    action=AuditAction.ACCOUNT_CREATED,
                    target=username,
                    created_at=now,
                    client_id=client_pk,
                    details={"user_id": user.id, "email": email},
                )
            )
            await enroll_remembered(
                uow, email=email, student_id=student.id, username=username, now=now, client_id=client_pk
            )
            await uow.commit()
        return CreatedAccount(user_id=user.id, student_id=student.id)

    @staticmethod
    async def _check_free(uow: UnitOfWork, username: str, email: str) -> None:
        if await uow.users.username_taken(username) or await uow.users.gmail_taken(email):
            raise UserExists()

    @staticmethod
    async def _free_code(uow: UnitOfWork) -> str:
        for _ in range(CODE_ATTEMPTS):
            code = new_student_code()
            if not await uow.students.code_taken(code):
                return code
        raise Conflict("Could not allocate a student code; please retry.")


class GetIntegrationUser:
    """An integration client: whether an account with this username exists (any role, case-insensitive).
    Answers the stored username; an unknown one is 404 ``{"detail": "Not found"}``."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, actor: Actor, username: str) -> str:
        require_integration(actor)
        async with self._uow as uow:
            user = await uow.users.get_by_username(username) if len(username) <= 150 else None
        if user is None:
            raise NotFound(NOT_FOUND)
        return user.username
