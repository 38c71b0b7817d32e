"""The question bank over HTTP (Teacher API §8, API_SUPPLEMENT §7), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from tests.support.homework import add_homework, build_class
from tests.support.http import FORBIDDEN, NOT_FOUND, Headers, HeadersFor, MakeUser, StatementCounter
from tests.support.materials import People, build_people
from tests.support.questions import add_chapter, add_lesson, add_question

pytestmark = pytest.mark.anyio

CHAPTERS, LESSONS, QUESTIONS = (
    "/question-bank/chapters/",
    "/question-bank/lessons/",
    "/question-bank/questions/",
)
RANDOM = QUESTIONS + "random-select/"
LIST_FIELDS = {
    "id", "lesson", "lesson_name", "chapter", "chapter_name", "subject", "subject_name", "question_type",
    "text", "image", "difficulty", "points", "choice_count", "is_global", "created_by", "created_at",
    "updated_at",
}  # fmt: skip
DETAIL_FIELDS = (LIST_FIELDS - {"choice_count"}) | {"explanation", "in_use", "choices"}


@pytest.fixture
async def people(
    container: Container, make_user: MakeUser, headers_for: HeadersFor, owner_headers: Headers
) -> People:
    return await build_people(container, make_user, headers_for, owner_headers)


def mcq(lesson: int, **fields: Any) -> dict[str, Any]:
    return {
        "lesson": lesson,
        "question_type": "mcq_single",
        "text": "2 + 2?",
        "difficulty": "easy",
        "points": 2,
        "explanation": "Count them",
        "choices": [
            {"text": "4", "is_correct": True, "order": 0},
            {"text": "5", "is_correct": False, "order": 1, "image": "https://cdn.example.com/5.png"},
        ],
        **fields,
    }


async def _count(client: httpx.AsyncClient, path: str, headers: Headers) -> int:
    response = await client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return int(response.json()["count"])


async def test_chapters_and_lessons(client: httpx.AsyncClient, people: People) -> None:
    subject = people.world.subject
    bad = await client.post(CHAPTERS, json={"subject": 999_999, "name": " "}, headers=people.teacher)
    assert (bad.status_code, bad.json()) == (
        400,
        {
            "name": ["This field may not be blank."],
            "subject": ['Invalid pk "999999" - object does not exist.'],
        },
    )
    shape = await client.post(CHAPTERS, json={"subject": "x", "order": -1}, headers=people.teacher)
    assert shape.status_code == 400 and set(shape.json()) == {"subject", "name", "order"}
    assert await _count(client, CHAPTERS, people.owner) == 0  # nothing written

    created = await client.post(
        CHAPTERS, json={"subject": subject, "name": "Mechanics"}, headers=people.assistant
    )
    assert created.status_code == 201, created.text
    chapter = created.json()
    assert {k: v for k, v in chapter.items() if k not in ("id", "created_at", "updated_at")} == {
        "subject": subject,
        "subject_name": "Physics",
        "name": "Mechanics",
        "order": 0,
        "teacher": people.world.teacher,
        "lesson_count": 0,
    }
    shared = (
        await client.post(CHAPTERS, json={"subject": subject, "name": "Shared"}, headers=people.owner)
    ).json()
    assert shared["teacher"] is None
    url = f"{CHAPTERS}{chapter['id']}/"
    patched = await client.patch(url, json={"order": 5}, headers=people.teacher)
    assert (patched.status_code, patched.json()["order"], patched.json()["name"]) == (200, 5, "Mechanics")
    assert (await client.get(url, headers=people.other)).json() == FORBIDDEN
    assert (await client.patch(url, json={"name": "Mine"}, headers=people.other)).status_code == 403
    assert (await client.delete(url, headers=people.other)).status_code == 403
    assert (await client.get(f"{CHAPTERS}{shared['id']}/", headers=people.other)).status_code == 200
    assert (
        await client.patch(f"{CHAPTERS}{shared['id']}/", json={}, headers=people.other)
    ).status_code == 403
    assert (await client.get(CHAPTERS, headers=people.student)).json() == FORBIDDEN
    assert (await client.get(f"{CHAPTERS}999999/", headers=people.owner)).json() == NOT_FOUND
    listed = (await client.get(f"{CHAPTERS}?subject={subject}", headers=people.other)).json()
    assert [r["name"] for r in listed["results"]] == ["Shared"]

    refused = await client.post(LESSONS, json={"chapter": shared["id"], "name": "L"}, headers=people.teacher)
    assert refused.json() == FORBIDDEN
    unknown = await client.post(LESSONS, json={"chapter": 999_999, "name": "L"}, headers=people.teacher)
    assert unknown.json() == {"chapter": ['Invalid pk "999999" - object does not exist.']}
    lesson = await client.post(
        LESSONS, json={"chapter": chapter["id"], "name": "Forces"}, headers=people.teacher
    )
    assert lesson.status_code == 201, lesson.text
    assert {k: lesson.json()[k] for k in ("chapter_name", "subject", "teacher", "question_count")} == {
        "chapter_name": "Mechanics",
        "subject": subject,
        "teacher": people.world.teacher,
        "question_count": 0,
    }
    lesson_url = f"{LESSONS}{lesson.json()['id']}/"
    assert (await client.patch(lesson_url, json={"name": "Force"}, headers=people.assistant)).json()[
        "name"
    ] == "Force"
    assert await _count(client, f"{LESSONS}?chapter={chapter['id']}&search=forc", people.teacher) == 1
    assert await _count(client, LESSONS, people.other) == 0
    assert (await client.get(lesson_url, headers=people.other)).json() == FORBIDDEN

    question = await client.post(QUESTIONS, json=mcq(lesson.json()["id"]), headers=people.teacher)
    assert question.status_code == 201, question.text
    for path, message in ((url, "this chapter."), (lesson_url, "this lesson.")):
        response = await client.delete(path, headers=people.teacher)
        assert (response.status_code, response.json()) == (
            400,
            {"detail": f"Cannot delete: questions use {message}"},
        )
    assert (
        await client.delete(f"{QUESTIONS}{question.json()['id']}/", headers=people.teacher)
    ).status_code == 204
    assert (await client.delete(url, headers=people.teacher)).status_code == 204
    assert (await client.get(lesson_url, headers=people.teacher)).json() == NOT_FOUND  # went with its chapter


async def test_questions(client: httpx.AsyncClient, people: People, container: Container) -> None:
    world = people.world
    lesson = await add_lesson(container, teacher_id=world.teacher, subject_id=world.subject, name="Forces")
    foreign = await add_lesson(container, teacher_id=world.other, subject_id=world.subject)
    bad = mcq(
        foreign,
        text=" ",
        image="ftp://x",
        choices=[{"text": "a", "is_correct": True}, {"text": "b", "is_correct": True}],
    )
    refused = await client.post(QUESTIONS, json=bad, headers=people.teacher)
    assert (refused.status_code, refused.json()) == (
        400,
        {
            "lesson": [f'Invalid pk "{foreign}" - object does not exist.'],
            "text": ["This field may not be blank."],
            "image": ["Enter a valid URL."],
            "choices": ["A single-answer question (mcq_single) needs exactly one correct choice."],
        },
    )
    shape = await client.post(
        QUESTIONS, json=mcq(lesson, question_type="essay", points=0, difficulty="x"), headers=people.teacher
    )
    assert shape.status_code == 400 and shape.json()["question_type"] == ['"essay" is not a valid choice.']
    assert set(shape.json()) == {"question_type", "points", "difficulty"}
    assert await _count(client, QUESTIONS, people.owner) == 0  # nothing written

    created = await client.post(QUESTIONS, json=mcq(lesson), headers=people.assistant)
    assert created.status_code == 201, created.text
    item = created.json()
    assert set(item) == DETAIL_FIELDS
    assert (item["lesson_name"], item["chapter_name"], item["subject_name"], item["in_use"]) == (
        "Forces",
        "Chapter",
        "Physics",
        False,
    )
    assert [(c["text"], c["is_correct"], c["image"]) for c in item["choices"]] == [
        ("4", True, None),
        ("5", False, "https://cdn.example.com/5.png"),
    ]
    url = f"{QUESTIONS}{item['id']}/"
    assert (await client.get(url, headers=people.teacher)).json() == item
    assert (await client.get(url, headers=people.other)).json() == FORBIDDEN
    assert (await client.get(url, headers=people.student)).json() == FORBIDDEN

    # PUT: fields not sent keep their values; choices sent replace them all
    kept = await client.put(url, json={"points": 4, "is_global": True}, headers=people.teacher)
    assert kept.status_code == 200, kept.text
    assert kept.json()["choices"] == item["choices"] and kept.json()["points"] == 4
    assert (await client.get(url, headers=people.other)).status_code == 200  # global now
    assert (await client.put(url, json={"points": 1}, headers=people.other)).json() == FORBIDDEN
    assert (await client.delete(url, headers=people.other)).json() == FORBIDDEN
    wrong = await client.put(url, json={"question_type": "written"}, headers=people.teacher)
    assert wrong.json() == {"choices": ["A written question has no choices."]}
    replaced = await client.put(
        url,
        json={
            "question_type": "mcq_multiple",
            "choices": [{"text": "a", "is_correct": True}, {"text": "b", "is_correct": True}, {"text": "c"}],
        },
        headers=people.teacher,
    )
    assert replaced.status_code == 200, replaced.text
    assert [c["text"] for c in replaced.json()["choices"]] == ["a", "b", "c"]

    await add_question(container, teacher_id=world.other, subject_id=world.subject, text="Hers")
    await add_question(
        container, teacher_id=None, subject_id=world.subject, question_type="written", text="Site"
    )
    rows = (await client.get(QUESTIONS, headers=people.teacher)).json()["results"]
    assert [r["id"] for r in rows] == [item["id"]] and set(rows[0]) == LIST_FIELDS
    assert rows[0]["choice_count"] == 3 and rows[0]["points"] == 4
    queries = {
        f"?lesson={lesson}&question_type=mcq_multiple&difficulty=easy&is_global=true&mine=true": 1,
        "?question_type=written": 0,
        "?search=2 %2B 2": 1,
        f"?chapter=999999&subject={world.subject}": 0,
    }
    for query, expected in queries.items():
        assert await _count(client, QUESTIONS + query, people.teacher) == expected, query
    assert await _count(client, QUESTIONS + "?mine=true", people.owner) == 1  # the site's own
    assert await _count(client, QUESTIONS + "?ordering=-points,difficulty", people.owner) == 3
    enum = await client.get(QUESTIONS + "?question_type=x", headers=people.teacher)
    assert (enum.status_code, enum.json()) == (
        400,
        {"question_type": ["Select a valid choice. x is not one of the available choices."]},
    )
    assert (await client.delete(url, headers=people.teacher)).status_code == 204
    assert (await client.get(url, headers=people.teacher)).json() == NOT_FOUND


async def test_a_question_a_homework_uses_is_not_deleted(
    client: httpx.AsyncClient, container: Container, owner_headers: Headers
) -> None:
    cls = await build_class(container)
    await add_homework(container, cls, cls.mcq)
    response = await client.delete(f"{QUESTIONS}{cls.mcq.id}/", headers=owner_headers)
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Cannot delete: this question is used by a homework or quiz."},
    )
    detail = (await client.get(f"{QUESTIONS}{cls.mcq.id}/", headers=owner_headers)).json()
    assert detail["in_use"] is True
    edited = await client.put(f"{QUESTIONS}{cls.mcq.id}/", json={"text": "Edited"}, headers=owner_headers)
    assert edited.status_code == 200  # editing stays allowed: submissions keep their snapshot


async def test_random_select(client: httpx.AsyncClient, people: People, container: Container) -> None:
    world = people.world
    lesson = await add_lesson(container, teacher_id=world.teacher, subject_id=world.subject)
    own = [
        (
            await add_question(
                container, teacher_id=world.teacher, subject_id=world.subject, lesson_id=lesson
            )
        ).id
        for _ in range(4)
    ]
    shared = (
        await add_question(container, teacher_id=world.other, subject_id=world.subject, is_global=True)
    ).id
    await add_question(container, teacher_id=world.other, subject_id=world.subject)  # invisible to Ahmed
    visible = {*own, shared}
    for count in (3, 5, 50):
        body = (await client.post(RANDOM, json={"count": count}, headers=people.assistant)).json()
        assert (body["total_available"], body["requested"]) == (5, count)
        assert len(body["selected"]) == len(set(body["selected"])) == min(count, 5)
        assert set(body["selected"]) <= visible
    narrowed = await client.post(
        RANDOM, json={"count": 10, "lesson": lesson, "exclude_ids": own[:1]}, headers=people.teacher
    )
    assert narrowed.status_code == 200 and sorted(narrowed.json()["selected"]) == sorted(own[1:])
    for body in ({"count": 0}, {"count": 201}, {}, {"count": 1, "difficulty": "x"}):
        response = await client.post(RANDOM, json=body, headers=people.teacher)
        assert response.status_code == 400, body
    hidden = await client.post(RANDOM, json={"count": 1, "lesson": lesson}, headers=people.other)
    assert hidden.json() == {"lesson": [f'Invalid pk "{lesson}" - object does not exist.']}
    assert (await client.post(RANDOM, json={"count": 1}, headers=people.student)).json() == FORBIDDEN


async def test_lists_take_a_fixed_number_of_statements(
    client: httpx.AsyncClient,
    people: People,
    container: Container,
    count_queries: Callable[[], AbstractContextManager[StatementCounter]],
) -> None:
    world = people.world
    chapter = await add_chapter(container, teacher_id=world.teacher, subject_id=world.subject)
    lesson = await add_lesson(
        container, teacher_id=world.teacher, subject_id=world.subject, chapter_id=chapter
    )
    await add_question(container, teacher_id=world.teacher, subject_id=world.subject, lesson_id=lesson)
    counts: dict[str, list[int]] = {path: [] for path in (CHAPTERS, LESSONS, QUESTIONS)}
    for _ in range(2):
        for path, bucket in counts.items():
            with count_queries() as counter:
                assert (await client.get(path, headers=people.teacher)).status_code == 200
            bucket.append(counter.count)
        for n in range(12):
            extra = await add_chapter(
                container, teacher_id=world.teacher, subject_id=world.subject, name=f"C{n}"
            )
            more = await add_lesson(
                container, teacher_id=world.teacher, subject_id=world.subject, chapter_id=extra
            )
            await add_question(container, teacher_id=world.teacher, subject_id=world.subject, lesson_id=more)
    for path, (few, many) in counts.items():
        assert few == many > 0, (path, few, many)
