"""``edutrack quizzes results --quiz ID --csv FILE`` and the demo quizzes, run in-process against a fresh
SQLite file (synchronous: ``main()`` starts its own event loops)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from edutrack.composition import Container
from edutrack.entrypoints.cli.main import main
from tests.support.cli import with_container
from tests.support.quiz_results import build_example


def test_results_csv_and_an_unknown_quiz(
    migrated: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async def seed(container: Container) -> tuple[int, str]:
        ex = await build_example(container)
        return ex.quiz, ex.s1.code

    quiz, code = with_container(seed)
    target = tmp_path / "results.csv"
    assert main(["quizzes", "results", "--quiz", str(quiz), "--csv", str(target)]) == 0
    assert json.loads(capsys.readouterr().out) == {"quiz": quiz, "csv": str(target), "rows": 3}
    with target.open(newline="", encoding="utf-8") as handle:
        header, first, *_ = list(csv.reader(handle))
    assert header[-3].startswith("Q1 (#") and (first[2], first[4], first[-3:]) == (
        code,
        "10.00",
        ["2.00", "3.00", "5.00"],
    )
    missing = tmp_path / "none.csv"
    assert main(["quizzes", "results", "--quiz", "99", "--csv", str(missing)]) == 1
    assert not missing.exists()


def test_demo_data_gives_every_demo_teacher_a_quiz_with_attempts_in_every_state(migrated: str) -> None:
    from edutrack.core.entities.quizzes import AttemptStatus, ClosedBy
    from edutrack.entrypoints.cli import demo_data, demo_people, demo_quizzes
    from edutrack.ports.quiz_attempts import AttemptFilter, QuizAttemptReader
    from edutrack.ports.quizzes import QuizFilter, QuizReader
    from edutrack.ports.readers import PageRequest

    Found = list[set[tuple[str, str | None]]]

    async def load_twice(container: Container) -> tuple[dict[str, int], dict[str, int], Found]:
        first, second = await demo_data.load_demo_data(container), await demo_data.load_demo_data(container)
        every = PageRequest(offset=0, limit=None)
        quizzes = await container.get(QuizReader).list(QuizFilter(search=demo_quizzes.TITLE), every)
        found = []
        for quiz in quizzes.items:
            attempts = await container.get(QuizAttemptReader).list(AttemptFilter(quiz_id=quiz.id), every)
            found.append(
                {(a.status.value, a.closed_by.value if a.closed_by else None) for a in attempts.items}
            )
        return first, second, found

    first, second, found = with_container(load_twice)
    assert first[demo_quizzes.QUIZZES] == len(found) == len(demo_people.TEACHER_SEEDS)
    assert second[demo_quizzes.QUIZZES] == second[demo_quizzes.ATTEMPTS] == 0
    every_state = {
        (AttemptStatus.GRADED.value, ClosedBy.STUDENT.value),
        (AttemptStatus.SUBMITTED.value, ClosedBy.STUDENT.value),  # a written answer waits
        (AttemptStatus.IN_PROGRESS.value, None),
        (AttemptStatus.GRADED.value, ClosedBy.TIMER.value),
    }
    assert found == [every_state] * len(found)
