"""The item analysis answers byte for byte what it answered before the statistics were made cheap
(issue #13: one pass over the answers, the picks stored on the answer row): the exact body of
``/learning/quizzes/{id}/statistics/`` and of the results CSV, for ``best``, ``last`` and ``average``
scoring, on SQLite and PostgreSQL, over the hand-computed example of ``tests/support/quiz_results.py``
plus second attempts that pick a choice no longer in the bank (two snapshot texts of it), a written answer
graded with a fraction of its points and one still waiting."""

from __future__ import annotations

from datetime import timedelta
from string import Template

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.entities.homework import AnswerChoice
from edutrack.core.entities.questions import Question
from edutrack.core.entities.quizzes import AttemptScoring, QuizAnswer
from tests.support.courses import TEACHER_PASSWORD
from tests.support.http import HeadersFor
from tests.support.quiz_results import Example, add_attempt, answer_of, build_example

pytestmark = pytest.mark.anyio

REMOVED = 900_001  # a bank choice id no bank holds: picked in snapshots, then deleted from the bank


def _with_removed(answer: QuizAnswer, text: str) -> QuizAnswer:
    """The answer with one more snapshot choice, selected, that the bank no longer has."""
    answer.choices = [
        *[AnswerChoice(c.choice_id, c.text, is_correct=c.is_correct, order=c.order) for c in answer.choices],
        AnswerChoice(REMOVED, text, is_correct=False, order=9, selected=True),
    ]
    answer.answered = True
    return answer


async def _more_attempts(container: Container, ex: Example) -> None:
    mcq, multi, essay = ex.questions
    at = ex.start + timedelta(minutes=6)

    def of(q: Question, order: int, **kw: object) -> QuizAnswer:
        return answer_of(q, order, when=at, **kw)  # type: ignore[arg-type]

    # s2's second attempt: the removed choice ("Removed B"), multi right, written graded 2.5 -> 5.50
    await add_attempt(
        container,
        ex.quiz,
        ex.s2,
        2,
        [
            _with_removed(of(mcq, 1, awarded="0.00"), "Removed B"),
            of(multi, 2, picked=["Right", "Also right"], awarded="3.00"),
            of(essay, 3, written="w", awarded="2.50"),
        ],
        at,
    )
    # s3's second attempt: the removed choice again ("Removed A"), multi half picked, written waiting
    await add_attempt(
        container,
        ex.quiz,
        ex.s3,
        2,
        [
            _with_removed(of(mcq, 1, awarded="0.00"), "Removed A"),
            of(multi, 2, picked=["Also right"], awarded="0.00"),
            of(essay, 3, written="w"),
        ],
        at + timedelta(minutes=1),
    )


