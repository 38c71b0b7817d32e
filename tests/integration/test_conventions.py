"""The shared conventions of §1: errors, pagination, trailing slashes, garbage input, OpenAPI, health."""

from __future__ import annotations

import httpx
import pytest

from tests.support.http import BASE_URL

pytestmark = pytest.mark.anyio

JSON = {"Content-Type": "application/json"}


async def make_grades(client: httpx.AsyncClient, headers: dict[str, str], count: int) -> None:
    for i in range(count):
        response = await client.post(
            "/academics/grades/", json={"name": f"Grade {i:03d}", "order": i}, headers=headers
        )
        assert response.status_code == 201, response.text


GARBAGE = [
    (b"{not json", "non_field_errors"),
    (b'{"username": 5, "password": "x"}', "username"),
    (b'{"username": "a", "password": ["x"]}', "password"),
    (b'{"username": "a"}', "password"),
    (b'["a", "b"]', "non_field_errors"),
    (b'{"username": "' + b"u" * 10_000 + b'", "password": "x"}', "username"),
    (b"", "non_field_errors"),
    (b"null", "non_field_errors"),
]


@pytest.mark.parametrize(("body", "field"), GARBAGE)
async def test_garbage_login_bodies_are_400_field_errors(
    client: httpx.AsyncClient, body: bytes, field: str
) -> None:
    response = await client.post("/accounts/login/", content=body, headers=JSON)
    assert response.status_code == 400, response.text
    errors = response.json()
    assert field in errors and all(isinstance(m, str) for m in errors[field])


async def test_garbage_reference_writes_are_400s(
    client: httpx.AsyncClient, owner_headers: dict[str, str]
) -> None:
    cases = [
        ({"name": "x", "order": 10**30}, "order"),
        ({"name": "x", "order": "seven"}, "order"),
        ({"name": "x" * 10_000}, "name"),
        ({"name": ["x"]}, "name"),
        ({}, "name"),
    ]
    for body, field in cases:
        response = await client.post("/academics/grades/", json=body, headers=owner_headers)
        assert response.status_code == 400, (body, response.text)
        assert field in response.json()
    for body, field in [
        ({"name": "Z", "price_per_student": "abc"}, "price_per_student"),
        ({"name": "Z", "price_per_student": "1.234"}, "price_per_student"),
        ({"name": "Z", "price_per_student": True}, "price_per_student"),
    ]:
        response = await client.post("/academics/video-security/", json=body, headers=owner_headers)
        assert response.status_code == 400, (body, response.text)
        assert field in response.json()
    response = await client.post(
        "/academics/divisions/", json={"name": "D", "grades": [10**20]}, headers=owner_headers
    )
    assert response.status_code == 400 and "grades" in response.json()
    response = await client.post(
        "/academics/areas/", json={"name": "A", "governorate": "not-an-id"}, headers=owner_headers
    )
    assert response.status_code == 400 and "governorate" in response.json()
    # nothing was written by any of them
    assert (await client.get("/academics/grades/")).json()["count"] == 0


async def test_bad_query_values_are_400s_and_huge_path_ids_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/academics/grades/?all=maybe")
    assert response.status_code == 400 and response.json() == {"all": ["Must be a valid boolean."]}
    response = await client.get("/academics/areas/?governorate=abc")
    assert response.status_code == 400 and "governorate" in response.json()
    response = await client.get("/academics/grades/99999999999999999999/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    response = await client.get("/academics/grades/abc/")
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["³", "①", "--5", "١٢"])
async def test_digits_that_int_refuses_are_400s(
    client: httpx.AsyncClient, owner_headers: dict[str, str], value: str
) -> None:
    """Found by schemathesis: "³".isdigit() is True but int("³") fails (a 500). Filters, page numbers and
    student references take ASCII digits only."""
    for path, field in [
        ("/materials/?lecture=", "lecture"),
        ("/academics/areas/?governorate=", "governorate"),
    ]:
        response = await client.get(path + value, headers=owner_headers)
        assert response.status_code == 400, (path, value, response.text)
        assert field in response.json()
    response = await client.get(f"/academics/grades/?page={value}", headers=owner_headers)
    assert (response.status_code, response.json()) == (404, {"detail": "Invalid page."})
    response = await client.get(f"/courses/purchases/?student={value}", headers=owner_headers)
    assert response.status_code in (200, 403), response.text  # a code search, never a crash


