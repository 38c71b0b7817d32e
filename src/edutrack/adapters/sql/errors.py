"""Database errors → domain errors, in one place. Named constraints map to the error a user should see."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.exc import IntegrityError

from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.entities.enrollments import ALREADY_ENROLLED
from edutrack.core.entities.homework import ALREADY_SUBMITTED
from edutrack.core.entities.wallets import ALREADY_HAS_ACCESS
from edutrack.core.errors import Conflict, DomainError, InUse, RuleViolation, ValidationFailed
from edutrack.core.use_cases.academics.create_item import duplicate_name_message
from edutrack.core.use_cases.lessons.common import SOLD_LECTURE

NUL_IN_TEXT = "Text must not contain the NUL character (\\u0000)."

# constraint (or index) name → the domain error it means. Later issues add their named constraints here.
CONSTRAINT_ERRORS: dict[str, Callable[[], DomainError]] = {
    "uq_users_username_lower": lambda: ValidationFailed.field("username", "Username already exists."),
    "uq_users_gmail_lower": lambda: ValidationFailed.field(
        "gmail", "This email is already associated with an account."
    ),
    "uq_student_profiles_national_id": lambda: ValidationFailed.field(
        "national_id", "A student with this national ID already exists."
    ),
    "uq_courses_teacher_grade_name": lambda: ValidationFailed.non_field(
        "A course with this Teacher, Grade, and Name already exists."
    ),
}
CONSTRAINT_ERRORS["uq_purchases_current_per_student_lecture"] = lambda: RuleViolation(
    ALREADY_HAS_ACCESS, key="error"
)
CONSTRAINT_ERRORS["uq_enrollments_open_per_student_course"] = lambda: RuleViolation(ALREADY_ENROLLED)
# a lecture bought after DeleteLecture/DeleteTopic checked (PostgreSQL names the foreign key)
CONSTRAINT_ERRORS["fk_purchases_lecture_id_lectures"] = lambda: InUse(SOLD_LECTURE)
# a second submit of one homework by one student that raced the first one
CONSTRAINT_ERRORS["uq_homework_submissions_homework_student"] = lambda: RuleViolation(
    ALREADY_SUBMITTED, key="error"
)
CONSTRAINT_ERRORS["homework_submissions.homework_id, homework_submissions.student_id"] = CONSTRAINT_ERRORS[
    "uq_homework_submissions_homework_student"
]
# SQLite names the columns, not the constraint, of a table-level UNIQUE or a plain partial index.
CONSTRAINT_ERRORS["purchases.student_id, purchases.lecture_id"] = CONSTRAINT_ERRORS[
    "uq_purchases_current_per_student_lecture"
]
CONSTRAINT_ERRORS["enrollments.student_id, enrollments.course_id"] = CONSTRAINT_ERRORS[
    "uq_enrollments_open_per_student_course"
]
CONSTRAINT_ERRORS["courses.teacher_id, courses.grade_id, courses.name"] = CONSTRAINT_ERRORS[
    "uq_courses_teacher_grade_name"
]
_NAME_INDEXES = {
    "uq_grades_name_lower": ReferenceKind.GRADE,
    "uq_school_types_name_lower": ReferenceKind.SCHOOL_TYPE,
    "uq_divisions_name_lower": ReferenceKind.DIVISION,
    "uq_subjects_name_lower": ReferenceKind.SUBJECT,
    "uq_governorates_name_lower": ReferenceKind.GOVERNORATE,
    "uq_areas_governorate_id_name_lower": ReferenceKind.AREA,
    "uq_video_security_options_name_lower": ReferenceKind.VIDEO_SECURITY,
}
for _index, _kind in _NAME_INDEXES.items():  # a duplicate name that slipped past the check in a race
    CONSTRAINT_ERRORS[_index] = lambda kind=_kind: ValidationFailed.field(
        "name", duplicate_name_message(kind)
    )


def translate(exc: IntegrityError) -> DomainError:
    """A violated named constraint becomes its domain error; anything else is a 409 conflict."""
    text = str(exc.orig) if exc.orig is not None else str(exc)
    constraint = getattr(getattr(exc.orig, "__cause__", None), "constraint_name", None) or getattr(
        exc.orig, "constraint_name", None
    )
    if constraint and constraint in CONSTRAINT_ERRORS:
        return CONSTRAINT_ERRORS[constraint]()
    for name, make in CONSTRAINT_ERRORS.items():
        if name in text:
            return make()
    return Conflict("The request conflicts with the current state of the resource.")
