"""A student changes their own profile (§5, PATCH /accounts/students/me/)."""

from __future__ import annotations

from collections.abc import Mapping

from edutrack.core.actor import Actor, Role
from edutrack.core.errors import NotFound
from edutrack.core.policies.access import require_role
from edutrack.core.policies.students import EDITABLE, NOT_NULL_MESSAGE, clean_profile
from edutrack.core.use_cases.students.profile import apply_profile, profile_values, reference_errors
from edutrack.core.use_cases.students.register_student import GMAIL_TAKEN
from edutrack.ports.clock import Clock
from edutrack.ports.students import StudentReader, StudentRow
from edutrack.ports.uow import UnitOfWork


class UpdateMyStudentProfile:
    """A student, on their own profile only.

    ``changes`` holds the editable fields sent (API names, ``EDITABLE``); ``status``, ``student_code``,
    ``national_id`` and ``birth_date`` are not editable here (the HTTP layer ignores them if sent). Every
    field rule runs again on the merged profile, so it stays consistent (area in governorate, division in
    grade and school type…); a new gmail must be free across all users; ``name_en`` is also the account's
    display name. One transaction.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, reader: StudentReader) -> None:
        self._uow = uow
        self._clock = clock
        self._reader = reader

    async def execute(self, actor: Actor, changes: Mapping[str, object]) -> StudentRow:
        require_role(actor, Role.STUDENT)
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        if not changes:
            row = await self._reader.get_by_user(actor.user_id)
            if row is None:
                raise NotFound()
            return row
        now = self._clock.now()
        async with self._uow as uow:
            student = await uow.students.get_by_user(actor.user_id)
            user = await uow.users.get(actor.user_id)
            if student is None or user is None:
                raise NotFound()
            merged = {**profile_values(student, user.gmail), **changes}
            cleaned, errors = clean_profile(merged, today=now.date(), missing_message=NOT_NULL_MESSAGE)
            gmail = cleaned.get("gmail")
            if (
                isinstance(gmail, str)
                and "gmail" not in errors
                and await uow.users.gmail_taken(gmail, exclude_user_id=user.id)
            ):
                errors.add("gmail", GMAIL_TAKEN)
            await reference_errors(uow.reference, cleaned, errors)
            errors.raise_if_any()
            apply_profile(student, cleaned)
            student.updated_at = now
            await uow.students.save(student)
            user.gmail = str(gmail)
            user.name = student.name_en
            user.updated_at = now
            await uow.users.save(user)
            await uow.commit()
        assert student.id is not None
        row = await self._reader.get(student.id)
        if row is None:
            raise NotFound()
        return row
