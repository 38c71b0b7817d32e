"""A student submits a homework (issue #12: POST /learning/homeworks/{id}/submit/)."""

from __future__ import annotations

from dataclasses import dataclass, field

from edutrack.core.actor import Actor
from edutrack.core.entities.homework import (
    ALREADY_SUBMITTED,
    CLOSED,
    NOT_OPEN_YET,
    HomeworkSubmission,
    SubmissionStatus,
)
from edutrack.core.errors import NotFound, RuleViolation, ValidationFailed
from edutrack.core.policies.grading import (
    AnswerInput,
    answer_problems,
    max_score,
    snapshot_answer,
    status_of,
    total_score,
)
from edutrack.core.use_cases.homework.common import SubmissionView, solutions_open, verified_student
from edutrack.ports.clock import Clock
from edutrack.ports.homework import HomeworkSubmissionReader
from edutrack.ports.purchases import LectureAccess
from edutrack.ports.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class SubmitAnswers:
    homework_id: int
    answers: tuple[AnswerInput, ...] = field(default=())


class SubmitHomework:
    """Verified students only (other roles: PermissionDenied; not verified: AccountNotVerified).

    Invariants, checked in this order: the homework is published, active and of a lecture the student
    holds unexpired access to (else NotFound); now is inside ``open_date..close_date`` (RuleViolation
    ``{"error": NOT_OPEN_YET}`` / ``{"error": CLOSED}``); the student has not submitted it (RuleViolation
    ``{"error": ALREADY_SUBMITTED}``, also what the UNIQUE(homework, student) of the database answers to a
    concurrent double submit); the answers fit the homework's questions (``policies.grading``; every
    problem at once under ``answers``). Then one submission is written in one transaction with the
    snapshot of every question of the homework (text, type, points, choices as they are now; a question
    left out is unanswered, 0), multiple-choice answers graded at once, written ones waiting.
    """

    def __init__(
        self, uow: UnitOfWork, clock: Clock, access: LectureAccess, reader: HomeworkSubmissionReader
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._access = access
        self._reader = reader

    async def execute(self, actor: Actor, command: SubmitAnswers) -> SubmissionView:
        now = self._clock.now()
        async with self._uow as uow:
            student_id = await verified_student(uow, actor)
            homework = await uow.homeworks.get(command.homework_id)
            if homework is None or not (homework.is_published and homework.is_active):
                raise NotFound()
            opened = await self._access.lectures_with_access(student_id, {homework.lecture_id}, now)
            if homework.lecture_id not in opened:
                raise NotFound()
            if homework.open_date is not None and now < homework.open_date:
                raise RuleViolation(NOT_OPEN_YET, key="error")
            if homework.close_date is not None and now > homework.close_date:
                raise RuleViolation(CLOSED, key="error")
            assert homework.id is not None
            if await uow.homework_submissions.exists(homework.id, student_id):
                raise RuleViolation(ALREADY_SUBMITTED, key="error")
            questions = await uow.questions.get_many(homework.question_ids)
            problems = answer_problems(questions, command.answers)
            if problems:
                raise ValidationFailed({"answers": problems})
            given = {a.question_id: a for a in command.answers}
            answers = [
                snapshot_answer(
                    questions[link.question_id],
                    link.order,
                    link.points_override
                    if link.points_override is not None
                    else questions[link.question_id].points,
                    given.get(link.question_id),
                    now,
                )
                for link in homework.questions
                if link.question_id in questions
            ]
            status = status_of(answers)
            submission = await uow.homework_submissions.add(
                HomeworkSubmission(
                    homework_id=homework.id,
                    student_id=student_id,
                    submitted_at=now,
                    status=status,
                    graded_at=now if status is SubmissionStatus.GRADED else None,
                    score=total_score(answers),
                    max_score=max_score(answers),
                    answers=answers,
                )
            )
            await uow.commit()
        assert submission.id is not None
        row = await self._reader.get(submission.id)
        if row is None:
            raise NotFound()
        return SubmissionView(
            row=row,
            staff=False,
            solutions=solutions_open(row, now, staff=False),
            answers=tuple(await self._reader.answers(submission.id)),
        )
