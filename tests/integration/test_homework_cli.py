"""``edutrack homework results --homework ID --csv FILE``, run in-process against a fresh SQLite file
(synchronous: ``main()`` starts its own event loops)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TypeVar

import pytest

from edutrack.composition import Container
from edutrack.entrypoints.cli.main import main
from tests.support.cli import with_container
from tests.support.homework import add_homework, build_class, right, submit, written

T = TypeVar("T")


def test_results_csv_has_a_row_per_student_and_a_column_per_question(
    migrated: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async def seed(container: Container) -> tuple[int, list[int], str]:
        cls = await build_class(container)
        homework = await add_homework(container, cls, cls.mcq, cls.written)
        await submit(container, cls.student, homework, right(cls.mcq), written(cls.written))
        return homework, [cls.mcq.id or 0, cls.written.id or 0], cls.student.code

    homework, questions, code = with_container(seed)
    target = tmp_path / "out" / "results.csv"
    target.parent.mkdir()
    assert main(["homework", "results", "--homework", str(homework), "--csv", str(target)]) == 0
    assert json.loads(capsys.readouterr().out) == {"homework": homework, "csv": str(target), "rows": 1}
    with target.open(newline="", encoding="utf-8") as handle:
        header, row = list(csv.reader(handle))
    assert header == [
        "student",
        "student_name",
        "student_code",
        "attempts",
        "score",
        "max_score",
        "percentage",
        "passed",
        "last_submitted_at",
        f"Q1 (#{questions[0]})",
        f"Q2 (#{questions[1]})",
    ]
    assert (row[2], row[3], row[4], row[5], row[6], row[7], row[-2:]) == (
        code,
        "1",
        "2.00",
        "7.00",
        "28.57",
        "",
        ["2.00", ""],
    )


def test_an_unknown_homework_fails_and_writes_nothing(
    migrated: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "none.csv"
    assert main(["homework", "results", "--homework", "99", "--csv", str(target)]) == 1
    assert not target.exists()
    assert main(["homework", "results", "--homework", "0", "--csv", str(target)]) == 2


def test_demo_data_gives_every_demo_teacher_a_submitted_homework(migrated: str) -> None:
    from edutrack.entrypoints.cli import demo_data, demo_homework, demo_people

    async def load_twice(container: Container) -> tuple[dict[str, int], dict[str, int]]:
        return await demo_data.load_demo_data(container), await demo_data.load_demo_data(container)

    first, second = with_container(load_twice)
    assert first[demo_homework.HOMEWORKS] == len(demo_people.TEACHER_SEEDS)
    assert first[demo_homework.SUBMISSIONS] >= first[demo_homework.HOMEWORKS]
    assert second[demo_homework.HOMEWORKS] == second[demo_homework.SUBMISSIONS] == 0
