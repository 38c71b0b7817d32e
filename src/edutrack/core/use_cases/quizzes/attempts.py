"""Taking a quiz (API supplement §8, §8.1): start an attempt, autosave answers, submit, and the timer's
sweep that closes overdue attempts without any request.

The server is the only clock. An attempt's ``deadline`` is fixed when it starts
(``policies.quizzes.deadline_of``); answers are accepted until ``deadline + GRACE``. Multiple-choice
answers are graded when saved, so closing an attempt (a submit, the sweep, or a read that finds it
overdue) is one conditional UPDATE of the attempt ``WHERE status = 'in_progress'``: whoever comes first
closes it once, with every answer saved before.

Start, autosave and submit run in one unit of work and answer from what they read and wrote there: the
attempt's row (locked for autosave and submit), its snapshot, and the writes applied to it in memory;
nothing is read back after the commit (the hot path of a timed exam: a fixed, small number of
statements whatever the number of questions).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import datetime

from edutrack.core.actor import Actor
from edutrack.core.entities.people import StudentStatus
from edutrack.core.entities.quizzes import (
    ALREADY_SUBMITTED,
    ATTEMPT_CLOSED,
    CLOSED,
    GRACE,
    NO_ATTEMPTS_LEFT,
    NOT_OPEN_YET,
    AttemptStatus,
    ClosedBy,
    QuizAnswer,
    QuizAttempt,
)
from edutrack.core.errors import AccountNotVerified, NotFound, RuleViolation, ValidationFailed
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
from edutrack.core.use_cases.quizzes.common import AttemptView, require_student, verified_student
from edutrack.ports.clock import Clock
from edutrack.ports.purchases import LectureAccess
from edutrack.ports.quiz_attempts import AttemptRow, AttemptTaken
from edutrack.ports.uow import UnitOfWork

RETRIES = 3  # a start that loses a race on the attempt number tries again (the limit re-checked)


@dataclass(frozen=True, slots=True)
class QuizAnswers:
    """The answers sent to an attempt (autosave or submit); questions left out keep what was saved."""

    attempt_id: int
    answers: tuple[AnswerInput, ...] = field(default=())


async def _view(uow: UnitOfWork, attempt_id: int, now: datetime, *, created: bool = False) -> AttemptView:
    """The attempt as its student sees it, read in the unit of work (three statements)."""
    found = await uow.quiz_attempts.record(attempt_id)
    if found is None:
        raise NotFound()
    answers = await uow.quiz_attempts.answers(attempt_id)
    return AttemptView(row=found.row, staff=False, now=now, answers=tuple(answers), created=created)


class StartQuizAttempt:
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

    def __init__(self, uow: UnitOfWork, clock: Clock, access: LectureAccess) -> None:
        self._uow = uow
        self._clock = clock
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
            current = await uow.quiz_attempts.in_progress_id(quiz.id, student_id)
            if current is not None:
                view = await _view(uow, current, now)
                await uow.commit()
                return view
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
                    winner = await uow.quiz_attempts.in_progress_id(quiz.id, student_id)
                    if winner is not None:
                        view = await _view(uow, winner, now)
                        await uow.commit()
                        return view
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
                    snapshot.choices.sort(key=lambda c: c.order)  # in display order, as they are read
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
                    winner = await uow.quiz_attempts.in_progress_id(quiz.id, student_id)
                    if winner is not None:
                        view = await _view(uow, winner, now)
                        await uow.commit()
                        return view
                    continue  # the number was taken by an attempt already closed: count again
                assert attempt.id is not None
                # the response from what was just written: only the row's joined names are read
                found = await uow.quiz_attempts.record(attempt.id)
                await uow.commit()
                assert found is not None
                return AttemptView(row=found.row, staff=False, now=now, answers=tuple(answers), created=True)
            raise RuleViolation(NO_ATTEMPTS_LEFT, key="error")


async def _own_attempt(uow: UnitOfWork, actor: Actor, attempt_id: int) -> AttemptRow:
    """The calling student's attempt as a response shows it, its row locked until the transaction ends
    (NotFound when missing or another's; the student's profile must be verified): one statement."""
    student_id = require_student(actor)
    found = await uow.quiz_attempts.record(attempt_id, lock=True)
    if found is None or found.row.student_id != student_id:
        await verified_student(uow, actor)  # an unverified caller learns that first, as before any read
        raise NotFound()
    if found.student_status is not StudentStatus.VERIFIED:
        raise AccountNotVerified()
    return found.row


def _overdue(row: AttemptRow, now: datetime) -> bool:
    """Past the deadline and its grace: no answer is accepted any more, the attempt is closed."""
    return row.deadline is not None and row.deadline + GRACE <= now


def _apply(snapshot: list[QuizAnswer], answers: tuple[AnswerInput, ...], now: datetime) -> list[QuizAnswer]:
    """Check the answers against the attempt's snapshot (every problem at once under ``answers``) and
    record them into it; the answers changed."""
    problems = kind_problems(snapshot_kinds(snapshot), answers, "quiz")
    if problems:
        raise ValidationFailed({"answers": problems})
    by_question = {a.question_id: a for a in snapshot}
    changed = []
    for given in answers:
        answer = record_answer(by_question[given.question_id], given, now)
        answer.saved_at = now
        changed.append(answer)
    return changed


class _Answering:
    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock


class SaveQuizAnswers(_Answering):
    """Autosave (``PUT /learning/quiz-submissions/{id}/answers/``). The student's own attempt (another's
    or none: NotFound), in progress and before ``deadline + GRACE`` (else ``{"error": ATTEMPT_CLOSED}``;
    an overdue attempt is closed then, with what was saved). The answers are checked against the
    attempt's questions like a submit's and saved (MCQ graded, hidden until visible); questions left out
    keep their saved answers. With the attempt row locked, so a concurrent submit or sweep waits. The
    answer is the attempt as read under the lock with the answers just saved: one read of the row, one of
    the snapshot, then the writes of the answers sent."""

    async def execute(self, actor: Actor, command: QuizAnswers) -> AttemptView:
        now = self._clock.now()
        async with self._uow as uow:
            row = await _own_attempt(uow, actor, command.attempt_id)
            if row.status is not AttemptStatus.IN_PROGRESS:
                raise RuleViolation(ATTEMPT_CLOSED, key="error")
            if _overdue(row, now):
                await uow.quiz_attempts.close_overdue(now, attempt_id=command.attempt_id)
                await uow.commit()
                raise RuleViolation(ATTEMPT_CLOSED, key="error")
            snapshot = await uow.quiz_attempts.answers(command.attempt_id)
            changed = _apply(snapshot, command.answers, now)
            await uow.quiz_attempts.save_answers(command.attempt_id, changed)
            await uow.commit()
        return AttemptView(row=row, staff=False, now=now, answers=tuple(snapshot))


class SubmitQuizAttempt(_Answering):
    """Submit (``POST /learning/quiz-submissions/{id}/submit/``). The student's own attempt (else
    NotFound); already submitted: ``{"error": ALREADY_SUBMITTED}``; after ``deadline + GRACE`` (or
    already closed by the timer): closed with what was saved (nothing sent is taken) and ``{"error":
    ATTEMPT_CLOSED}``. Else the answers sent are
    checked and saved (the rest stay as saved), then the attempt is closed and graded in the same
    transaction: ``graded``, or ``submitted`` while a written answer waits for ``grade-written``. The
    answer is built from the row read under the lock, the answers saved and what the close wrote."""

    async def execute(self, actor: Actor, command: QuizAnswers) -> AttemptView:
        now = self._clock.now()
        async with self._uow as uow:
            row = await _own_attempt(uow, actor, command.attempt_id)
            if row.status is not AttemptStatus.IN_PROGRESS:  # closed by the timer: never submitted
                timer = row.closed_by is ClosedBy.TIMER
                raise RuleViolation(ATTEMPT_CLOSED if timer else ALREADY_SUBMITTED, key="error")
            if _overdue(row, now):
                await uow.quiz_attempts.close_overdue(now, attempt_id=command.attempt_id)
                await uow.commit()
                raise RuleViolation(ATTEMPT_CLOSED, key="error")
            snapshot = await uow.quiz_attempts.answers(command.attempt_id)
            changed = _apply(snapshot, command.answers, now)
            await uow.quiz_attempts.save_answers(command.attempt_id, changed)
            closed = await uow.quiz_attempts.close(command.attempt_id, now, ClosedBy.STUDENT)
            if closed is None:
                raise RuleViolation(ALREADY_SUBMITTED, key="error")
            await uow.commit()
        row = replace(
            row,
            status=closed.status,
            score=closed.score,
            submitted_at=closed.submitted_at,
            closed_by=ClosedBy.STUDENT,
            graded_at=closed.graded_at,
        )
        return AttemptView(row=row, staff=False, now=now, answers=tuple(snapshot))


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