async def test_pagination_wrapper_clamping_and_absolute_links(
    client: httpx.AsyncClient, owner_headers: dict[str, str]
) -> None:
    await make_grades(client, owner_headers, 5)
    first = (await client.get("/academics/grades/?page_size=2&search=grade")).json()
    assert first["count"] == 5 and len(first["results"]) == 2
    assert first["previous"] is None
    assert first["next"] == f"{BASE_URL}/academics/grades/?page_size=2&search=grade&page=2"
    second = (await client.get(first["next"])).json()
    assert second["previous"] == f"{BASE_URL}/academics/grades/?page_size=2&search=grade"
    last = (await client.get("/academics/grades/?page_size=2&page=3")).json()
    assert last["next"] is None and len(last["results"]) == 1
    everything = (await client.get("/academics/grades/?all=true")).json()
    assert set(everything) == {"count", "results"} and len(everything["results"]) == 5
    clamped = (await client.get("/academics/grades/?page_size=100000")).json()
    assert len(clamped["results"]) == 5
    for bad in ("4", "0", "-1", "abc"):
        response = await client.get(f"/academics/grades/?page_size=2&page={bad}")
        assert response.status_code == 404 and response.json() == {"detail": "Invalid page."}
    empty_first_page = await client.get("/academics/school-types/")
    assert empty_first_page.status_code == 200 and empty_first_page.json()["count"] == 0


async def test_page_size_is_clamped_to_200(client: httpx.AsyncClient, owner_headers: dict[str, str]) -> None:
    await make_grades(client, owner_headers, 201)
    page = (await client.get("/academics/grades/?page_size=500")).json()
    assert page["count"] == 201 and len(page["results"]) == 200 and page["next"].endswith("page=2")


async def test_both_path_forms_answer_the_same(
    client: httpx.AsyncClient, owner_headers: dict[str, str]
) -> None:
    await make_grades(client, owner_headers, 1)
    with_slash = await client.get("/academics/grades/")
    without = await client.get("/academics/grades")
    assert with_slash.status_code == without.status_code == 200
    assert with_slash.json() == without.json()
    created = await client.post("/academics/school-types", json={"name": "Azhar"}, headers=owner_headers)
    assert created.status_code == 201


async def test_unknown_paths_and_methods(client: httpx.AsyncClient) -> None:
    missing = await client.get("/no/such/thing/")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not found."}
    wrong_method = await client.put("/academics/grades/")
    assert wrong_method.status_code == 405
    assert wrong_method.json() == {"detail": 'Method "PUT" not allowed.'}


async def test_too_large_a_body_is_413(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/accounts/login/", content=b"{" + b" " * (11 * 1024 * 1024) + b"}", headers=JSON
    )
    assert response.status_code == 413
    assert "detail" in response.json()


async def test_openapi_documents_typed_operations_with_trailing_slashes(client: httpx.AsyncClient) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path in (
        "/accounts/login/",
        "/accounts/token/refresh/",
        "/academics/grades/",
        "/academics/grades/{item_id}/",
    ):
        assert path in paths, sorted(paths)
    assert not [p for p in paths if not p.endswith("/") and not p.startswith(("/health", "/schema"))]
    for path, item in paths.items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            ok = [code for code in operation["responses"] if code.startswith("2")]
            assert ok, (method, path)
            bodiless = (
                path == "/accounts/logout/"
                or "refresh" in path
                or path.endswith(("/mark-read/", "/mark-all-read/", "/purchase/"))
                or path.endswith(("/start/", "/release-scores/", "/release-answers/"))  # quizzes
            )
            if method in {"post", "put", "patch"} and not bodiless:
                assert "requestBody" in operation, (method, path)
    page = await client.get("/schema")
    assert page.status_code == 200 and "html" in page.headers["content-type"]


