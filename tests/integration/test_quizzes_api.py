"""Quizzes over HTTP (Teacher API §10, API supplement §8, issue #13), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.entities.quizzes import QuestionOrder
from tests.support.courses import TEACHER_PASSWORD
from tests.support.homework import ASSISTANT, STUDENT_PASSWORD
from tests.support.http import FORBIDDEN, NOT_FOUND, OWNER_PASSWORD, HeadersFor
from tests.support.quizzes import Class, add_quiz, build_class, quiz_with_questions, right, start, submit

pytestmark = pytest.mark.anyio

LIST = "/learning/quizzes/"
ATTEMPT_FIELDS = {
    "id", "quiz", "quiz_title", "student", "student_name", "student_code", "attempt_number", "status",
    "started_at", "deadline", "server_now", "submitted_at", "closed_by", "score", "max_score", "percentage",
    "passed",
}  # fmt: skip


def detail(quiz: int) -> str:
    return f"{LIST}{quiz}/"


def attempt_url(attempt: int) -> str:
    return f"/learning/quiz-submissions/{attempt}/"


def mcq_answer(question: Any, *, correct: bool = True) -> dict[str, Any]:
    choice = next(c for c in question.choices if c.is_correct == correct)
    return {"question": question.id, "selected_choices": [choice.id]}


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


async def test_staff_write_quizzes_and_bad_input_writes_nothing(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    cls = scene.cls
    body = {
        "lecture": cls.lecture,
        "title": "Midterm",
        "passing_score": "60",
        "is_published": True,
        "settings": {
            "timer_minutes": 30,
            "score_visibility": "manual",
            "question_order": "random",
            "allow_multiple_attempts": True,
            "max_attempts": 2,
            "attempt_scoring": "average",
            "close_date": "2030-01-01T00:00:00",
        },
        "question_ids": [cls.multi.id, cls.mcq.id],
    }
    created = await client.post(LIST, json=body, headers=scene.assistant)
    assert created.status_code == 201, created.text
    item = created.json()
    assert (item["passing_score"], item["total_points"], item["question_count"]) == ("60.00", 5, 2)
    settings = item["settings"]
    assert (settings["timer_minutes"], settings["score_visibility"], settings["answers_visibility"]) == (
        30,
        "manual",
        "after_close",
    )
    assert settings["close_date"].startswith("2030-01-01T00:00:00") and "attempts_used" not in item
    assert [c["is_correct"] for c in item["questions"][0]["choices"]] == [True, True, False]
    assert (await client.get(detail(item["id"]), headers=scene.teacher)).json() == item
    changed = await client.put(
        detail(item["id"]),
        json={"title": "Midterm 2", "settings": {"timer_minutes": 45}},
        headers=scene.teacher,
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["title"], changed.json()["settings"]["timer_minutes"]) == ("Midterm 2", 45)
    assert changed.json()["settings"]["max_attempts"] == 2
    student_view = (await client.get(detail(item["id"]), headers=scene.student)).json()
    assert student_view["questions"] == [] and student_view["attempts_allowed"] == 2
    assert (student_view["attempts_used"], student_view["in_progress_attempt"]) == (0, None)
    assert (await client.get(detail(item["id"]), headers=scene.stranger)).json() == NOT_FOUND
    for method, path in (("get", detail(item["id"])), ("delete", detail(item["id"]))):
        assert (await client.request(method, path, headers=scene.other)).json() == FORBIDDEN
    before = await _count(client, scene)
    bad = {
        **body,
        "title": " ",
        "settings": {
            "allow_multiple_attempts": False,
            "max_attempts": 3,
            "open_date": "2031-01-01T00:00:00Z",
            "close_date": "2030-01-01T00:00:00Z",
        },
        "question_ids": [cls.foreign.id],
    }
    refused = await client.post(LIST, json=bad, headers=scene.teacher)
    assert refused.status_code == 400
    assert set(refused.json()) == {"title", "max_attempts", "close_date", "question_ids"}
    for wrong_setting in ({"timer_minutes": 0}, {"score_visibility": "later"}, {"max_attempts": 101}):
        response = await client.post(LIST, json={**body, "settings": wrong_setting}, headers=scene.teacher)
        assert response.status_code == 400, response.text
    out_of_range = await client.post(LIST, json={**body, "passing_score": "100.5"}, headers=scene.teacher)
    assert out_of_range.status_code == 400 and "passing_score" in out_of_range.json()
    assert await _count(client, scene) == before
    assert (await client.post(LIST, json=body, headers=scene.other)).json() == FORBIDDEN
    assert (await client.post(LIST, json=body, headers=scene.student)).status_code == 403
    assert (await client.delete(detail(item["id"]), headers=scene.teacher)).status_code == 204
    assert await _count(client, scene) == before - 1


async def test_a_student_takes_a_quiz(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    cls = scene.cls
    quiz = await add_quiz(
        container, cls, cls.mcq, cls.written, timer_minutes=20, show_correct_after_submission=False
    )
    started = await client.post(detail(quiz) + "start/", headers=scene.student)
    assert started.status_code == 201, started.text
    attempt = started.json()
    assert set(attempt) == ATTEMPT_FIELDS | {"answers", "questions"}
    assert attempt["status"] == "in_progress" and attempt["deadline"] and attempt["server_now"]
    assert attempt["score"] is None and all("is_correct" not in c for c in attempt["questions"][0]["choices"])
    again = await client.post(detail(quiz) + "start/", headers=scene.student)
    assert again.status_code == 200 and again.json()["id"] == attempt["id"]
    url = attempt_url(attempt["id"])
    saved = await client.put(url + "answers/", json={"answers": [mcq_answer(cls.mcq)]}, headers=scene.student)
    assert saved.status_code == 200, saved.text
    by_question = {a["question"]: a for a in saved.json()["answers"]}
    assert by_question[cls.mcq.id]["selected_choices"] and by_question[cls.mcq.id]["is_correct"] is None
    refused = await client.put(
        url + "answers/", json={"answers": [{"question": cls.multi.id}]}, headers=scene.student
    )
    assert refused.status_code == 400 and "answers" in refused.json()
    assert (await client.get(url, headers=scene.stranger)).json() == NOT_FOUND
    assert (await client.post(url + "submit/", json={}, headers=scene.stranger)).json() == NOT_FOUND
    body = {"answers": [{"question": cls.written.id, "written_answer": "Because"}]}
    submitted = await client.post(url + "submit/", json=body, headers=scene.student)
    assert submitted.status_code == 200, submitted.text
    result = submitted.json()
    assert (result["status"], result["closed_by"], result["score"], result["passed"]) == (
        "submitted",
        "student",
        "2.00",
        False,
    )
    assert all("is_correct" not in c for q in result["questions"] for c in q["choices"])  # not released
    twice = await client.post(url + "submit/", json=body, headers=scene.student)
    assert twice.json() == {"error": "This attempt has already been submitted."}
    closed = await client.put(url + "answers/", json=body, headers=scene.student)
    assert closed.json() == {"error": "This attempt is closed."}
    mine = (await client.get(detail(quiz) + "my-submissions/", headers=scene.student)).json()
    assert mine["count"] == 1 and set(mine["results"][0]) == ATTEMPT_FIELDS
    staff_list = await client.get(
        detail(quiz) + f"submissions/?student={cls.student.code}&status=submitted", headers=scene.teacher
    )
    assert staff_list.json()["count"] == 1
    assert (
        await client.get(detail(quiz) + "submissions/?status=nope", headers=scene.teacher)
    ).status_code == 400
    assert (await client.get(detail(quiz) + "submissions/", headers=scene.other)).json() == FORBIDDEN
    answer_id = next(a["id"] for a in result["answers"] if a["question"] == cls.written.id)
    graded = await client.post(
        url + "grade-written/", json={"answer_id": answer_id, "score_override": "4.5"}, headers=scene.teacher
    )
    assert graded.status_code == 200, graded.text
    assert (graded.json()["status"], graded.json()["score"]) == ("graded", "6.50")
    assert (
        await client.post(
            url + "grade-written/", json={"answer_id": answer_id, "score_override": 1}, headers=scene.other
        )
    ).json() == FORBIDDEN
    released = await client.post(detail(quiz) + "release-answers/", headers=scene.assistant)
    assert released.json() == {"detail": "Answers released to 1 student."}
    shown = (await client.get(url, headers=scene.student)).json()
    assert [c["is_correct"] for c in shown["questions"][0]["choices"]] == [True, False, False]
    assert (await client.post(detail(quiz) + "release-scores/", headers=scene.other)).json() == FORBIDDEN
    notes = (await client.get("/notifications/", headers=scene.student)).json()
    assert {"answers_released", "written_answer_graded"} <= {n["notification_type"] for n in notes["results"]}


async def test_overrides_and_the_grace(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    cls = scene.cls
    quiz = await add_quiz(container, cls, cls.mcq, timer_minutes=10)
    path = detail(quiz) + "overrides/"
    unknown = await client.post(path, json={"student": "nobody"}, headers=scene.teacher)
    assert unknown.json() == {"student": ["No student with this id or student code."]}
    assert (
        await client.post(
            path, json={"student": cls.student.id, "extra_minutes": 10081}, headers=scene.teacher
        )
    ).status_code == 400
    assert (await client.get(path, headers=scene.teacher)).json()["count"] == 0
    view = await start(container, cls.student, quiz)
    made = await client.post(
        path, json={"student": cls.student.code, "extra_minutes": 5}, headers=scene.teacher
    )
    assert made.status_code == 201, made.text
    again = await client.post(
        path, json={"student": cls.student.id, "extra_attempts": 1}, headers=scene.assistant
    )
    assert again.json()["id"] == made.json()["id"] and again.json()["extra_minutes"] == 0
    listed = (await client.get(path, headers=scene.teacher)).json()
    assert [o["student_code"] for o in listed["results"]] == [cls.student.code]
    assert (await client.get(path, headers=scene.other)).json() == FORBIDDEN
    # the attempt's time is up (its deadline moved into the past by hand): the submit closes it
    async with container.uow() as uow:
        await uow.quiz_attempts.set_deadline(view.row.id, container.clock.now() - timedelta(minutes=1))
        await uow.commit()
    late = await client.post(
        attempt_url(view.row.id) + "submit/", json={"answers": [mcq_answer(cls.mcq)]}, headers=scene.student
    )
    assert late.json() == {"error": "This attempt is closed."}
    closed = (await client.get(attempt_url(view.row.id), headers=scene.student)).json()
    assert (closed["status"], closed["closed_by"], closed["score"]) == ("graded", "timer", "0.00")
    delete = f"/learning/quiz-overrides/{made.json()['id']}/"
    assert (await client.delete(delete, headers=scene.other)).json() == FORBIDDEN
    assert (await client.delete(delete, headers=scene.teacher)).status_code == 204
    assert (await client.delete(delete, headers=scene.teacher)).json() == NOT_FOUND


async def test_statements_are_fixed_whatever_the_number_of_questions(
    client: httpx.AsyncClient, container: Container, scene: Scene, count_queries: Callable[..., Any]
) -> None:
    cls = scene.cls
    counts: dict[str, list[int]] = {}
    for size in (1, 5):
        quiz, questions = await quiz_with_questions(container, cls, size, shuffle_choices=True)
        with count_queries() as counter:
            started = await client.post(detail(quiz) + "start/", headers=scene.student)
        assert started.status_code == 201, started.text
        counts.setdefault("start", []).append(counter.count)
        url = attempt_url(started.json()["id"])
        body = {"answers": [mcq_answer(q) for q in questions]}
        for name, method, path in (("autosave", "put", "answers/"), ("submit", "post", "submit/")):
            with count_queries() as counter:
                response = await client.request(method, url + path, json=body, headers=scene.student)
            assert response.status_code == 200, response.text
            counts.setdefault(name, []).append(counter.count)
        with count_queries() as counter:
            assert (await client.get(url, headers=scene.student)).status_code == 200
        counts.setdefault("detail", []).append(counter.count)
    other = await add_quiz(container, cls, cls.mcq, allow_multiple_attempts=True)
    for _ in range(4):
        attempt = await start(container, cls.student, other)
        await submit(container, cls.student, attempt.row.id, right(cls.mcq))
    for size in (1, 4):
        for name, path, headers in (
            ("quizzes", LIST, scene.teacher),
            ("student quizzes", LIST, scene.student),
            ("submissions", detail(other) + "submissions/", scene.teacher),
            ("mine", detail(other) + "my-submissions/", scene.student),
        ):
            with count_queries() as counter:
                response = await client.get(f"{path}?page_size={size}", headers=headers)
            assert response.status_code == 200, response.text
            counts.setdefault(name, []).append(counter.count)
    assert all(a == b for a, b in counts.values()), counts


async def test_a_staff_detail_is_three_statements_whatever_the_number_of_questions(
    client: httpx.AsyncClient, container: Container, scene: Scene, count_queries: Callable[..., Any]
) -> None:
    """The principal, the quiz's row, and its questions joined with their choices (ADR 0016)."""
    for size in (1, 5):
        quiz, _ = await quiz_with_questions(container, scene.cls, size)
        with count_queries() as counter:
            response = await client.get(detail(quiz), headers=scene.teacher)
        assert response.status_code == 200, response.text
        questions = response.json()["questions"]
        assert [bool(q["choices"]) for q in questions] == [True] * size
        assert counter.count == 3, counter.statements


