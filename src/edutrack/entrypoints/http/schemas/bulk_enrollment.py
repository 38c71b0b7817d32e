"""Request and response bodies of the Appsembler bulk enrollment, with the document's keys exactly."""

from __future__ import annotations

from typing import Annotated

import msgspec

from edutrack.core import messages as m
from edutrack.core.entities.bulk_enrollment import BulkAction, IdentifierState
from edutrack.core.errors import FieldErrors
from edutrack.core.use_cases.bulk_enrollment.bulk_enroll import BulkEnrollment, BulkEnrollmentResult

MAX_IDENTIFIERS = 1000
MAX_COURSES = 50

List = Annotated[str, msgspec.Meta(max_length=200_000, description="Comma-separated values")]


def split_list(raw: str) -> list[str]:
    """Comma-separated values with every space, tab and newline removed (the document's own sample wraps a
    course key across two lines); empty values dropped."""
    return [value for value in ("".join(part.split()) for part in raw.split(",")) if value]


class BulkEnrollIn(msgspec.Struct, forbid_unknown_fields=False):
    action: Annotated[BulkAction, msgspec.Meta(description="`enroll` or `unenroll`")]
    identifiers: Annotated[List, msgspec.Meta(description="Comma-separated emails or usernames")]
    courses: Annotated[List, msgspec.Meta(description="Comma-separated course keys")]
    auto_enroll: bool = False
    email_students: bool = False

    def command(self) -> BulkEnrollment:
        errors = FieldErrors()
        identifiers = split_list(self.identifiers)
        courses = list(dict.fromkeys(split_list(self.courses)))
        for name, values, most in (
            ("identifiers", identifiers, MAX_IDENTIFIERS),
            ("courses", courses, MAX_COURSES),
        ):
            if not values:
                errors.add(name, m.BLANK)
            elif len(values) > most:
                errors.add(name, m.max_items(most))
            elif any(len(value) > 254 for value in values):
                errors.add(name, m.max_length(254))
        errors.raise_if_any()
        return BulkEnrollment(
            action=self.action,
            identifiers=tuple(identifiers),
            courses=tuple(courses),
            auto_enroll=self.auto_enroll,
            email_students=self.email_students,
        )


class StateOut(msgspec.Struct):
    enrollment: bool
    allowed: bool
    user: bool
    auto_enroll: bool


class IdentifierOut(msgspec.Struct, omit_defaults=True, rename={"invalid": "invalidIdentifier"}):
    identifier: str
    after: StateOut | None = None
    before: StateOut | None = None
    invalid: bool = False
    error: bool = False


class BulkCourseOut(msgspec.Struct):
    action: BulkAction
    results: list[IdentifierOut]
    auto_enroll: bool


class BulkEnrollOut(msgspec.Struct):
    action: BulkAction
    courses: dict[str, BulkCourseOut]
    email_students: bool
    auto_enroll: bool


def _state(state: IdentifierState | None) -> StateOut | None:
    if state is None:
        return None
    return StateOut(state.enrollment, state.allowed, state.user, state.auto_enroll)


def bulk_out(result: BulkEnrollmentResult) -> BulkEnrollOut:
    return BulkEnrollOut(
        action=result.action,
        courses={
            course.course_key: BulkCourseOut(
                action=result.action,
                results=[
                    IdentifierOut(r.identifier, _state(r.after), _state(r.before), r.invalid, r.error)
                    for r in course.results
                ],
                auto_enroll=result.auto_enroll,
            )
            for course in result.courses
        },
        email_students=result.email_students,
        auto_enroll=result.auto_enroll,
    )
