"""Quizzes: a lecture's timed bank questions, overrides, attempts, grading, the timer's sweep, and the
results and item analysis (§8.1)."""

from __future__ import annotations

from datetime import timedelta

from edutrack.adapters.memory.quiz_attempts import MemoryQuizAttemptReader
from edutrack.adapters.memory.quiz_results import MemoryQuizResultsReader
from edutrack.adapters.memory.quizzes import MemoryQuizReader
from edutrack.adapters.sql.readers.quiz_results import SqlQuizResultsReader
from edutrack.adapters.sql.readers.quizzes import SqlQuizAttemptReader, SqlQuizReader
from edutrack.composition.container import Container
from edutrack.core.use_cases.quizzes.attempts import (
    CloseOverdueAttempts,
    SaveQuizAnswers,
    StartQuizAttempt,
    SubmitQuizAttempt,
)
from edutrack.core.use_cases.quizzes.manage import (
    DeleteQuizOverride,
    GradeQuizWrittenAnswer,
    ListQuizOverrides,
    PutQuizOverride,
    ReleaseQuizAnswers,
    ReleaseQuizScores,
)
from edutrack.core.use_cases.quizzes.read_attempts import GetQuizAttempt, ListMyQuizAttempts, ListQuizAttempts
from edutrack.core.use_cases.quizzes.read_quizzes import GetQuiz, ListQuizzes
from edutrack.core.use_cases.quizzes.results import ExportQuizResults, QuizResults
from edutrack.core.use_cases.quizzes.statistics import QuizStatistics
from edutrack.core.use_cases.quizzes.write_quizzes import CreateQuiz, DeleteQuiz, UpdateQuiz
from edutrack.ports.notifications import Notifier
from edutrack.ports.purchases import LectureAccess
from edutrack.ports.quiz_attempts import QuizAttemptReader
from edutrack.ports.quiz_results import QuizResultsReader
from edutrack.ports.quizzes import QuizReader

SWEEP = "quizzes.close_overdue"
SWEEP_EVERY = timedelta(seconds=10)  # with the 30 s grace, an attempt is closed within 40 s of its deadline


async def close_overdue(c: Container) -> int:
    """The periodic job: close every attempt past its deadline and grace (idempotent)."""
    return await c.get(CloseOverdueAttempts).execute()


def wire(c: Container) -> None:
    c.component(QuizReader, lambda c: c.pick(MemoryQuizReader, SqlQuizReader))
    c.component(QuizAttemptReader, lambda c: c.pick(MemoryQuizAttemptReader, SqlQuizAttemptReader))
    quizzes = lambda c: c.get(QuizReader)  # noqa: E731
    attempts = lambda c: c.get(QuizAttemptReader)  # noqa: E731
    c.use_case(CreateQuiz, lambda c: CreateQuiz(c.uow(), c.clock, quizzes(c)))
    c.use_case(UpdateQuiz, lambda c: UpdateQuiz(c.uow(), c.clock, quizzes(c)))
    c.use_case(DeleteQuiz, lambda c: DeleteQuiz(c.uow()))
    for reading in (ListQuizzes, GetQuiz):
        c.use_case(reading, lambda c, r=reading: r(c.uow(), quizzes(c), c.get(LectureAccess), c.clock))
    c.use_case(StartQuizAttempt, lambda c: StartQuizAttempt(c.uow(), c.clock, c.get(LectureAccess)))
    c.use_case(SaveQuizAnswers, lambda c: SaveQuizAnswers(c.uow(), c.clock))
    c.use_case(SubmitQuizAttempt, lambda c: SubmitQuizAttempt(c.uow(), c.clock))
    c.use_case(CloseOverdueAttempts, lambda c: CloseOverdueAttempts(c.uow(), c.clock))
    c.use_case(
        ListMyQuizAttempts,
        lambda c: ListMyQuizAttempts(c.uow(), c.clock, quizzes(c), attempts(c), c.get(LectureAccess)),
    )
    for reading in (GetQuizAttempt, ListQuizAttempts):
        c.use_case(reading, lambda c, r=reading: r(c.uow(), c.clock, quizzes(c), attempts(c)))
    c.use_case(
        GradeQuizWrittenAnswer,
        lambda c: GradeQuizWrittenAnswer(c.uow(), c.clock, c.get(Notifier), attempts(c)),
    )
    for release in (ReleaseQuizScores, ReleaseQuizAnswers):
        c.use_case(release, lambda c, r=release: r(c.uow(), c.clock, c.get(Notifier)))
    for override in (ListQuizOverrides, PutQuizOverride, DeleteQuizOverride):
        c.use_case(override, lambda c, o=override: o(c.uow(), c.clock, quizzes(c)))
    c.job(SWEEP, close_overdue, every=SWEEP_EVERY)
    c.component(QuizResultsReader, lambda c: c.pick(MemoryQuizResultsReader, SqlQuizResultsReader))
    for query in (QuizResults, ExportQuizResults, QuizStatistics):
        c.use_case(query, lambda c, q=query: q(c.uow(), c.clock, quizzes(c), c.get(QuizResultsReader)))
