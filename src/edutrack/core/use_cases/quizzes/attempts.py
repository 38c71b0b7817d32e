"""Taking a quiz (API supplement §8, §8.1): start an attempt, autosave answers, submit, and the timer's
sweep that closes overdue attempts without any request.

The server is the only clock. An attempt's ``deadline`` is fixed when it starts
(``policies.quizzes.deadline_of``); answers are accepted until ``deadline + GRACE``. Multiple-choice
answers are graded when saved, so closing an attempt (a submit, the sweep, or a read that finds it
overdue) is one conditional UPDATE of the attempt ``WHERE status = 'in_progress'``: whoever comes first
closes it once, with every answer saved before.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from edutrack.core.actor import Actor
from edutrack.core.entities.quizzes import (
    ALREADY_SUBMITTED,
    ATTEMPT_CLOSED,
    CLOSED,
    NO_ATTEMPTS_LEFT,
    NOT_OPEN_YET,
    ClosedBy,
    QuizAnswer,
    QuizAttempt,
)
from edutrack.core.errors import NotFound, RuleViolation, ValidationFailed
from edutrack.core.policies.grading import (
    AnswerInput,
    kind_problems,
    max_score,
    record_answer,
    snapshot_kinds,
    snapshot_question,
)
from edutrack.core.policies.quizzes import (
    allowed_attempts,
    choice_positions,
    close_date_for,
    deadline_of,
    display_order,
)
from edutrack.core.use_cases.quizzes.common import AttemptView, verified_student
from edutrack.ports.clock import Clock
from edutrack.ports.purchases import LectureAccess
from edutrack.ports.quizzes import AttemptTaken, QuizAttemptReader
from edutrack.ports.uow import UnitOfWork

RETRIES = 3  # a start that loses a race on the attempt number tries again (the limit re-checked)


@dataclass(frozen=True, slots=True)
class QuizAnswers:
    """The answers sent to an attempt (autosave or submit); questions left out keep what was saved."""

    attempt_id: int
    answers: tuple[AnswerInput, ...] = field(default=())


class _Attempts:
    def __init__(self, uow: UnitOfWork, clock: Clock, reader: QuizAttemptReader) -> None:
        self._uow = uow
        self._clock = clock
        self._reader = reader

    async def _view(self, attempt_id: int, *, created: bool = False) -> AttemptView:
        row = await self._reader.get(attempt_id)
        if row is None:
            raise NotFound()
        return AttemptView(
            row=row,
            staff=False,
            now=self._clock.now(),
            answers=tuple(await self._reader.answers(attempt_id)),
            created=created,
        )


class StartQuizAttempt(_Attempts):
    """Verified students only (other roles: PermissionDenied; not verified: AccountNotVerified).

    Checked in this order: the quiz is published, active and of a lecture the student holds unexpired
    access to (else NotFound); the student's attempts past their deadline are closed first; an attempt
    in progress is answered as it is (``created`` false: no new attempt, no attempt used); now is at or
    after ``open_date`` (``{"error": NOT_OPEN_YET}``) and before the student's close date (their
    override's, else the quiz's: ``{"error": CLOSED}``); attempts are left (``{"error":
    NO_ATTEMPTS_LEFT}``). Then one attempt is written with the snapshot of every question of the quiz in
    its display order (random when ``question_order`` is random; choices shuffled when
    ``shuffle_choices``; fixed for the attempt's life), every answer unanswered (0 points), and its
    deadline. Two concurrent starts: the database's unique indexes let one insert win; the other answers
    with the winner's attempt.
    """

    def __init__(
        self, uow: UnitOfWork, clock: Clock, access: LectureAccess, reader: QuizAttemptReader
    ) -> None:
        super().__init__(uow, clock, reader)
        self._access = access

    async def execute(self, actor: Actor, quiz_id: int) -> AttemptView:
        now = self._clock.now()
        async with self._uow as uow:
            student_id = await verified_student(uow, actor)
            quiz = await uow.quizzes.get(quiz_id)
            if quiz is None or not (quiz.is_published and quiz.is_active) or quiz.id is None:
                raise NotFound()
            opened = await self._access.lectures_with_access(student_id, {quiz.lecture_id}, now)
            if quiz.lecture_id not in opened:
                raise NotFound()
            await uow.quiz_attempts.close_overdue(now, quiz_id=quiz.id, student_id=student_id)
            current = await uow.quiz_attempts.in_progress(quiz.id, student_id)
            if current is not None:
                await uow.commit()
                assert current.id is not None
                return await self._view(current.id)
            if quiz.open_date is not None and now < quiz.open_date:
                raise RuleViolation(NOT_OPEN_YET, key="error")
            override = await uow.quiz_overrides.of_student(quiz.id, student_id)
            close = close_date_for(quiz, override)
            if close is not None and now >= close:
                raise RuleViolation(CLOSED, key="error")
            allowed = allowed_attempts(
                quiz.allow_multiple_attempts, quiz.max_attempts, override.extra_attempts if override else 0
            )
            questions = await uow.questions.get_many(quiz.question_ids)
            links = [link for link in quiz.questions if link.question_id in questions]
            rng = random.Random()
            positions = display_order(len(links), quiz.question_order, rng)
            for _ in range(RETRIES):
                used, last = await uow.quiz_attempts.count(quiz.id, student_id)
                if allowed is not None and used >= allowed:
                    # a concurrent start may have opened the last attempt since we looked: answer it
                    winner = await uow.quiz_attempts.in_progress(quiz.id, student_id)
                    if winner is not None and winner.id is not None:
                        await uow.commit()
                        return await self._view(winner.id)
                    raise RuleViolation(NO_ATTEMPTS_LEFT, key="error")
                answers: list[QuizAnswer] = []
                for link, position in zip(links, positions, strict=True):
                    question = questions[link.question_id]
                    points = link.points_override if link.points_override is not None else question.points
                    choice_order = choice_positions(
                        len(question.choices), quiz.shuffle_choices, rng, [c.order for c in question.choices]
                    )
                    snapshot = snapshot_question(
                        question, position + 1, points, factory=QuizAnswer, choice_order=choice_order
                    )
                    answers.append(record_answer(snapshot, None, now))
                answers.sort(key=lambda a: a.order)
                try:
                    attempt = await uow.quiz_attempts.add(
                        QuizAttempt(
                            quiz_id=quiz.id,
                            student_id=student_id,
                            attempt_number=last + 1,
                            started_at=now,
                            deadline=deadline_of(quiz, override, now),
                            max_score=max_score(answers),
                            answers=answers,
                        )
                    )
                except AttemptTaken:
                    winner = await uow.quiz_attempts.in_progress(quiz.id, student_id)
                    if winner is not None:
                        await uow.commit()
                        assert winner.id is not None
                        return await self._view(winner.id)
                    continue  # the number was taken by an attempt already closed: count again
                await uow.commit()
                assert attempt.id is not None
                return await self._view(attempt.id, created=True)
            raise RuleViolation(NO_ATTEMPTS_LEFT, key="error")


async def _own_open_attempt(uow: UnitOfWork, actor: Actor, attempt_id: int) -> QuizAttempt:
    """The calling student's attempt, its row locked (NotFound when missing or another's)."""
    student_id = await verified_student(uow, actor)
    attempt = await uow.quiz_attempts.get(attempt_id, lock=True)
    if attempt is None or attempt.student_id != student_id:
        raise NotFound()
    return attempt


def _apply(attempt: QuizAttempt, answers: tuple[AnswerInput, ...], now: object) -> list[QuizAnswer]:
    """Check the answers against the attempt's snapshot (every problem at once under ``answers``) and
    record them into it; the answers changed."""
    problems = kind_problems(snapshot_kinds(attempt.answers), answers, "quiz")
    if problems:
        raise ValidationFailed({"answers": problems})
    by_question = {a.question_id: a for a in attempt.answers}
    changed = []
    for given in answers:
        answer = record_answer(by_question[given.question_id], given, now)  # type: ignore[arg-type]
        answer.saved_at = now  # type: ignore[assignment]
        changed.append(answer)
    return changed


class SaveQuizAnswers(_Attempts):
    """Autosave (``PUT /learning/quiz-submissions/{id}/answers/``). The student's own attempt (another's
    or none: NotFound), in progress and before ``deadline + GRACE`` (else ``{"error": ATTEMPT_CLOSED}``;
    an overdue attempt is closed then, with what was saved). The answers are checked against the
    attempt's questions like a submit's and saved (MCQ graded, hidden until visible); questions left out
    keep their saved answers. With the attempt row locked, so a concurrent submit or sweep waits."""

    async def execute(self, actor: Actor, command: QuizAnswers) -> AttemptView:
        now = self._clock.now()
        overdue = False
        async with self._uow as uow:
            attempt = await _own_open_attempt(uow, actor, command.attempt_id)
            if not attempt.in_progress:
                raise RuleViolation(ATTEMPT_CLOSED, key="error")
            if attempt.overdue(now):
                await uow.quiz_attempts.close_overdue(now, attempt_id=command.attempt_id)
                overdue = True
            else:
                changed = _apply(attempt, command.answers, now)
                await uow.quiz_attempts.save_answers(command.attempt_id, changed)
            await uow.commit()
        if overdue:
            raise RuleViolation(ATTEMPT_CLOSED, key="error")
        return await self._view(command.attempt_id)


class SubmitQuizAttempt(_Attempts):
    """Submit (``POST /learning/quiz-submissions/{id}/submit/``). The student's own attempt (else
    NotFound); already submitted: ``{"error": ALREADY_SUBMITTED}``; after ``deadline + GRACE`` (or
    already closed by the timer): closed with what was saved (nothing sent is taken) and ``{"error":
    ATTEMPT_CLOSED}``. Else the answers sent are
    checked and saved (the rest stay as saved), then the attempt is closed and graded in the same
    transaction: ``graded``, or ``submitted`` while a written answer waits for ``grade-written``."""

    async def execute(self, actor: Actor, command: QuizAnswers) -> AttemptView:
        now = self._clock.now()
        overdue = False
        async with self._uow as uow:
            attempt = await _own_open_attempt(uow, actor, command.attempt_id)
            if not attempt.in_progress:  # closed by the timer: the student never submitted it
                timer = attempt.closed_by is ClosedBy.TIMER
                raise RuleViolation(ATTEMPT_CLOSED if timer else ALREADY_SUBMITTED, key="error")
            if attempt.overdue(now):
                await uow.quiz_attempts.close_overdue(now, attempt_id=command.attempt_id)
                overdue = True
            else:
                changed = _apply(attempt, command.answers, now)
                await uow.quiz_attempts.save_answers(command.attempt_id, changed)
                if not await uow.quiz_attempts.close(command.attempt_id, now, ClosedBy.STUDENT):
                    raise RuleViolation(ALREADY_SUBMITTED, key="error")
            await uow.commit()
        if overdue:
            raise RuleViolation(ATTEMPT_CLOSED, key="error")
        return await self._view(command.attempt_id)


class CloseOverdueAttempts:
    """The timer's sweep (a periodic job, and ``edutrack quizzes close-overdue``): closes every attempt
    still in progress at ``deadline + GRACE`` with its saved answers, graded, in one UPDATE; answers how
    many it closed. Idempotent: a second run, or a submit that came first, closes nothing again."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self) -> int:
        async with self._uow as uow:
            closed = await uow.quiz_attempts.close_overdue(self._clock.now())
            await uow.commit()
        return closed