async def test_health_endpoints(client: httpx.AsyncClient) -> None:
    live = await client.get("/health")
    assert live.status_code == 200 and live.json()["status"] == "ok"
    ready = await client.get("/health/ready")
    assert ready.status_code == 200 and ready.json() == {"status": "ready", "database": "ok"}


PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def _binary_plain_field(boundary: str, fields: dict[str, str]) -> bytes:
    """A multipart body whose ``profile_picture`` part carries image bytes without a filename (not a file)."""
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="profile_picture"\r\n\r\n'.encode()
        + PNG_BYTES
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


async def test_binary_bytes_in_a_plain_form_field_are_400_not_500(
    client: httpx.AsyncClient, owner_headers: dict[str, str]
) -> None:
    """Found by schemathesis: Litestar decodes a part without a filename as UTF-8 text and raised a
    UnicodeDecodeError (a 500). Both multipart paths (Litestar's own body and read_form_or_json) answer 400
    and write nothing."""
    boundary = "edutrack-boundary"
    headers = {**owner_headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    body = _binary_plain_field(boundary, {"name": "Mona", "phone": "01012345678", "gender": "female"})
    expected = {
        "non_field_errors": [
            "Multipart form parse error - a form field is not valid UTF-8 text. Send files as file parts"
            " (with a filename)."
        ]
    }
    for method, path in [("POST", "/accounts/teachers/"), ("PATCH", "/accounts/teachers/1/")]:
        response = await client.request(method, path, content=body, headers=headers)
        assert (response.status_code, response.json()) == (400, expected), (method, path)
    assert (await client.get("/accounts/teachers/", headers=owner_headers)).json()["count"] == 0


def test_other_undecodable_text_is_still_a_server_error() -> None:
    from litestar.testing import RequestFactory

    from edutrack.entrypoints.http.errors import undecodable_text_handler

    try:
        b"\xff".decode()
    except UnicodeDecodeError as exc:
        response = undecodable_text_handler(RequestFactory().get("/"), exc)
    assert (response.status_code, response.content) == (500, {"detail": "Internal server error"})


NUL_TEXT = {"non_field_errors": ["Text must not contain the NUL character (\\u0000)."]}


async def test_the_nul_character_in_text_is_400_on_both_databases(
    client: httpx.AsyncClient, owner_headers: dict[str, str]
) -> None:
    """Found by schemathesis on PostgreSQL (its text cannot hold NUL: the statement failed, a 500). The
    adapters refuse it before any statement, on SQLite too, whether it comes in a search, a filter or a
    body field; nothing is written."""
    r = await client.get("/academics/school-types/?search=a%00b", headers=owner_headers)
    assert (r.status_code, r.json()) == (400, NUL_TEXT)
    r = await client.post("/academics/school-types/", json={"name": "Azhar\u0000"}, headers=owner_headers)
    assert (r.status_code, r.json()) == (400, NUL_TEXT)
    r = await client.post("/accounts/token/", json={"username": "ad\u0000min", "password": "x"})
    assert (r.status_code, r.json()) == (400, NUL_TEXT)
    assert (await client.get("/academics/school-types/", headers=owner_headers)).json()["count"] == 0


def test_a_nul_the_database_refuses_is_400_too() -> None:
    """The fallback when a NUL reaches PostgreSQL anyway (SQLSTATE 22021)."""
    from litestar.testing import RequestFactory
    from sqlalchemy.exc import DBAPIError

    from edutrack.entrypoints.http.errors import dbapi_error_handler

    class Refused(Exception):
        sqlstate = "22021"

    exc = DBAPIError("SELECT 1", None, Refused("invalid byte sequence for encoding UTF8: 0x00"))
    response = dbapi_error_handler(RequestFactory().get("/"), exc)
    assert (response.status_code, response.content) == (400, NUL_TEXT)
