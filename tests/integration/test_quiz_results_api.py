"""Quiz results and item analysis (§8.1): the reader's contract over memory, SQLite and PostgreSQL, and
the HTTP endpoints on SQLite and PostgreSQL, against the hand-computed example of
``tests/support/quiz_results.py``."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from edutrack.adapters.memory.quiz_results import MemoryQuizResultsReader
from edutrack.adapters.sql.readers.quiz_results import SqlQuizResultsReader
from edutrack.composition import Container
from edutrack.core.entities.quizzes import AttemptScoring
from edutrack.core.policies.item_analysis import discrimination, facility
from edutrack.ports.quiz_results import QuizResultsReader
from edutrack.ports.readers import PageRequest
from tests.support.courses import TEACHER_PASSWORD
from tests.support.homework import ASSISTANT, STUDENT_PASSWORD
from tests.support.http import FORBIDDEN, NOT_FOUND, HeadersFor
from tests.support.questions import add_question
from tests.support.quiz_results import add_attempt, add_quiz, answer_of, build_example

pytestmark = pytest.mark.anyio

BEST, LAST, AVERAGE = AttemptScoring.BEST, AttemptScoring.LAST, AttemptScoring.AVERAGE
ALL = PageRequest(offset=0, limit=None)


def _reader(container: Container) -> QuizResultsReader:
    return container.pick(MemoryQuizResultsReader, SqlQuizResultsReader)


def _d(value: str) -> Decimal:
    return Decimal(value)


async def test_reader_contract(contract_container: Container) -> None:
    c = contract_container
    ex = await build_example(c)
    reader = _reader(c)
    mcq, multi, essay = (q.id for q in ex.questions)

    page = await reader.results(ex.quiz, BEST, ALL)
    assert page.total == 3
    got = [
        (r.student_id, r.attempts, r.scored_attempts, r.score_total, r.max_score_total) for r in page.items
    ]
    assert got == [
        (ex.s1.id, 2, 1, _d("10"), _d("10")),
        (ex.s2.id, 1, 1, _d("4"), _d("10")),
        (ex.s3.id, 1, 1, _d("0"), _d("10")),
    ]
    assert page.items[0].last_submitted_at == ex.start + timedelta(minutes=4)
    assert [r.student_code for r in page.items] == [ex.s1.code, ex.s2.code, ex.s3.code]
    second = await reader.results(ex.quiz, BEST, PageRequest(offset=1, limit=1))
    assert (second.total, [r.student_id for r in second.items]) == (3, [ex.s2.id])
    last = (await reader.results(ex.quiz, LAST, ALL)).items[0]
    assert (last.score_total, last.scored_attempts) == (_d("6"), 1)
    average = (await reader.results(ex.quiz, AVERAGE, ALL)).items[0]
    assert (average.score_total, average.max_score_total, average.scored_attempts) == (_d("16"), _d("20"), 2)

    points = await reader.points_by_question(ex.quiz, BEST)
    s1 = points[ex.s1.id]
    assert (s1[mcq].total, s1[multi].total, s1[essay].total) == (_d("2"), _d("3"), _d("5"))
    s3 = points[ex.s3.id]
    assert (s3[mcq].answered, s3[essay].waiting, s3[multi].total) == (0, 1, _d("0"))
    mean_of = (await reader.points_by_question(ex.quiz, AVERAGE))[ex.s1.id][multi]
    assert (mean_of.count, mean_of.answered, mean_of.total) == (2, 2, _d("3"))

    summary = await reader.score_summary(ex.quiz, BEST)
    assert (summary.attempts, summary.total, summary.median_low, summary.median_high) == (
        3, _d("14"), _d("4"), _d("4")
    )  # fmt: skip
    summary = await reader.score_summary(ex.quiz, AVERAGE)
    assert (summary.attempts, summary.total, summary.median_low, summary.median_high) == (
        4, _d("20"), _d("4"), _d("6")
    )  # fmt: skip

    analysis = await reader.item_analysis(ex.quiz, BEST)
    sums = {row.question_id: row for row in analysis.questions}
    assert {q: (r.attempts, r.sums.n) for q, r in sums.items()} == {mcq: (3, 3), multi: (3, 3), essay: (3, 2)}
    assert [facility(sums[q].sums) for q in (mcq, multi, essay)] == [0.3333, 0.6667, 0.6]
    assert [discrimination(sums[q].sums) for q in (mcq, multi, essay)] == [0.866, 0.61, 1.0]

    text = {c.id: c.text for q in ex.questions for c in q.choices}
    picks = {(p.question_id, text[p.choice_id]): p.picked for p in analysis.picks}
    assert picks == {(mcq, "Right"): 1, (mcq, "Wrong"): 1, (multi, "Right"): 2, (multi, "Also right"): 2,
                     (multi, "Wrong"): 1}  # fmt: skip
    average = {p.choice_id: p.picked for p in (await reader.item_analysis(ex.quiz, AVERAGE)).picks}
    assert {text[c]: n for c, n in average.items() if c in {c.id for c in ex.cls.multi.choices}} == {
        "Right": 2, "Also right": 2, "Wrong": 2
    }  # fmt: skip
    right, wrong = (c.id or 0 for c in ex.cls.mcq.choices[:2])
    texts = await reader.choice_texts(ex.quiz, BEST, [(mcq, right), (mcq, wrong), (multi, right)])
    assert texts == {(mcq, right): "Right", (mcq, wrong): "Wrong"}
    assert await reader.choice_texts(ex.quiz, BEST, []) == {}

    empty = await reader.results(999999, BEST, ALL)
    assert (empty.total, empty.items) == (0, [])
    assert (await reader.score_summary(999999, BEST)).attempts == 0


# --- over HTTP, on SQLite and PostgreSQL ---------------------------------------------------------------


def _url(quiz: int, what: str) -> str:
    return f"/learning/quizzes/{quiz}/{what}/"


async def test_results_csv_and_statistics_over_http(
    client: httpx.AsyncClient, container: Container, headers_for: HeadersFor
) -> None:
    ex = await build_example(container, logins=True)
    teacher = await headers_for("mr_ahmed", TEACHER_PASSWORD)
    other = await headers_for("ms_mona", TEACHER_PASSWORD)
    assistant = await headers_for(ASSISTANT, TEACHER_PASSWORD)
    student = await headers_for(ex.s1.username, STUDENT_PASSWORD)
    for what in ("results", "statistics"):
        assert (await client.get(_url(ex.quiz, what), headers=other)).json() == FORBIDDEN
        assert (await client.get(_url(ex.quiz, what), headers=student)).status_code == 403
        assert (await client.get(_url(999999, what), headers=teacher)).json() == NOT_FOUND
    assert (await client.get(_url(ex.quiz, "results") + "?format=csv", headers=other)).status_code == 403

    page = (await client.get(_url(ex.quiz, "results") + "?page_size=2", headers=assistant)).json()
    assert (page["count"], page["previous"]) == (3, None) and "page=2" in page["next"]
    first = page["results"][0]
    assert first == {
        "student": ex.s1.id,
        "student_name": ex.s1.name,
        "student_code": ex.s1.code,
        "attempts": 2,
        "score": "10.00",
        "max_score": "10.00",
        "percentage": "100.00",
        "passed": True,
        "last_submitted_at": first["last_submitted_at"],
    }
    assert [r["student"] for r in page["results"]] == [ex.s1.id, ex.s2.id]

    exported = await client.get(_url(ex.quiz, "results") + "?format=csv", headers=teacher)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert f'filename="quiz-{ex.quiz}-results.csv"' in exported.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(exported.text)))
    mcq, multi, essay = (q.id for q in ex.questions)
    assert table[0][-3:] == [f"Q1 (#{mcq})", f"Q2 (#{multi})", f"Q3 (#{essay})"]
    assert [row[-3:] for row in table[1:]] == [
        ["2.00", "3.00", "5.00"],
        ["0.00", "3.00", "1.00"],
        ["", "0.00", ""],
    ]
    bad = await client.get(_url(ex.quiz, "results") + "?format=xml", headers=teacher)
    assert bad.status_code == 400 and "format" in bad.json()

    stats = (await client.get(_url(ex.quiz, "statistics"), headers=teacher)).json()
    assert (stats["attempts"], stats["average_score"], stats["median_score"]) == (3, "4.67", "4.00")
    assert [
        (q["question"], q["attempts"], q["facility"], q["discrimination"]) for q in stats["questions"]
    ] == [
        (mcq, 3, 0.3333, 0.866),
        (multi, 3, 0.6667, 0.61),
        (essay, 3, 0.6, 1.0),
    ]
    assert stats["questions"][1]["choices"] == [
        {"id": c.id, "text": c.text, "picked": n}
        for c, n in zip(ex.cls.multi.choices, (2, 2, 1), strict=True)
    ]


async def test_statement_counts_do_not_grow_with_attempts_or_questions(
    client: httpx.AsyncClient,
    container: Container,
    headers_for: HeadersFor,
    count_queries: Callable[..., Any],
) -> None:
    ex = await build_example(container, logins=True)
    teacher = await headers_for("mr_ahmed", TEACHER_PASSWORD)
    paths = {
        "results": lambda quiz: _url(quiz, "results"),
        "csv": lambda quiz: _url(quiz, "results") + "?format=csv",
        "statistics": lambda quiz: _url(quiz, "statistics"),
    }

    async def counts(quiz: int) -> dict[str, int]:
        found = {}
        for name, path in paths.items():
            with count_queries() as counter:
                response = await client.get(path(quiz), headers=teacher)
            assert response.status_code == 200, response.text
            found[name] = counter.count
        return found

    small = await counts(ex.quiz)
    # a second quiz with one more question and more attempts of more students
    extra = await add_question(
        container, teacher_id=ex.cls.world.teacher, subject_id=ex.cls.world.math, text="More"
    )
    questions = (*ex.questions, extra)
    bigger = await add_quiz(container, ex.cls, AttemptScoring.AVERAGE, *questions, title="Bigger")
    when = ex.start
    for n, student in enumerate((ex.s1, ex.s2, ex.s3, ex.s4)):
        for number in (1, 2):
            answers = [
                answer_of(q, k, ["Right"], awarded=str(q.points))
                if q.choices
                else answer_of(q, k, written="w", awarded="1")
                for k, q in enumerate(questions, start=1)
            ]
            await add_attempt(
                container, bigger, student, number, answers, when + timedelta(minutes=n * 2 + number)
            )
    assert await counts(bigger) == small, (small, await counts(bigger))
