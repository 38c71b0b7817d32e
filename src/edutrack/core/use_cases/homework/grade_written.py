"""A teacher grades a written answer (issue #12: POST /learning/homework-submissions/{id}/grade-written/)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from edutrack.core import messages as m
from edutrack.core.actor import Actor
from edutrack.core.entities.homework import SubmissionStatus
from edutrack.core.entities.notifications import NewNotification, NotificationType
from edutrack.core.entities.questions import QuestionType
from edutrack.core.errors import NotFound, ValidationFailed
from edutrack.core.money import format_money
from edutrack.core.policies.grading import grade_override, status_of, total_score
from edutrack.core.use_cases.homework.common import SubmissionView, require_manage, require_staff
from edutrack.ports.clock import Clock
from edutrack.ports.homework import HomeworkSubmissionReader, SubmissionRow
from edutrack.ports.notifications import Notifier
from edutrack.ports.uow import UnitOfWork

NOT_WRITTEN = "This answer is not a written answer."


@dataclass(frozen=True, slots=True)
class WrittenGrade:
    """``score_override``: at least 0 with at most two decimals (checked at the edge); ``feedback`` text."""

    submission_id: int
    answer_id: int
    score_override: Decimal
    feedback: str = ""


def graded_notification(row: SubmissionRow, order: int, score: Decimal, points: int) -> NewNotification:
    return NewNotification(
        user_id=row.student_user_id,
        notification_type=NotificationType.WRITTEN_ANSWER_GRADED,
        title="Written answer graded",
        message=(
            f"Your answer to question {order} of {row.homework_title} was graded: "
            f"{format_money(score)} / {points}. Your score is now {format_money(row.score)} / "
            f"{format_money(row.max_score)}."
        ),
        metadata={"homework_id": row.homework_id, "submission_id": row.id, "status": row.status.value},
    )


class GradeWrittenAnswer:
    """Site owner, or the course's teacher and their assistants (another teacher: PermissionDenied;
    students: PermissionDenied). Unknown submission: NotFound.

    Invariants: the answer is one of the submission's (``{"answer_id": ["Invalid pk ..."]}``) and a written
    one (``{"answer_id": [NOT_WRITTEN]}``); ``0 <= score_override <= `` the question's points at submit
    time. It may be graded again. In one transaction with the submission row locked (FOR UPDATE), the
    answer gets ``points_awarded = score_override`` (correct when full points), the score is recomputed
    from every answer, and the status becomes ``graded`` once no written answer waits; so two concurrent
    grades of one submission never lose points. After the commit the student is notified
    (``written_answer_graded``).
    """

    def __init__(
        self, uow: UnitOfWork, clock: Clock, notifier: Notifier, reader: HomeworkSubmissionReader
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._notifier = notifier
        self._reader = reader

    async def execute(self, actor: Actor, command: WrittenGrade) -> SubmissionView:
        require_staff(actor)
        now = self._clock.now()
        async with self._uow as uow:
            submission = await uow.homework_submissions.get_for_update(command.submission_id)
            homework = await uow.homeworks.get(submission.homework_id) if submission else None
            scope = await uow.homeworks.lecture_scope(homework.lecture_id) if homework else None
            if submission is None or scope is None:
                raise NotFound()
            require_manage(actor, scope.teacher_id)
            answer = next((a for a in submission.answers if a.id == command.answer_id), None)
            if answer is None:
                raise ValidationFailed.field("answer_id", m.invalid_pk(command.answer_id))
            if answer.question_type is not QuestionType.WRITTEN:
                raise ValidationFailed.field("answer_id", NOT_WRITTEN)
            if command.score_override > answer.points:
                raise ValidationFailed.field("score_override", m.max_value(answer.points))
            if command.score_override < 0:
                raise ValidationFailed.field("score_override", m.min_value(0))
            grade_override(answer, command.score_override, command.feedback, now)
            submission.score = total_score(submission.answers)
            submission.status = status_of(submission.answers)
            if submission.status is SubmissionStatus.GRADED:
                submission.graded_at = now
            await uow.homework_submissions.save_grade(submission, answer)
            await uow.commit()
        row = await self._reader.get(command.submission_id)
        if row is None:
            raise NotFound()
        assert answer.points_awarded is not None
        await self._notifier.send(
            [graded_notification(row, answer.order, answer.points_awarded, answer.points)]
        )
        return SubmissionView(
            row=row, staff=True, solutions=True, answers=tuple(await self._reader.answers(row.id))
        )
