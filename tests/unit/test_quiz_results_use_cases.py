"""Quiz results and item analysis over the memory fakes: attempt scoring (best, average, last), the CSV,
the statistics of the hand-computed example (``tests/support/quiz_results.py``), the pure rules, scope."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM
from edutrack.core.entities.quizzes import AttemptScoring, AttemptStatus
from edutrack.core.errors import NotFound, PermissionDenied
from edutrack.core.policies.item_analysis import QuestionSums, discrimination, facility, mean, median
from edutrack.core.use_cases.quizzes.results import ExportQuizResults, QuizResults
from edutrack.core.use_cases.quizzes.statistics import QuizStatistics
from edutrack.ports.readers import PageRequest
from tests.support.homework import Class
from tests.support.quiz_results import add_attempt, add_quiz, answer_of, build_example

pytestmark = pytest.mark.anyio

ALL = PageRequest(offset=0, limit=None)
D = Decimal


def _sums(xs: list[str], ys: list[str], points: int = 1) -> QuestionSums:
    x, y = [D(v) for v in xs], [D(v) for v in ys]
    return QuestionSums(
        n=len(x),
        points=D(points * len(x)),
        sx=sum(x, D(0)),
        sy=sum(y, D(0)),
        sxy=sum((a * b for a, b in zip(x, y, strict=True)), D(0)),
        sxx=sum((a * a for a in x), D(0)),
        syy=sum((b * b for b in y), D(0)),
    )


def test_the_pure_rules() -> None:
    assert discrimination(_sums(["1"], ["3"])) is None  # under 2 answers
    assert discrimination(_sums(["1", "1", "1"], ["3", "1", "2"])) is None  # x does not vary
    assert discrimination(_sums(["1", "0"], ["2", "2"])) is None  # the rest does not vary
    assert discrimination(_sums(["1", "0", "1", "0"], ["3", "1", "2", "2"])) == 0.7071  # 1/sqrt(2)
    assert discrimination(_sums(["0", "1"], ["5", "1"])) == -1.0
    assert facility(_sums(["1", "0", "1", "1"], ["0"] * 4)) == 0.75
    assert facility(_sums([], [])) is None
    assert (mean(D("14"), 3), mean(D("1"), 0)) == (D("4.67"), D("0.00"))
    assert (median(None, None), median(D("4"), D("6")), median(D("4"), D("4"))) == (
        None,
        D("5.00"),
        D("4.00"),
    )


@pytest.mark.parametrize(
    ("scoring", "s1_score", "s1_percent"),
    [
        (AttemptScoring.BEST, "10.00", "100.00"),
        (AttemptScoring.LAST, "6.00", "60.00"),
        (AttemptScoring.AVERAGE, "8.00", "80.00"),
    ],
)
async def test_results_follow_the_attempt_scoring(
    container: Container, scoring: AttemptScoring, s1_score: str, s1_percent: str
) -> None:
    ex = await build_example(container, scoring)
    page = await container.get(QuizResults).execute(ex.cls.teacher, ex.quiz, ALL)
    rows = [
        (r.student_id, r.attempts, str(r.score), str(r.max_score), str(r.percentage), r.passed)
        for r in page.items
    ]
    assert rows == [
        (ex.s1.id, 2, s1_score, "10.00", s1_percent, True),
        (ex.s2.id, 1, "4.00", "10.00", "40.00", False),
        (ex.s3.id, 1, "0.00", "10.00", "0.00", False),
    ]  # s4's attempt in progress never counts
    assert page.items[0].last_submitted_at == ex.start + timedelta(minutes=4)


async def test_scope_and_the_lazy_close(container: Container, clock: FrozenClock) -> None:
    ex = await build_example(container)
    with pytest.raises(PermissionDenied):
        await container.get(QuizResults).execute(ex.cls.other, ex.quiz, ALL)
    with pytest.raises(PermissionDenied):
        await container.get(QuizStatistics).execute(Class.as_student(ex.s1), ex.quiz)
    with pytest.raises(NotFound):
        await container.get(ExportQuizResults).execute(SYSTEM, 999999)
    # s4's attempt had a deadline: once it and the grace have passed, results close it and count it
    async with container.uow() as uow:
        attempt = await uow.quiz_attempts.in_progress(ex.quiz, ex.s4.id)
        assert attempt is not None and attempt.id is not None
        await uow.quiz_attempts.set_deadline(attempt.id, clock.now() + timedelta(minutes=1))
        await uow.commit()
    assert (await container.get(QuizResults).execute(SYSTEM, ex.quiz, ALL)).total == 3
    clock.advance(minutes=2)
    page = await container.get(QuizResults).execute(SYSTEM, ex.quiz, ALL)
    timed = next(r for r in page.items if r.student_id == ex.s4.id)  # closed at its deadline, with its answer
    assert (page.total, timed.score, timed.last_submitted_at) == (
        4,
        D("2.00"),
        clock.now() - timedelta(minutes=1),
    )
    async with container.uow() as uow:
        closed = await uow.quiz_attempts.get(attempt.id)
        assert closed is not None and closed.status is AttemptStatus.GRADED


def _table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("scoring", "s1_cells"),
    [
        (AttemptScoring.BEST, ["2.00", "3.00", "5.00"]),
        (AttemptScoring.LAST, ["2.00", "0.00", "4.00"]),
        (AttemptScoring.AVERAGE, ["2.00", "1.50", "4.50"]),
    ],
)
async def test_the_csv_has_a_column_per_question(
    container: Container, scoring: AttemptScoring, s1_cells: list[str]
) -> None:
    ex = await build_example(container, scoring)
    async with container.uow() as uow:  # a name a spreadsheet would run as a formula
        user = await uow.users.get(ex.s2.user_id)
        assert user is not None
        user.name = "=HYPERLINK(1)"
        await uow.users.save(user)
        await uow.commit()
    exported = await container.get(ExportQuizResults).execute(ex.cls.teacher, ex.quiz)
    assert exported.filename == f"quiz-{ex.quiz}-results.csv"
    header, s1, s2, s3 = _table(exported.text)
    mcq, multi, essay = (q.id for q in ex.questions)
    assert header == [
        "student", "student_name", "student_code", "attempts", "score", "max_score", "percentage", "passed",
        "last_submitted_at", f"Q1 (#{mcq})", f"Q2 (#{multi})", f"Q3 (#{essay})",
    ]  # fmt: skip
    assert s1[:4] == [str(ex.s1.id), ex.s1.name, ex.s1.code, "2"] and s1[7] == "true"
    assert s1[-3:] == s1_cells
    assert s2[1] == "'=HYPERLINK(1)" and s2[-3:] == ["0.00", "3.00", "1.00"] and s2[7] == "false"
    assert s3[-3:] == ["", "0.00", ""]  # unanswered; waits for a written grade


async def test_statistics_of_the_hand_computed_example(container: Container) -> None:
    ex = await build_example(container)
    stats = await container.get(QuizStatistics).execute(ex.cls.teacher, ex.quiz)
    assert (stats.attempts, stats.average_score, stats.median_score) == (3, D("4.67"), D("4.00"))
    mcq, multi, essay = stats.questions
    assert [(q.question, q.text, q.attempts, q.facility, q.discrimination) for q in stats.questions] == [
        (ex.cls.mcq.id, "Pick one", 3, 0.3333, 0.866),  # x (2, 0, 0), rest (8, 4, 0): sqrt(3)/2
        (ex.cls.multi.id, "Pick two", 3, 0.6667, 0.61),  # x (3, 3, 0), rest (7, 1, 0): 8/sqrt(172)
        (ex.cls.written.id, "Explain", 3, 0.6, 1.0),  # s3's answer waits: x (5, 1), rest (5, 3)
    ]
    assert [(c.text, c.picked) for c in mcq.choices] == [("Right", 1), ("Wrong", 1), ("Also wrong", 0)]
    assert [(c.text, c.picked) for c in multi.choices] == [("Right", 2), ("Also right", 2), ("Wrong", 1)]
    assert essay.choices == ()


async def test_statistics_over_every_closed_attempt_for_average(container: Container) -> None:
    ex = await build_example(container, AttemptScoring.AVERAGE)
    stats = await container.get(QuizStatistics).execute(SYSTEM, ex.quiz)
    assert (stats.attempts, stats.average_score, stats.median_score) == (4, D("5.00"), D("5.00"))
    assert [q.attempts for q in stats.questions] == [4, 4, 4]
    empty = await add_quiz(container, ex.cls, AttemptScoring.LAST, ex.cls.mcq, title="Empty")
    await add_attempt(container, empty, ex.s1, 1, [answer_of(ex.cls.mcq, 1, ["Right"], awarded="2.00")], None)
    stats = await container.get(QuizStatistics).execute(SYSTEM, empty)
    assert (stats.attempts, stats.average_score, stats.median_score) == (0, None, None)
    assert [(q.attempts, q.facility, q.discrimination) for q in stats.questions] == [(0, None, None)]
    assert (await container.get(QuizResults).execute(SYSTEM, empty, ALL)).total == 0
