"""Homework over HTTP (Teacher API §9, issue #12), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from tests.support.courses import TEACHER_PASSWORD
from tests.support.homework import (
    ASSISTANT,
    STUDENT_PASSWORD,
    Class,
    add_homework,
    build_class,
    right,
    submit,
    written,
)
from tests.support.http import FORBIDDEN, NOT_FOUND, OWNER_PASSWORD, HeadersFor

pytestmark = pytest.mark.anyio

LIST = "/learning/homeworks/"
ROW_FIELDS = {
    "id", "lecture", "lecture_name", "course", "course_name", "title", "description", "is_active",
    "is_published", "total_points", "question_count", "open_date", "close_date", "created_at",
    "updated_at", "my_submission",
}  # fmt: skip


def detail(homework: int) -> str:
    return f"{LIST}{homework}/"


def submission_url(submission: int) -> str:
    return f"/learning/homework-submissions/{submission}/"


@dataclass
class Scene:
    cls: Class
    teacher: dict[str, str]
    other: dict[str, str]
    assistant: dict[str, str]
    owner: dict[str, str]
    student: dict[str, str]
    stranger: dict[str, str]


@pytest.fixture
async def scene(container: Container, headers_for: HeadersFor) -> Scene:
    cls = await build_class(container, logins=True)
    return Scene(
        cls=cls,
        teacher=await headers_for("mr_ahmed", TEACHER_PASSWORD),
        other=await headers_for("ms_mona", TEACHER_PASSWORD),
        assistant=await headers_for(ASSISTANT, TEACHER_PASSWORD),
        owner=await headers_for("root_owner", OWNER_PASSWORD),
        student=await headers_for(cls.student.username, STUDENT_PASSWORD),
        stranger=await headers_for(cls.stranger.username, STUDENT_PASSWORD),
    )


async def _count(client: httpx.AsyncClient, scene: Scene) -> int:
    return int((await client.get(LIST, headers=scene.owner)).json()["count"])


async def test_staff_create_read_update_and_delete(client: httpx.AsyncClient, scene: Scene) -> None:
    cls = scene.cls
    body = {
        "lecture": cls.lecture,
        "title": "Week 1",
        "description": "Do it",
        "model_answer": "42",
        "is_published": True,
        "open_date": "2026-01-01T00:00:00Z",
        "close_date": "2030-01-01T00:00:00",
        "question_ids": [cls.multi.id, cls.mcq.id],
    }
    created = await client.post(LIST, json=body, headers=scene.assistant)
    assert created.status_code == 201, created.text
    item = created.json()
    assert set(item) == ROW_FIELDS | {"model_answer", "questions"}
    assert (item["total_points"], item["question_count"], item["my_submission"]) == (5, 2, None)
    assert item["close_date"].startswith("2030-01-01T00:00:00") and item["course"] == cls.course
    first = item["questions"][0]
    assert (first["question"], first["order"], first["effective_points"], first["points_override"]) == (
        cls.multi.id,
        1,
        3,
        None,
    )
    assert [c["is_correct"] for c in first["choices"]] == [True, True, False]
    assert (await client.get(detail(item["id"]), headers=scene.teacher)).json() == item
    listed = await client.get(LIST, headers=scene.teacher)
    assert listed.json()["count"] == 1 and set(listed.json()["results"][0]) == ROW_FIELDS
    changed = await client.put(
        detail(item["id"]),
        json={"title": "Week 1 (v2)", "question_ids": [cls.written.id]},
        headers=scene.teacher,
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["title"], changed.json()["description"], changed.json()["total_points"]) == (
        "Week 1 (v2)",
        "Do it",
        5,
    )
    for headers in (scene.other,):
        assert (await client.get(detail(item["id"]), headers=headers)).json() == FORBIDDEN
        assert (await client.put(detail(item["id"]), json={"title": "x"}, headers=headers)).status_code == 403
        assert (await client.delete(detail(item["id"]), headers=headers)).status_code == 403
        assert (await client.get(detail(item["id"]) + "submissions/", headers=headers)).status_code == 403
        assert (await client.get(detail(item["id"]) + "results/", headers=headers)).status_code == 403
    assert (await client.get(LIST, headers=scene.other)).json()["count"] == 0
    assert (await client.post(LIST, json=body, headers=scene.other)).json() == FORBIDDEN
    assert (await client.post(LIST, json=body, headers=scene.student)).status_code == 403
    assert (await client.delete(detail(item["id"]), headers=scene.teacher)).status_code == 204
    assert (await client.get(detail(item["id"]), headers=scene.owner)).json() == NOT_FOUND


async def test_bad_bodies_are_field_errors_and_write_nothing(client: httpx.AsyncClient, scene: Scene) -> None:
    cls = scene.cls
    cases: list[tuple[dict[str, Any], dict[str, list[str]]]] = [
        (
            {"lecture": "x", "title": 5, "is_active": "maybe", "question_ids": "1"},
            {
                "lecture": ["A valid integer is required."],
                "title": ["Not a valid string."],
                "is_active": ["Must be a valid boolean."],
                "question_ids": ["Expected a list of items."],
            },
        ),
        ({"title": "x"}, {"lecture": ["This field is required."]}),
        (
            {
                "lecture": cls.lecture,
                "title": "x",
                "open_date": "2026-05-02T00:00:00Z",
                "close_date": "2026-05-01T00:00:00Z",
            },
            {"close_date": ["Close date must be after open date."]},
        ),
        (
            {"lecture": cls.lecture, "title": "x", "question_ids": [cls.foreign.id]},
            {"question_ids": [f'Invalid pk "{cls.foreign.id}" - object does not exist.']},
        ),
        (
            {"lecture": 99999, "title": " "},
            {
                "lecture": ['Invalid pk "99999" - object does not exist.'],
                "title": ["This field may not be blank."],
            },
        ),
    ]
    for body, expected in cases:
        response = await client.post(LIST, json=body, headers=scene.teacher)
        assert (response.status_code, response.json()) == (400, expected), body
    # a datetime that is not ISO 8601: DRF's words, not msgspec's
    bad_date = await client.post(
        LIST, json={"lecture": cls.lecture, "title": "x", "open_date": "soon"}, headers=scene.teacher
    )
    assert (bad_date.status_code, bad_date.json()) == (
        400,
        {
            "open_date": [
                "Datetime has wrong format. Use one of these formats instead:"
                " YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
            ]
        },
    )
    assert await _count(client, scene) == 0
    status = await client.get(detail(1) + "submissions/?status=done", headers=scene.teacher)
    assert status.status_code in (400, 404)


async def test_students_see_their_homework_without_the_answers(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    cls = scene.cls
    homework = await add_homework(container, cls, cls.mcq, cls.written)
    await add_homework(container, cls, cls.mcq, title="Draft", published=False)
    hidden = await add_homework(container, cls, cls.mcq, lecture=cls.closed_lecture)
    listed = (await client.get(LIST, headers=scene.student)).json()
    assert [r["id"] for r in listed["results"]] == [homework] and listed["results"][0][
        "my_submission"
    ] is None
    assert (await client.get(LIST, headers=scene.stranger)).json()["count"] == 0
    assert (await client.get(detail(hidden), headers=scene.student)).json() == NOT_FOUND
    seen = (await client.get(detail(homework), headers=scene.student)).json()
    assert seen["model_answer"] is None
    assert all("is_correct" not in c for q in seen["questions"] for c in q["choices"])
    answers = {"answers": [{"question": cls.mcq.id, "selected_choices": [cls.mcq.choices[0].id]}]}
    submitted = await client.post(detail(homework) + "submit/", json=answers, headers=scene.student)
    assert submitted.status_code == 201, submitted.text
    again = (await client.get(detail(homework), headers=scene.student)).json()
    assert (again["model_answer"], again["my_submission"]) == ("The model answer", submitted.json()["id"])
    twice = await client.post(detail(homework) + "submit/", json=answers, headers=scene.student)
    assert (twice.status_code, twice.json()) == (400, {"error": "You have already submitted this homework."})


async def test_submit_grade_notify_list_and_export(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    cls = scene.cls
    homework = await add_homework(container, cls, cls.mcq, cls.multi, cls.written)
    foreign_choice = cls.multi.choices[0].id
    bad = await client.post(
        detail(homework) + "submit/",
        json={
            "answers": [{"question": cls.mcq.id, "selected_choices": [foreign_choice]}, {"question": 999999}]
        },
        headers=scene.student,
    )
    assert (bad.status_code, bad.json()) == (
        400,
        {
            "answers": [
                f"Answer 1: choice {foreign_choice} is not a choice of question {cls.mcq.id}.",
                "Answer 2: question 999999 is not a question of this homework.",
            ]
        },
    )
    wrong_type = await client.post(
        detail(homework) + "submit/", json={"answers": [{"question": "x"}]}, headers=scene.student
    )
    assert (wrong_type.status_code, wrong_type.json()) == (400, {"answers": ["A valid integer is required."]})
    assert (await client.get(detail(homework) + "results/", headers=scene.teacher)).json()["count"] == 0
    body = {
        "answers": [
            {"question": cls.mcq.id, "selected_choices": [cls.mcq.choices[0].id]},
            {"question": cls.written.id, "written_answer": "Because of gravity"},
        ]
    }
    response = await client.post(detail(homework) + "submit/", json=body, headers=scene.student)
    assert response.status_code == 201, response.text
    mine = response.json()
    assert (mine["score"], mine["max_score"], mine["percentage"], mine["status"], mine["passed"]) == (
        "2.00",
        "10.00",
        "20.00",
        "submitted",
        None,
    )
    essay = next(a for a in mine["answers"] if a["question"] == cls.written.id)
    assert (essay["is_correct"], essay["points_awarded"]) == (None, None)
    url = submission_url(mine["id"])
    assert (await client.get(url, headers=scene.stranger)).json() == NOT_FOUND
    assert (await client.get(url, headers=scene.other)).json() == FORBIDDEN
    grade = {"answer_id": essay["id"], "score_override": "4.5", "feedback": "Nice"}
    assert (await client.post(url + "grade-written/", json=grade, headers=scene.other)).status_code == 403
    not_written = {"answer_id": mine["answers"][0]["id"], "score_override": 1}
    refused = await client.post(url + "grade-written/", json=not_written, headers=scene.teacher)
    assert refused.json() == {"answer_id": ["This answer is not a written answer."]}
    too_many = await client.post(
        url + "grade-written/", json={**grade, "score_override": "1.234"}, headers=scene.teacher
    )
    assert too_many.status_code == 400 and "score_override" in too_many.json()
    graded = await client.post(url + "grade-written/", json=grade, headers=scene.teacher)
    assert graded.status_code == 200, graded.text
    assert (graded.json()["score"], graded.json()["status"]) == ("6.50", "graded")
    notes = (await client.get("/notifications/", headers=scene.student)).json()["results"]
    assert notes[0]["notification_type"] == "written_answer_graded"
    assert notes[0]["metadata"]["submission_id"] == mine["id"]
    rows = await client.get(detail(homework) + "submissions/", headers=scene.assistant)
    assert rows.json()["count"] == 1
    assert "answers" not in rows.json()["results"][0]
    for student in (cls.student.code, str(cls.student.id)):
        found = await client.get(detail(homework) + f"submissions/?student={student}", headers=scene.teacher)
        assert found.json()["count"] == 1
    other = await client.get(
        detail(homework) + f"submissions/?student={cls.stranger.code}", headers=scene.teacher
    )
    assert other.json()["count"] == 0
    assert (
        await client.get(detail(homework) + "submissions/?status=submitted", headers=scene.teacher)
    ).json()["count"] == 0
    unknown = await client.get(detail(homework) + "submissions/?status=done", headers=scene.teacher)
    assert unknown.json() == {"status": ["Select a valid choice. done is not one of the available choices."]}
    results = (await client.get(detail(homework) + "results/", headers=scene.teacher)).json()
    assert results["results"] == [
        {
            "student": cls.student.id,
            "student_name": cls.student.name,
            "student_code": cls.student.code,
            "attempts": 1,
            "score": "6.50",
            "max_score": "10.00",
            "percentage": "65.00",
            "passed": None,
            "last_submitted_at": mine["submitted_at"],
        }
    ]
    exported = await client.get(detail(homework) + "results/?format=csv", headers=scene.teacher)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(exported.text)))
    assert table[0][-3:] == [f"Q1 (#{cls.mcq.id})", f"Q2 (#{cls.multi.id})", f"Q3 (#{cls.written.id})"]
    assert table[1][:3] == [str(cls.student.id), cls.student.name, cls.student.code]
    assert table[1][-3:] == ["2.00", "", "4.50"]
    staff_view = (await client.get(url, headers=scene.teacher)).json()
    assert staff_view["model_answer"] == "The model answer"
    assert [c["is_correct"] for c in staff_view["questions"][0]["choices"]] == [True, False, False]


async def test_lists_take_a_fixed_number_of_statements(
    client: httpx.AsyncClient, container: Container, scene: Scene, count_queries: Callable[..., Any]
) -> None:
    cls = scene.cls
    homework = 0
    for n in range(4):
        homework = await add_homework(container, cls, cls.mcq, cls.written, title=f"HW {n}")
    await submit(container, cls.student, homework, right(cls.mcq), written(cls.written))
    counts: dict[str, list[int]] = {}
    for size in (1, 4):
        for name, path, headers in (
            ("homeworks", LIST, scene.teacher),
            ("student", LIST, scene.student),
            ("submissions", detail(homework) + "submissions/", scene.teacher),
            ("results", detail(homework) + "results/", scene.teacher),
        ):
            with count_queries() as counter:
                response = await client.get(f"{path}?page_size={size}", headers=headers)
            assert response.status_code == 200, response.text
            counts.setdefault(name, []).append(counter.count)
    assert all(a == b for a, b in counts.values()), counts


async def test_a_detail_is_three_statements_whatever_the_number_of_questions(
    client: httpx.AsyncClient, container: Container, scene: Scene, count_queries: Callable[..., Any]
) -> None:
    """The principal, the homework's row, and its questions joined with their choices (ADR 0016): for
    staff, and for a student with access (whose access is the fourth)."""
    cls = scene.cls
    found: dict[str, list[int]] = {}
    for questions in ((cls.mcq,), (cls.mcq, cls.written)):
        homework = await add_homework(container, cls, *questions)
        for name, headers in (("staff", scene.teacher), ("student", scene.student)):
            with count_queries() as counter:
                response = await client.get(detail(homework), headers=headers)
            assert response.status_code == 200, response.text
            assert [len(q["choices"]) for q in response.json()["questions"]] == [3, 0][: len(questions)]
            found.setdefault(name, []).append(counter.count)
    assert found == {"staff": [3, 3], "student": [4, 4]}, found


async def test_the_window_is_enforced(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    cls = scene.cls
    now = container.clock.now()
    later = await add_homework(container, cls, cls.mcq, open_date=now + timedelta(days=1))
    over = await add_homework(container, cls, cls.mcq, close_date=now - timedelta(minutes=1))
    body: dict[str, Any] = {"answers": []}
    early = await client.post(detail(later) + "submit/", json=body, headers=scene.student)
    assert (early.status_code, early.json()) == (400, {"error": "This homework is not open yet."})
    late = await client.post(detail(over) + "submit/", json=body, headers=scene.student)
    assert (late.status_code, late.json()) == (400, {"error": "This homework is closed."})
