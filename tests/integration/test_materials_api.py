"""Study materials over HTTP (Teacher API §11, API_SUPPLEMENT §9), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from edutrack.settings import Settings
from tests.support.http import (
    FORBIDDEN,
    NOT_FOUND,
    UNAUTHENTICATED,
    Headers,
    HeadersFor,
    MakeUser,
    StatementCounter,
)
from tests.support.materials import (
    LIST,
    MB,
    PDF,
    People,
    add_material,
    build_people,
    create,
    pdf_of_size,
    seed_lecture,
    stored_files,
    stream_upload,
    upload,
)

pytestmark = pytest.mark.anyio

OTHER_PDF = b"%PDF-1.4\n% a second version of the notes\n%%EOF\n"
TOO_LARGE = {"file": ["File too large. Size should not exceed 50 MB."]}
NOT_A_PDF = {"file": ["The file is not a valid PDF."]}
FIELDS = {
    "id": int,
    "lecture": int,
    "lecture_name": str,
    "title": str,
    "description": (str, type(None)),
    "file": (str, type(None)),
    "file_size": int,
    "created_at": str,
    "updated_at": str,
}


def detail(material_id: int) -> str:
    return f"/materials/{material_id}/"


def file_url(material_id: int) -> str:
    return f"http://testserver/materials/{material_id}/file/"


def extension_error(extension: str) -> dict[str, list[str]]:
    return {"file": [f"File extension '{extension}' is not allowed. Allowed extensions are: pdf."]}


@pytest.fixture
async def people(
    container: Container, make_user: MakeUser, headers_for: HeadersFor, owner_headers: Headers
) -> People:
    return await build_people(container, make_user, headers_for, owner_headers)


def assert_shape(item: dict[str, Any]) -> None:
    assert set(item) == set(FIELDS)
    for name, kind in FIELDS.items():
        assert isinstance(item[name], kind), (name, item[name])
    for name in ("created_at", "updated_at"):
        assert datetime.fromisoformat(item[name].replace("Z", "+00:00")).tzinfo is not None


async def test_upload_answers_the_material_and_serves_the_same_bytes(
    client: httpx.AsyncClient, people: People, settings: Settings
) -> None:
    item = await create(client, people.teacher, people.place.lecture, description="Read before class")
    assert_shape(item)
    assert {k: v for k, v in item.items() if k not in ("id", "created_at", "updated_at")} == {
        "lecture": people.place.lecture,
        "lecture_name": "Lecture 1",
        "title": "Chapter 1 notes",
        "description": "Read before class",
        "file": file_url(item["id"]),
        "file_size": len(PDF),
    }
    (path,) = stored_files(settings)
    assert path.read_bytes() == PDF and path.parent.name == "materials" and path.suffix == ".pdf"
    download = await client.get(item["file"], headers=people.teacher)
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"] == (
        "inline; filename=\"Chapter 1 notes.pdf\"; filename*=UTF-8''Chapter%201%20notes.pdf"
    )
    assert (await client.get(detail(item["id"]), headers=people.teacher)).json() == item
    assert (await client.get(f"/media/materials/{path.name}")).status_code == 404


async def test_the_documented_file_errors_leave_nothing_stored(
    client: httpx.AsyncClient, people: People, settings: Settings
) -> None:
    lecture = people.place.lecture
    cases = [
        (upload(lecture, content=b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 600), NOT_A_PDF),
        (upload(lecture, content=b" %PDF-1.7\n%%EOF\n"), NOT_A_PDF),
        (upload(lecture, content=b"\xef\xbb\xbf%PDF-1.7\n"), NOT_A_PDF),
        (upload(lecture, name="notes.txt", content=b"plain text"), extension_error("txt")),
        (upload(lecture, name="notes", content=PDF), extension_error("")),
        (upload(lecture, content=b""), {"file": ["The submitted file is empty."]}),
    ]
    for files, expected in cases:
        response = await client.post(LIST, files=files, headers=people.teacher)
        assert (response.status_code, response.json()) == (400, expected)
    assert stored_files(settings) == []


async def test_a_51_mb_pdf_is_400_not_413_and_nothing_stays(
    client: httpx.AsyncClient, people: People, settings: Settings
) -> None:
    fields = {"lecture": str(people.place.lecture), "title": "Too big"}
    response = await stream_upload(client, people.teacher, fields, "big.pdf", pdf_of_size(51 * MB))
    assert (response.status_code, response.json()) == (400, TOO_LARGE)
    just_over = await stream_upload(client, people.teacher, fields, "big.pdf", pdf_of_size(50 * MB + 1))
    assert (just_over.status_code, just_over.json()) == (400, TOO_LARGE)
    assert stored_files(settings) == []
    listed = await client.get(LIST, headers=people.owner)
    assert listed.json()["count"] == 0


async def test_a_body_over_60_mb_is_413_and_nothing_stays(
    client: httpx.AsyncClient, people: People, settings: Settings
) -> None:
    fields = {"lecture": str(people.place.lecture), "title": "Far too big"}
    response = await stream_upload(client, people.teacher, fields, "huge.pdf", pdf_of_size(61 * MB))
    assert (response.status_code, response.json()) == (413, {"detail": "Request body is too large."})
    assert stored_files(settings) == []


async def test_missing_fields_and_an_unknown_lecture(
    client: httpx.AsyncClient, people: People, settings: Settings
) -> None:
    empty = await client.post(LIST, files={"other": (None, "x")}, headers=people.teacher)
    assert (empty.status_code, empty.json()) == (
        400,
        {
            "lecture": ["This field is required."],
            "title": ["This field is required."],
            "file": ["No file was submitted."],
        },
    )
    unknown = await client.post(LIST, files=upload(999_999, title="  "), headers=people.teacher)
    assert (unknown.status_code, unknown.json()) == (
        400,
        {
            "lecture": ['Invalid pk "999999" - object does not exist.'],
            "title": ["This field may not be blank."],
        },
    )
    not_a_number = await client.post(
        LIST, files=upload(1) | {"lecture": (None, "abc")}, headers=people.teacher
    )
    assert (not_a_number.status_code, not_a_number.json()) == (
        400,
        {"lecture": ["A valid integer is required."]},
    )
    text_file = await client.post(
        LIST,
        files={"lecture": (None, "1"), "title": (None, "x"), "file": (None, "abc")},
        headers=people.teacher,
    )
    assert text_file.json() == {
        "file": ["The submitted data was not a file. Check the encoding type on the form."]
    }
    broken = await client.post(
        LIST,
        content=b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7 and',
        headers={**people.teacher, "Content-Type": "multipart/form-data; boundary=xyz"},
    )
    assert broken.status_code == 400 and broken.json()["detail"].startswith("Multipart form parse error")
    assert stored_files(settings) == []


async def test_who_may_upload(client: httpx.AsyncClient, people: People, settings: Settings) -> None:
    lecture = people.place.lecture
    anonymous = await client.post(LIST, files=upload(lecture))
    assert (anonymous.status_code, anonymous.json()) == (401, UNAUTHENTICATED)
    for headers in (people.student, people.other):
        response = await client.post(LIST, files=upload(lecture), headers=headers)
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert stored_files(settings) == []
    for headers in (people.teacher, people.assistant, people.owner):
        await create(client, headers, lecture)
    assert len(stored_files(settings)) == 3


async def test_list_filters_and_who_sees_what(
    client: httpx.AsyncClient, container: Container, people: People
) -> None:
    world, place = people.world, people.place
    hidden = await seed_lecture(container, world, course=place.course, lecture_visible=False, name="Hidden")
    theirs = await seed_lecture(container, world, teacher=world.other, name="Theirs")
    first = await create(client, people.teacher, place.lecture, title="First")
    second = await create(client, people.teacher, hidden.lecture, title="Second")
    third = await create(client, people.owner, theirs.lecture, title="Third")

    async def titles(headers: Headers, query: str = "") -> list[str]:
        response = await client.get(LIST + query, headers=headers)
        assert response.status_code == 200, response.text
        return [item["title"] for item in response.json()["results"]]

    assert await titles(people.owner) == ["First", "Second", "Third"]
    assert await titles(people.teacher) == ["First", "Second"]
    assert await titles(people.assistant) == ["First", "Second"]
    assert await titles(people.other) == ["Third"]
    assert await titles(people.student) == ["First", "Third"]
    assert await titles(people.owner, f"?lecture={hidden.lecture}") == ["Second"]
    assert await titles(people.owner, f"?course={place.course}") == ["First", "Second"]
    assert await titles(people.other, f"?course={place.course}") == []
    assert await titles(people.owner, "?ordering=-title") == ["Third", "Second", "First"]

    page = (await client.get(LIST + "?page_size=2", headers=people.owner)).json()
    assert page["count"] == 3 and page["previous"] is None
    assert page["next"] == "http://testserver/materials/?page_size=2&page=2"
    student_view = (await client.get(LIST, headers=people.student)).json()["results"]
    assert [item["file"] for item in student_view] == [None, None]
    assert student_view[0] == {**first, "file": None}
    owner_view = (await client.get(LIST + "?all=true", headers=people.owner)).json()
    assert owner_view == {"count": 3, "results": [first, second, third]}
    bad = await client.get(LIST + "?lecture=abc", headers=people.owner)
    assert (bad.status_code, bad.json()) == (400, {"lecture": ["A valid integer is required."]})
    assert (await client.get(LIST)).json() == UNAUTHENTICATED


async def test_detail_and_file_access(
    client: httpx.AsyncClient, container: Container, people: People
) -> None:
    hidden = await seed_lecture(container, people.world, course=people.place.course, lecture_visible=False)
    shown = await create(client, people.teacher, people.place.lecture)
    secret = await create(client, people.teacher, hidden.lecture)

    async def status(url: str, headers: Headers) -> tuple[int, Any]:
        response = await client.get(url, headers=headers)
        return response.status_code, response.json() if response.headers["content-type"].startswith(
            "application/json"
        ) else response.content

    assert await status(detail(shown["id"]), people.assistant) == (200, shown)
    assert await status(detail(shown["id"]), people.owner) == (200, shown)
    assert await status(detail(shown["id"]), people.student) == (200, {**shown, "file": None})
    assert await status(detail(secret["id"]), people.student) == (404, NOT_FOUND)
    assert await status(detail(shown["id"]), people.other) == (403, FORBIDDEN)
    assert await status(detail(999_999), people.owner) == (404, NOT_FOUND)
    assert await status(detail(2**40), people.owner) == (404, NOT_FOUND)

    url = shown["file"]
    for headers in (people.teacher, people.assistant, people.owner):
        assert await status(url, headers) == (200, PDF)
    assert await status(url, people.student) == (403, FORBIDDEN)
    assert await status(secret["file"], people.student) == (404, NOT_FOUND)
    assert await status(url, people.other) == (403, FORBIDDEN)
    assert await status("/materials/999999/file/", people.owner) == (404, NOT_FOUND)
    assert (await client.get(url)).json() == UNAUTHENTICATED


async def test_put_replaces_the_file_and_deletes_the_old_one(
    client: httpx.AsyncClient, container: Container, people: People, settings: Settings
) -> None:
    item = await create(client, people.teacher, people.place.lecture)
    (old_path,) = stored_files(settings)
    moved_to = await seed_lecture(container, people.world, course=people.place.course, name="Lecture 2")
    response = await client.put(
        detail(item["id"]),
        files={
            "title": (None, "Chapter 1, revised"),
            "lecture": (None, str(moved_to.lecture)),
            "file": ("v2.PDF", OTHER_PDF, "application/pdf"),
        },
        headers=people.assistant,
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert_shape(changed)
    assert {k: changed[k] for k in ("title", "description", "lecture", "lecture_name", "file_size")} == {
        "title": "Chapter 1, revised",
        "description": None,
        "lecture": moved_to.lecture,
        "lecture_name": "Lecture 2",
        "file_size": len(OTHER_PDF),
    }
    assert changed["created_at"] == item["created_at"]
    (new_path,) = stored_files(settings)
    assert new_path != old_path and not old_path.exists()
    assert (await client.get(changed["file"], headers=people.teacher)).content == OTHER_PDF

    as_json = await client.put(
        detail(item["id"]), json={"description": "Now with answers"}, headers=people.teacher
    )
    assert as_json.status_code == 200
    assert as_json.json() == {
        **changed,
        "description": "Now with answers",
        "updated_at": as_json.json()["updated_at"],
    }
    assert stored_files(settings) == [new_path]

    bad = await client.put(
        detail(item["id"]),
        files={"file": ("v3.pdf", b"MZ not a pdf", "application/pdf")},
        headers=people.teacher,
    )
    assert (bad.status_code, bad.json()) == (400, NOT_A_PDF)
    blank = await client.put(detail(item["id"]), json={"title": ""}, headers=people.teacher)
    assert (blank.status_code, blank.json()) == (400, {"title": ["This field may not be blank."]})
    assert stored_files(settings) == [new_path]


async def test_put_permissions_and_missing(
    client: httpx.AsyncClient, container: Container, people: People, settings: Settings
) -> None:
    item = await create(client, people.teacher, people.place.lecture)
    theirs = await seed_lecture(container, people.world, teacher=people.world.other)
    replacement = {"file": ("v2.pdf", OTHER_PDF, "application/pdf")}
    for headers in (people.other, people.student):
        response = await client.put(detail(item["id"]), files=replacement, headers=headers)
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
    move = await client.put(detail(item["id"]), json={"lecture": theirs.lecture}, headers=people.teacher)
    assert (move.status_code, move.json()) == (403, FORBIDDEN)
    missing = await client.put(detail(999_999), files=replacement, headers=people.owner)
    assert (missing.status_code, missing.json()) == (404, NOT_FOUND)
    unknown_lecture = await client.put(detail(item["id"]), json={"lecture": 999_999}, headers=people.owner)
    assert unknown_lecture.json() == {"lecture": ['Invalid pk "999999" - object does not exist.']}
    assert len(stored_files(settings)) == 1
    assert (await client.get(detail(item["id"]), headers=people.teacher)).json() == item


async def test_delete_removes_the_row_and_the_file(
    client: httpx.AsyncClient, people: People, settings: Settings
) -> None:
    item = await create(client, people.teacher, people.place.lecture)
    for headers, code in ((people.student, 403), (people.other, 403)):
        assert (await client.delete(detail(item["id"]), headers=headers)).status_code == code
    assert len(stored_files(settings)) == 1
    response = await client.delete(detail(item["id"]), headers=people.assistant)
    assert response.status_code == 204
    assert stored_files(settings) == []
    assert (await client.get(detail(item["id"]), headers=people.owner)).json() == NOT_FOUND
    assert (await client.delete(detail(item["id"]), headers=people.owner)).status_code == 404


async def test_list_statement_count_does_not_grow(
    client: httpx.AsyncClient,
    container: Container,
    people: People,
    count_queries: Callable[[], AbstractContextManager[StatementCounter]],
) -> None:
    await add_material(container, people.place.lecture)
    with count_queries() as one:
        assert (await client.get(LIST, headers=people.teacher)).json()["count"] == 1
    for n in range(29):
        await add_material(container, people.place.lecture, f"Notes {n}", minutes=n + 1)
    with count_queries() as thirty:
        assert (await client.get(LIST, headers=people.teacher)).json()["count"] == 30
    assert one.count == thirty.count