HEADER = (
    "student,student_name,student_code,attempts,score,max_score,percentage,passed,last_submitted_at,"
    "Q1 (#$mcq),Q2 (#$multi),Q3 (#$essay)\r\n"
)
PINNED = {
    (AttemptScoring.BEST, "stats"): (
        '{"attempts":3,"average_score":"5.17","median_score":"5.50","questions":[{"question":$mcq,"text":'
        '"Pick one","attempts":3,"facility":0.3333,"discrimination":0.7406,"choices":[{"id":$mcq0,"text":'
        '"Right","picked":1},{"id":$mcq1,"text":"Wrong","picked":0},{"id":$mcq2,"text":"Also wrong","pick'
        'ed":0},{"id":$removed,"text":"Removed B","picked":1}]},{"question":$multi,"text":"Pick two","att'
        'empts":3,"facility":0.6667,"discrimination":0.7731,"choices":[{"id":$multi0,"text":"Right","pick'
        'ed":2},{"id":$multi1,"text":"Also right","picked":2},{"id":$multi2,"text":"Wrong","picked":1}]},'
        '{"question":$essay,"text":"Explain","attempts":3,"facility":0.75,"discrimination":1.0,"choices":'
        "[]}]}"
    ),
    (AttemptScoring.BEST, "csv"): (
        HEADER + "$s1,Pupil 1,P00000001,2,10.00,10.00,100.00,true,$t1,2.00,3.00,5.00\r\n"
        "$s2,Pupil 2,P00000002,2,5.50,10.00,55.00,true,$t2,0.00,3.00,2.50\r\n"
        "$s3,Pupil 3,P00000003,2,0.00,10.00,0.00,false,$t3,,0.00,\r\n"
    ),
    (AttemptScoring.LAST, "stats"): (
        '{"attempts":3,"average_score":"3.83","median_score":"5.50","questions":[{"question":$mcq,"text":'
        '"Pick one","attempts":3,"facility":0.3333,"discrimination":0.2538,"choices":[{"id":$mcq0,"text":'
        '"Right","picked":1},{"id":$mcq1,"text":"Wrong","picked":0},{"id":$mcq2,"text":"Also wrong","pick'
        'ed":0},{"id":$removed,"text":"Removed B","picked":2}]},{"question":$multi,"text":"Pick two","att'
        'empts":3,"facility":0.3333,"discrimination":-0.0958,"choices":[{"id":$multi0,"text":"Right","pic'
        'ked":1},{"id":$multi1,"text":"Also right","picked":2},{"id":$multi2,"text":"Wrong","picked":1}]}'
        ',{"question":$essay,"text":"Explain","attempts":3,"facility":0.65,"discrimination":-1.0,"choices'
        '":[]}]}'
    ),
    (AttemptScoring.LAST, "csv"): (
        HEADER + "$s1,Pupil 1,P00000001,2,6.00,10.00,60.00,true,$t1,2.00,0.00,4.00\r\n"
        "$s2,Pupil 2,P00000002,2,5.50,10.00,55.00,true,$t2,0.00,3.00,2.50\r\n"
        "$s3,Pupil 3,P00000003,2,0.00,10.00,0.00,false,$t3,0.00,0.00,\r\n"
    ),
    (AttemptScoring.AVERAGE, "stats"): (
        '{"attempts":6,"average_score":"4.25","median_score":"4.75","questions":[{"question":$mcq,"text":'
        '"Pick one","attempts":6,"facility":0.3333,"discrimination":0.5967,"choices":[{"id":$mcq0,"text":'
        '"Right","picked":2},{"id":$mcq1,"text":"Wrong","picked":1},{"id":$mcq2,"text":"Also wrong","pick'
        'ed":0},{"id":$removed,"text":"Removed B","picked":2}]},{"question":$multi,"text":"Pick two","att'
        'empts":6,"facility":0.5,"discrimination":0.2683,"choices":[{"id":$multi0,"text":"Right","picked"'
        ':3},{"id":$multi1,"text":"Also right","picked":4},{"id":$multi2,"text":"Wrong","picked":2}]},{"q'
        'uestion":$essay,"text":"Explain","attempts":6,"facility":0.625,"discrimination":0.4352,"choices"'
        ":[]}]}"
    ),
    (AttemptScoring.AVERAGE, "csv"): (
        HEADER + "$s1,Pupil 1,P00000001,2,8.00,10.00,80.00,true,$t1,2.00,1.50,4.50\r\n"
        "$s2,Pupil 2,P00000002,2,4.75,10.00,47.50,false,$t2,0.00,3.00,1.75\r\n"
        "$s3,Pupil 3,P00000003,2,0.00,10.00,0.00,false,$t3,0.00,0.00,\r\n"
    ),
}


@pytest.mark.parametrize("scoring", [AttemptScoring.BEST, AttemptScoring.LAST, AttemptScoring.AVERAGE])
async def test_statistics_and_csv_bodies_are_pinned(
    client: httpx.AsyncClient, container: Container, headers_for: HeadersFor, scoring: AttemptScoring
) -> None:
    ex = await build_example(container, scoring, logins=True)
    await _more_attempts(container, ex)
    teacher = await headers_for("mr_ahmed", TEACHER_PASSWORD)
    stats = await client.get(f"/learning/quizzes/{ex.quiz}/statistics/", headers=teacher)
    exported = await client.get(f"/learning/quizzes/{ex.quiz}/results/?format=csv", headers=teacher)
    assert stats.status_code == 200 and exported.status_code == 200
    ids = _ids(ex)
    assert stats.content.decode() == Template(PINNED[(scoring, "stats")]).substitute(ids)
    assert exported.content.decode() == Template(PINNED[(scoring, "csv")]).substitute(ids)


def _ids(ex: Example) -> dict[str, object]:
    mcq, multi, essay = ex.questions
    found = {
        "mcq": mcq.id,
        "multi": multi.id,
        "essay": essay.id,
        "s1": ex.s1.id,
        "s2": ex.s2.id,
        "s3": ex.s3.id,
    }
    for prefix, q in (("mcq", mcq), ("multi", multi)):
        for n, c in enumerate(q.choices):
            found[f"{prefix}{n}"] = c.id
    ids: dict[str, object] = {k: int(v or 0) for k, v in found.items()}
    ids["removed"] = REMOVED
    for name, minutes in (("t1", 4), ("t2", 6), ("t3", 7)):  # each student's last closed attempt
        ids[name] = (ex.start + timedelta(minutes=minutes)).isoformat()
    return ids
