"""What a quiz's staff do besides writing it: grade written answers, release scores and answers, and
give students overrides (extra time, extra attempts, their own close date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from edutrack.core import messages as m
from edutrack.core.actor import Actor
from edutrack.core.entities.notifications import NewNotification, NotificationType
from edutrack.core.entities.questions import QuestionType
from edutrack.core.entities.quizzes import AttemptStatus, QuizOverride
from edutrack.core.errors import NotFound, RuleViolation, ValidationFailed, found
from edutrack.core.policies.grading import grade_override, status_of, total_score
from edutrack.core.policies.quizzes import deadline_of
from edutrack.core.use_cases.quizzes.common import (
    NOT_WRITTEN,
    STILL_IN_PROGRESS,
    AttemptView,
    managed_quiz,
    require_manage,
    require_staff,
)
from edutrack.ports.clock import Clock
from edutrack.ports.notifications import Notifier
from edutrack.ports.quiz_attempts import QuizAttemptReader
from edutrack.ports.quizzes import OverrideRow, QuizReader
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.uow import UnitOfWork

NO_SUCH_STUDENT = "No student with this id or student code."


@dataclass(frozen=True, slots=True)
class QuizWrittenGrade:
    """``score_override``: at least 0 with at most two decimals (checked at the edge)."""

    attempt_id: int
    answer_id: int
    score_override: Decimal
    feedback: str = ""


class GradeQuizWrittenAnswer:
    """Site owner, or the course's teacher and their assistants (others: PermissionDenied). Unknown
    attempt: NotFound; an attempt still in progress (after closing it when overdue): ``{"error":
    STILL_IN_PROGRESS}``.

    The answer is one of the attempt's and a written one; ``0 <= score_override <=`` its points. With the
    attempt row locked, the answer gets its points, the score is recomputed from every answer and the
    status becomes ``graded`` once no written answer waits. The student is notified
    (``written_answer_graded``) without the score, which they see only as the quiz's visibility allows.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, notifier: Notifier, reader: QuizAttemptReader) -> None:
        self._uow = uow
        self._clock = clock
        self._notifier = notifier
        self._reader = reader

    async def execute(self, actor: Actor, command: QuizWrittenGrade) -> AttemptView:
        require_staff(actor)
        now = self._clock.now()
        async with self._uow as uow:
            await uow.quiz_attempts.close_overdue(now, attempt_id=command.attempt_id)
            attempt = await uow.quiz_attempts.get(command.attempt_id, lock=True)
            quiz = await uow.quizzes.get(attempt.quiz_id) if attempt else None
            scope = await uow.quizzes.lecture_scope(quiz.lecture_id) if quiz else None
            if attempt is None or scope is None:
                raise NotFound()
            require_manage(actor, scope.teacher_id)
            if attempt.in_progress:
                raise RuleViolation(STILL_IN_PROGRESS, key="error")
            answer = next((a for a in attempt.answers if a.id == command.answer_id), None)
            if answer is None:
                raise ValidationFailed.field("answer_id", m.invalid_pk(command.answer_id))
            if answer.question_type is not QuestionType.WRITTEN:
                raise ValidationFailed.field("answer_id", NOT_WRITTEN)
            if command.score_override > answer.points:
                raise ValidationFailed.field("score_override", m.max_value(answer.points))
            grade_override(answer, command.score_override, command.feedback, now)
            attempt.score = total_score(attempt.answers)
            attempt.status = AttemptStatus(status_of(attempt.answers).value)
            attempt.graded_at = now if attempt.status is AttemptStatus.GRADED else None
            await uow.quiz_attempts.save_grade(attempt, answer)
            await uow.commit()
        row = await self._reader.get(command.attempt_id)
        if row is None:
            raise NotFound()
        await self._notifier.send(
            [
                NewNotification(
                    user_id=row.student_user_id,
                    notification_type=NotificationType.WRITTEN_ANSWER_GRADED,
                    title="Written answer graded",
                    message=f"Your answer to question {answer.order} of {row.quiz_title} was graded.",
                    metadata={"quiz_id": row.quiz_id, "submission_id": row.id, "status": row.status.value},
                )
            ]
        )
        return AttemptView(
            row=row, staff=True, now=self._clock.now(), answers=tuple(await self._reader.answers(row.id))
        )