async def test_start_autosave_and_submit_answer_what_a_read_of_the_attempt_shows(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    """They build their answers from what they read and wrote in their transaction, never reading the
    attempt back: a later read of the attempt shows the same (shuffled choices, saved and cleared
    selections, a written answer, the close's status and score)."""
    cls = scene.cls
    quiz = await add_quiz(
        container,
        cls,
        cls.mcq,
        cls.multi,
        cls.written,
        timer_minutes=30,
        shuffle_choices=True,
        question_order=QuestionOrder.RANDOM,
    )

    async def same_as_read(response: httpx.Response) -> dict[str, Any]:
        assert response.status_code in (200, 201), response.text
        shown = response.json()
        read = (await client.get(attempt_url(shown["id"]), headers=scene.student)).json()
        assert {**shown, "server_now": None} == {**read, "server_now": None}
        return shown

    started = await same_as_read(await client.post(detail(quiz) + "start/", headers=scene.student))
    url = attempt_url(started["id"])
    multi = [c.id for c in cls.multi.choices[:2]]
    body = {"answers": [mcq_answer(cls.mcq), {"question": cls.multi.id, "selected_choices": multi}]}
    saved = await same_as_read(await client.put(url + "answers/", json=body, headers=scene.student))
    assert {a["question"]: sorted(a["selected_choices"]) for a in saved["answers"]}[cls.multi.id] == multi
    cleared = {"answers": [{"question": cls.multi.id, "selected_choices": []}]}
    await same_as_read(await client.put(url + "answers/", json=cleared, headers=scene.student))
    written = {"answers": [{"question": cls.written.id, "written_answer": "Because"}]}
    submitted = await same_as_read(await client.post(url + "submit/", json=written, headers=scene.student))
    assert (submitted["status"], submitted["closed_by"], submitted["score"]) == (
        "submitted",
        "student",
        "2.00",
    )
