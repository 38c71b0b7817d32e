"""What the quiz use cases share: who manages a lecture's quizzes, the student gate, and the views (a
quiz or an attempt as one actor may see it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from edutrack.core import messages as m
from edutrack.core.actor import Actor, Role
from edutrack.core.entities.people import StudentStatus
from edutrack.core.entities.quizzes import AttemptStatus, Quiz, QuizAnswer
from edutrack.core.errors import AccountNotVerified, FieldErrors, NotFound, PermissionDenied
from edutrack.core.policies.access import require_active, require_role
from edutrack.core.policies.content import owns_course
from edutrack.core.policies.grading import percentage
from edutrack.core.policies.questions import may_read_question
from edutrack.core.policies.quizzes import allowed_attempts, answers_released, passed, released
from edutrack.ports.quiz_attempts import AttemptRow
from edutrack.ports.quizzes import LectureScope, QuizQuestionRow, QuizRow
from edutrack.ports.uow import UnitOfWork

__all__ = [
    "AttemptView",
    "QuizView",
    "managed_quiz",
    "require_manage",
    "require_staff",
    "require_student",
    "student_sees",
    "verified_student",
]

STAFF = (Role.SITE_OWNER, Role.TEACHER, Role.ASSISTANT)
NO_STUDENT_PROFILE = "Student profile not found."
QUESTIONS_LOCKED = "Cannot change the questions: students have already attempted this quiz."
STILL_IN_PROGRESS = "This attempt is still in progress."
CLOSE_BEFORE_OPEN = "Close date must be after open date."
NOT_WRITTEN = "This answer is not a written answer."

# The gates below are homework's (core/use_cases/homework/common.py): features' use cases do not import
# each other, so the quiz room keeps its own copy of these few lines.


def require_staff(actor: Actor) -> None:
    """The site owner, teachers and assistants (students: PermissionDenied)."""
    require_role(actor, *STAFF)
    if actor.role is not Role.SITE_OWNER and actor.teacher_id is None:
        raise PermissionDenied()


def may_manage(actor: Actor, course_teacher_id: int) -> bool:
    """A lecture's quizzes: the site owner, or the course's teacher and their assistants."""
    return actor.role is Role.SITE_OWNER or owns_course(actor, course_teacher_id)


def require_manage(actor: Actor, course_teacher_id: int) -> None:
    require_active(actor)
    if not may_manage(actor, course_teacher_id):
        raise PermissionDenied()


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


async def check_questions(uow: UnitOfWork, actor: Actor, ids: Sequence[int], problems: FieldErrors) -> None:
    """Each id names a question the actor may read (else ``Invalid pk``), listed once."""
    seen: set[int] = set()
    for question_id in ids:
        if question_id in seen:
            problems.add("question_ids", f"Question {question_id} is listed more than once.")
        seen.add(question_id)
    found = await uow.questions.get_many(seen)
    for question_id in dict.fromkeys(ids):
        question = found.get(question_id)
        if question is None or not may_read_question(actor, question.teacher_id, question.is_global):
            problems.add("question_ids", m.invalid_pk(question_id))


def check_dates(open_date: datetime | None, close_date: datetime | None, problems: FieldErrors) -> None:
    if open_date is not None and close_date is not None and open_date >= close_date:
        problems.add("close_date", CLOSE_BEFORE_OPEN)


async def managed_quiz(uow: UnitOfWork, actor: Actor, quiz_id: int) -> tuple[Quiz, LectureScope]:
    """The quiz and its lecture's scope: NotFound when missing, PermissionDenied out of scope."""
    quiz = await uow.quizzes.get(quiz_id)
    scope = await uow.quizzes.lecture_scope(quiz.lecture_id) if quiz else None
    if quiz is None or scope is None:
        raise NotFound()
    require_manage(actor, scope.teacher_id)
    return quiz, scope


def student_sees(row: QuizRow, accessible: frozenset[int]) -> bool:
    """A student sees published, active quizzes of the lectures they hold unexpired access to."""
    return row.is_published and row.is_active and row.lecture_id in accessible


@dataclass(frozen=True, slots=True)
class QuizView:
    """A quiz as one actor sees it. ``staff``: choices with ``is_correct``; a student: their
    ``attempts_used``, ``attempts_allowed`` and ``in_progress_attempt``. ``questions`` only in a detail."""

    row: QuizRow
    staff: bool
    questions: tuple[QuizQuestionRow, ...] | None = None

    @property
    def attempts_allowed(self) -> int | None:
        return allowed_attempts(
            self.row.allow_multiple_attempts, self.row.max_attempts, self.row.extra_attempts
        )


@dataclass(frozen=True, slots=True)
class AttemptView:
    """An attempt as one actor sees it at ``now``. ``answers`` only in a detail (the snapshot).
    ``scores``: whether the score, percentage, passed and each answer's result are shown; ``solutions``:
    whether the choices' ``is_correct`` and the explanations are (staff: always both). ``created``: a
    start that opened this attempt (201) rather than returning the one in progress (200)."""

    row: AttemptRow
    staff: bool
    now: datetime
    answers: tuple[QuizAnswer, ...] | None = None
    created: bool = False

    @property
    def closed(self) -> bool:
        return self.row.status is not AttemptStatus.IN_PROGRESS

    @property
    def scores(self) -> bool:
        if self.staff:
            return True
        return released(
            self.row.score_visibility,
            closed=self.closed,
            close_date=self.row.last_close_date,
            released_at=self.row.scores_released_at,
            now=self.now,
        )

    @property
    def solutions(self) -> bool:
        if self.staff:
            return True
        return answers_released(
            self.row.answers_visibility,
            self.row.show_correct_after_submission,
            closed=self.closed,
            close_date=self.row.last_close_date,
            released_at=self.row.answers_released_at,
            now=self.now,
        )

    @property
    def percentage(self) -> Decimal:
        return percentage(self.row.score, self.row.max_score)

    @property
    def passed(self) -> bool | None:
        return passed(self.percentage, self.row.passing_score)