class _Release:
    """Teacher, assistant or site owner in scope (others: PermissionDenied; unknown quiz: NotFound).
    Overdue attempts are closed first; the release instant is set (a second release moves it, and
    notifies again) and every student with a closed attempt is notified."""

    what = "Scores"
    kind = NotificationType.SCORES_RELEASED
    released_at = "scores_released_at"  # the quiz's field this release sets

    def __init__(self, uow: UnitOfWork, clock: Clock, notifier: Notifier) -> None:
        self._uow = uow
        self._clock = clock
        self._notifier = notifier

    async def execute(self, actor: Actor, quiz_id: int) -> str:
        require_staff(actor)
        now = self._clock.now()
        async with self._uow as uow:
            quiz, _ = await managed_quiz(uow, actor, quiz_id)
            await uow.quiz_attempts.close_overdue(now, quiz_id=quiz_id)
            setattr(quiz, self.released_at, now)
            quiz.updated_at = now
            await uow.quizzes.save(quiz, replace_questions=False)
            users = await uow.quiz_attempts.closed_student_users(quiz_id)
            await uow.commit()
        await self._notifier.send(
            [
                NewNotification(
                    user_id=user_id,
                    notification_type=self.kind,
                    title=f"{self.what} released",
                    message=f"{self.what} of {quiz.title} are now available.",
                    metadata={"quiz_id": quiz_id},
                )
                for user_id in users
            ]
        )
        count = len(users)
        return f"{self.what} released to {count} student{'' if count == 1 else 's'}."


class ReleaseQuizScores(_Release):
    __doc__ = _Release.__doc__


class ReleaseQuizAnswers(_Release):
    __doc__ = _Release.__doc__
    what = "Answers"
    kind = NotificationType.ANSWERS_RELEASED
    released_at = "answers_released_at"


@dataclass(frozen=True, slots=True)
class OverrideInput:
    """``student``: a student profile id or a student code. Ranges checked at the edge."""

    quiz_id: int
    student: str
    extra_minutes: int = 0
    extra_attempts: int = 0
    close_date: datetime | None = None


class _Overrides:
    def __init__(self, uow: UnitOfWork, clock: Clock, reader: QuizReader) -> None:
        self._uow = uow
        self._clock = clock
        self._reader = reader


class ListQuizOverrides(_Overrides):
    """Staff in scope (others: PermissionDenied; unknown quiz: NotFound): the quiz's overrides, by
    student name."""

    async def execute(self, actor: Actor, quiz_id: int, page: PageRequest) -> Page[OverrideRow]:
        require_staff(actor)
        async with self._uow as uow:
            await managed_quiz(uow, actor, quiz_id)
        return await self._reader.overrides(quiz_id, page)


class PutQuizOverride(_Overrides):
    """Staff in scope. One override per (quiz, student): a second one replaces the first. The student
    must exist (``{"student": [NO_SUCH_STUDENT]}``). The deadline of the student's attempt in progress,
    if any, is recomputed with the new override (it may move either way); attempts started later use
    it too."""

    async def execute(self, actor: Actor, command: OverrideInput) -> OverrideRow:
        require_staff(actor)
        now = self._clock.now()
        async with self._uow as uow:
            quiz, _ = await managed_quiz(uow, actor, command.quiz_id)
            student_id = await uow.quiz_overrides.student_of(command.student)
            if student_id is None:
                raise ValidationFailed.field("student", NO_SUCH_STUDENT)
            assert quiz.id is not None
            await uow.quiz_attempts.close_overdue(now, quiz_id=quiz.id, student_id=student_id)
            override = await uow.quiz_overrides.put(
                QuizOverride(
                    quiz_id=quiz.id,
                    student_id=student_id,
                    extra_minutes=command.extra_minutes,
                    extra_attempts=command.extra_attempts,
                    close_date=command.close_date,
                    created_at=now,
                    updated_at=now,
                )
            )
            current = await uow.quiz_attempts.in_progress(quiz.id, student_id)
            if current is not None and current.id is not None:
                await uow.quiz_attempts.set_deadline(
                    current.id, deadline_of(quiz, override, current.started_at)
                )
            await uow.commit()
        assert override.id is not None
        return found(await self._reader.override(override.id))


class DeleteQuizOverride(_Overrides):
    """Staff in scope of the override's quiz (unknown override: NotFound). Attempts in progress keep
    their deadline; attempts started later use the quiz's settings."""

    async def execute(self, actor: Actor, override_id: int) -> None:
        require_staff(actor)
        async with self._uow as uow:
            override = await uow.quiz_overrides.get(override_id)
            if override is None:
                raise NotFound()
            await managed_quiz(uow, actor, override.quiz_id)
            await uow.quiz_overrides.delete(override_id)
            await uow.commit()
