"""A quiz's results (§8.1): one row per student with a closed attempt, scored per ``attempt_scoring``
(``core/policies/item_analysis.py``), and the same as CSV with the points of each question."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from edutrack.core.actor import Actor, Role
from edutrack.core.entities.quizzes import AttemptScoring
from edutrack.core.errors import NotFound, PermissionDenied
from edutrack.core.policies.access import require_role
from edutrack.core.policies.content import owns_course
from edutrack.core.policies.grading import percentage
from edutrack.core.policies.item_analysis import mean
from edutrack.core.policies.spreadsheet import cell as _cell
from edutrack.ports.clock import Clock
from edutrack.ports.quiz_results import QuestionPoints, QuizResultRow, QuizResultsReader
from edutrack.ports.quizzes import QuizReader, QuizRow
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.uow import UnitOfWork

EVERY_ROW = PageRequest(offset=0, limit=None)


class StaffQuery:
    """Who reads a quiz's results and statistics: the site owner, or the course's teacher and their
    assistants (another teacher: PermissionDenied; students: PermissionDenied; no such quiz: NotFound).
    Before reading, the quiz's attempts past their deadline and its grace are closed (the lazy close of
    the engine: one conditional UPDATE), so no figure ever counts an attempt that should be closed."""

    def __init__(self, uow: UnitOfWork, clock: Clock, quizzes: QuizReader, reader: QuizResultsReader) -> None:
        self._uow = uow
        self._clock = clock
        self._quizzes = quizzes
        self._reader = reader

    async def _quiz(self, actor: Actor, quiz_id: int) -> QuizRow:
        require_role(actor, Role.SITE_OWNER, Role.TEACHER, Role.ASSISTANT)
        row = await self._quizzes.get(quiz_id)
        if row is None:
            raise NotFound()
        if actor.role is not Role.SITE_OWNER and not owns_course(actor, row.teacher_id):
            raise PermissionDenied()
        async with self._uow as uow:
            await uow.quiz_attempts.close_overdue(self._clock.now(), quiz_id=quiz_id)
            await uow.commit()
        return row


@dataclass(frozen=True, slots=True)
class QuizResultView:
    """One student's result: ``score`` and ``max_score`` per the quiz's ``attempt_scoring`` (for
    ``average`` the means over the closed attempts), ``percentage`` of them, ``passed`` against the
    quiz's ``passing_score`` (None without one)."""

    student_id: int
    student_name: str
    student_code: str
    attempts: int
    score: Decimal
    max_score: Decimal
    percentage: Decimal
    passed: bool | None
    last_submitted_at: datetime


def result_view(row: QuizResultRow, passing_score: Decimal | None) -> QuizResultView:
    score = mean(row.score_total, row.scored_attempts)
    maximum = mean(row.max_score_total, row.scored_attempts)
    percent = percentage(score, maximum)
    return QuizResultView(
        student_id=row.student_id,
        student_name=row.student_name,
        student_code=row.student_code,
        attempts=row.attempts,
        score=score,
        max_score=maximum,
        percentage=percent,
        passed=None if passing_score is None else percent >= passing_score,
        last_submitted_at=row.last_submitted_at,
    )


class QuizResults(StaffQuery):
    """Site owner, or the course's teacher and assistants. One row per student with a closed attempt
    (``submitted`` or ``graded``), the student whose first closed attempt is oldest first; a fixed number
    of statements whatever the page size."""

    async def execute(self, actor: Actor, quiz_id: int, page: PageRequest) -> Page[QuizResultView]:
        quiz = await self._quiz(actor, quiz_id)
        result = await self._reader.results(quiz_id, AttemptScoring(quiz.attempt_scoring), page)
        return Page(total=result.total, items=[result_view(r, quiz.passing_score) for r in result.items])


@dataclass(frozen=True, slots=True)
class ResultsCsv:
    filename: str
    text: str


def question_cell(found: QuestionPoints | None) -> Decimal | None:
    """The points of one question over a student's scored attempts: the mean over them (one for
    ``best``/``last``), unanswered counting 0; empty (None) when the student never answered it in those
    attempts, when it was not in them, or while an answer waits for a written grade."""
    if found is None or found.answered == 0 or found.waiting > 0:
        return None
    return mean(found.total, found.count)


CSV_HEADER = (
    "student",
    "student_name",
    "student_code",
    "attempts",
    "score",
    "max_score",
    "percentage",
    "passed",
    "last_submitted_at",
)


class ExportQuizResults(StaffQuery):
    """The results as CSV (every row, not paginated), for the same callers as QuizResults (the CLI acts
    as the site owner): the §8.1 columns, then one column per current question of the quiz, headed
    ``Q<n> (#<question id>)``, with the points awarded in the scored attempt (``average``: the mean over
    the closed attempts; see ``question_cell``). A fixed number of statements whatever the number of
    students, attempts or questions."""

    async def execute(self, actor: Actor, quiz_id: int) -> ResultsCsv:
        quiz = await self._quiz(actor, quiz_id)
        scoring = AttemptScoring(quiz.attempt_scoring)
        questions = await self._quizzes.questions(quiz_id)
        rows = await self._reader.results(quiz_id, scoring, EVERY_ROW)
        points = await self._reader.points_by_question(quiz_id, scoring)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(
            [*CSV_HEADER, *(f"Q{n} (#{q.question_id})" for n, q in enumerate(questions, start=1))]
        )
        for row in rows.items:
            view = result_view(row, quiz.passing_score)
            mine = points.get(row.student_id, {})
            writer.writerow(
                [
                    _cell(v)
                    for v in (
                        view.student_id,
                        view.student_name,
                        view.student_code,
                        view.attempts,
                        view.score,
                        view.max_score,
                        view.percentage,
                        view.passed,
                        view.last_submitted_at,
                        *(question_cell(mine.get(q.question_id)) for q in questions),
                    )
                ]
            )
        return ResultsCsv(filename=f"quiz-{quiz_id}-results.csv", text=buffer.getvalue())
