"""What the homework use cases share: who writes a lecture's homework, the question checks, the student
gate, and the views (a homework or a submission as one actor may see it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from edutrack.core import messages as m
from edutrack.core.actor import Actor, Role
from edutrack.core.entities.homework import Homework, HomeworkAnswer
from edutrack.core.entities.people import StudentStatus
from edutrack.core.errors import AccountNotVerified, FieldErrors, NotFound, PermissionDenied
from edutrack.core.policies.access import require_active, require_role
from edutrack.core.policies.content import owns_course
from edutrack.core.policies.grading import percentage
from edutrack.core.policies.questions import may_read_question
from edutrack.ports.homework import HomeworkQuestionRow, HomeworkRow, LectureScope, SubmissionRow
from edutrack.ports.uow import UnitOfWork

STAFF = (Role.SITE_OWNER, Role.TEACHER, Role.ASSISTANT)
NO_STUDENT_PROFILE = "Student profile not found."
QUESTIONS_LOCKED = "Cannot change the questions: students have already submitted this homework."
CLOSE_BEFORE_OPEN = "Close date must be after open date."


def repeated_question(question_id: int) -> str:
    return f"Question {question_id} is listed more than once."


def require_staff(actor: Actor) -> None:
    """The site owner, teachers and assistants (students: PermissionDenied)."""
    require_role(actor, *STAFF)
    if actor.role is not Role.SITE_OWNER and actor.teacher_id is None:
        raise PermissionDenied()


def may_manage(actor: Actor, course_teacher_id: int) -> bool:
    """A lecture's homework: the site owner, or the course's teacher and their assistants."""
    return actor.role is Role.SITE_OWNER or owns_course(actor, course_teacher_id)


def require_manage(actor: Actor, course_teacher_id: int) -> None:
    require_active(actor)
    if not may_manage(actor, course_teacher_id):
        raise PermissionDenied()


async def managed_homework(uow: UnitOfWork, actor: Actor, homework_id: int) -> tuple[Homework, LectureScope]:
    """The homework and its lecture's scope: NotFound when missing, PermissionDenied out of scope."""
    homework = await uow.homeworks.get(homework_id)
    scope = await uow.homeworks.lecture_scope(homework.lecture_id) if homework else None
    if homework is None or scope is None:
        raise NotFound()
    require_manage(actor, scope.teacher_id)
    return homework, scope


async def check_questions(uow: UnitOfWork, actor: Actor, ids: Sequence[int], problems: FieldErrors) -> None:
    """Each id names a question the actor may read (else ``Invalid pk``), listed once."""
    seen: set[int] = set()
    for question_id in ids:
        if question_id in seen:
            problems.add("question_ids", repeated_question(question_id))
        seen.add(question_id)
    found = await uow.questions.get_many(seen)
    for question_id in dict.fromkeys(ids):
        question = found.get(question_id)
        if question is None or not may_read_question(actor, question.teacher_id, question.is_global):
            problems.add("question_ids", m.invalid_pk(question_id))


def check_dates(open_date: datetime | None, close_date: datetime | None, problems: FieldErrors) -> None:
    if open_date is not None and close_date is not None and open_date >= close_date:
        problems.add("close_date", CLOSE_BEFORE_OPEN)


def require_student(actor: Actor) -> int:
    require_role(actor, Role.STUDENT)
    if actor.student_id is None:
        raise NotFound(NO_STUDENT_PROFILE)
    return actor.student_id


async def verified_student(uow: UnitOfWork, actor: Actor) -> int:
    """The calling student's profile id; the profile must be ``verified`` (AccountNotVerified)."""
    student_id = require_student(actor)
    student = await uow.students.get(student_id)
    if student is None:
        raise NotFound(NO_STUDENT_PROFILE)
    if student.status != StudentStatus.VERIFIED:
        raise AccountNotVerified()
    return student_id


def student_sees(row: HomeworkRow, accessible: frozenset[int]) -> bool:
    """A student sees published, active homework of the lectures they hold unexpired access to."""
    return row.is_published and row.is_active and row.lecture_id in accessible


@dataclass(frozen=True, slots=True)
class HomeworkView:
    """A homework as one actor sees it. ``staff``: choices' ``is_correct`` and the model answer shown; a
    student sees the model answer only once they submitted. ``questions`` only in a detail."""

    row: HomeworkRow
    staff: bool
    questions: tuple[HomeworkQuestionRow, ...] | None = None

    @property
    def model_answer(self) -> str | None:
        return self.row.model_answer if self.staff or self.row.my_submission is not None else None


@dataclass(frozen=True, slots=True)
class SubmissionView:
    """A submission as one actor sees it. ``answers`` only in a detail (the snapshot). ``solutions``:
    whether the choices' ``is_correct`` and the explanations are shown (staff always; the student once
    the homework has closed, or when it has no close date)."""

    row: SubmissionRow
    staff: bool
    solutions: bool
    answers: tuple[HomeworkAnswer, ...] | None = None

    @property
    def percentage(self) -> Decimal:
        return percentage(self.row.score, self.row.max_score)


def solutions_open(row: SubmissionRow, now: datetime, staff: bool) -> bool:
    return staff or row.close_date is None or now > row.close_date
