"""A student changes their own profile (§5, PATCH /accounts/students/me/)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from edutrack.core.actor import Actor, Role
from edutrack.core.commands import UNSET, Unset, changes_of
from edutrack.core.entities.people import EducationalState, Gender
from edutrack.core.errors import FieldErrors, NotFound, found
from edutrack.core.policies.access import require_role
from edutrack.core.policies.accounts import GMAIL_TAKEN
from edutrack.core.use_cases.shared import Writer
from edutrack.core.use_cases.students.profile import (
    apply_profile,
    check_profile,
    profile_values,
    reference_errors,
)
from edutrack.ports.students import StudentReader, StudentRow


@dataclass(frozen=True, slots=True)
class StudentProfileChanges:
    """The editable fields, shape-checked at the edge; ``UNSET`` keeps the stored value, ``None`` clears
    an optional one. ``status``, ``student_code``, ``national_id``, ``birth_date`` and ``username`` are not
    editable here."""

    name_ar: str | Unset = UNSET
    name_en: str | Unset = UNSET
    phone_number: str | Unset = UNSET
    father_number: str | Unset | None = UNSET
    mother_number: str | Unset | None = UNSET
    father_job: str | Unset = UNSET
    educational_state: EducationalState | Unset = UNSET
    school_type: int | Unset | None = UNSET
    grade: int | Unset | None = UNSET
    division: int | Unset | None = UNSET
    school_name: str | Unset | None = UNSET
    gender: Gender | Unset = UNSET
    gmail: str | Unset = UNSET
    facebook_link: str | Unset | None = UNSET
    governorate: int | Unset = UNSET
    area: int | Unset = UNSET


class UpdateMyStudentProfile(Writer[StudentReader]):
    """A student, on their own profile only.

    Every rule runs again on the merged profile, so it stays consistent (area in governorate, division in
    grade and school type…); a new gmail must be free across all users; ``name_en`` is also the account's
    display name. One transaction.
    """

    async def execute(self, actor: Actor, changes: StudentProfileChanges) -> StudentRow:
        require_role(actor, Role.STUDENT)
        given = changes_of(changes)
        if not given:
            return found(await self._reader.get_by_user(actor.user_id))
        now = self._clock.now()
        async with self._uow as uow:
            student = await uow.students.get_by_user(actor.user_id)
            user = await uow.users.get(actor.user_id)
            if student is None or user is None:
                raise NotFound()
            errors = FieldErrors()
            merged = check_profile(
                replace(profile_values(student, user.gmail), **given), today=now.date(), errors=errors
            )
            gmail = merged.gmail
            if (
                gmail is not None
                and "gmail" not in errors
                and await uow.users.gmail_taken(gmail, exclude_user_id=user.id)
            ):
                errors.add("gmail", GMAIL_TAKEN)
            await reference_errors(uow.reference, merged, errors)
            errors.raise_if_any()
            apply_profile(student, merged)
            student.updated_at = now
            await uow.students.save(student)
            user.gmail = gmail
            user.name = student.name_en
            user.updated_at = now
            await uow.users.save(user)
            await uow.commit()
        assert student.id is not None
        return found(await self._reader.get(student.id))
