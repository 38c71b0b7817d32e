"""The OpenAPI document is the contract a typed client is generated from (issue 15): each complaint about
the old document is one assertion over ``/schema/openapi.json``, and a few are checked against the server's
real answers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient
from openapi_spec_validator import validate

from edutrack.composition import build_container
from edutrack.entrypoints.http.app import create_app
from edutrack.settings import Settings

SRC = Path(__file__).resolve().parents[2] / "src"
METHODS = {"get", "post", "put", "patch", "delete"}
REGISTER_REQUIRED = {
    "username",
    "password",
    "name_ar",
    "name_en",
    "phone_number",
    "father_job",
    "national_id",
    "birth_date",
    "gender",
    "gmail",
    "governorate",
    "area",
}
ERROR_REFS = {"#/components/schemas/Detail", "#/components/schemas/Error"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    settings = Settings(environment="test", password_hashing="fast", log_json=False)
    app = create_app(settings, build_container(settings, backend="memory"))
    with TestClient(app) as client:
        response = client.get("/schema/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def refs(response: dict[str, Any]) -> set[str]:
    schema = response["content"]["application/json"]["schema"]
    return {choice["$ref"] for choice in schema.get("anyOf", [schema])}


def test_the_document_validates_and_keeps_every_path_and_operation(document: dict[str, Any]) -> None:
    validate(document)
    assert len(document["paths"]) == 112
    assert len(operations(document)) == 175
    unslashed = [p for p in document["paths"] if not p.endswith("/") and not p.startswith("/health")]
    assert unslashed == []


def test_component_names_are_readable(document: dict[str, Any]) -> None:
    names = list(document["components"]["schemas"])
    assert [n for n in names if "." in n or re.match(r"^[a-z_]+_[A-Z]", n)] == []
    assert {"TeacherPage", "StudentPage", "FieldErrors", "Detail", "Error"} <= set(names)


def test_register_body_marks_the_fields_the_server_requires(document: dict[str, Any]) -> None:
    schema = document["components"]["schemas"]["StudentRegisterIn"]
    assert set(schema["required"]) == REGISTER_REQUIRED


def test_list_parameters_are_typed(document: dict[str, Any]) -> None:
    operation = document["paths"]["/accounts/teachers/"]["get"]
    params = {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}
    assert params["page"]["anyOf"] == [
        {"minimum": 1, "type": "integer"},
        {"enum": ["last"], "type": "string"},
    ]
    assert params["page_size"] == params["page_size"] | {"type": "integer", "minimum": 1, "maximum": 200}
    assert params["all"]["type"] == "boolean"
    assert params["is_active"] == {"type": "boolean"}
    assert params["subject"]["type"] == "integer"
    mine = document["paths"]["/courses/enrollments/my/"]["get"]["parameters"]
    status = next(p for p in mine if p["name"] == "status")["schema"]
    assert status["type"] == "string" and {"pending", "approved", "rejected"} <= set(status["enum"])
    trends = {
        p["name"]: p["schema"] for p in document["paths"]["/payments/revenue/trends/"]["get"]["parameters"]
    }
    assert trends["start_date"] == {"type": "string", "format": "date"}
    # every paginated list documents the three paging parameters
    for path, method, operation in operations(document):
        ok = operation["responses"].get("200", {}).get("content", {}).get("application/json", {})
        if ok.get("schema", {}).get("$ref", "").endswith("Page"):
            names = {p["name"] for p in operation.get("parameters", [])}
            assert {"page", "page_size", "all"} <= names, (method, path)


def test_error_answers_are_documented_with_their_real_shapes(document: dict[str, Any]) -> None:
    for path, method, operation in operations(document):
        responses = operation["responses"]
        public = path.startswith("/health") or path in {
            "/accounts/login/",
            "/accounts/token/",
            "/accounts/token/refresh/",
            "/accounts/logout/",
            "/accounts/students/register/",
            "/oauth2/access_token/",
        }
        public = public or (path.startswith("/academics/") and method == "get")
        if not public:
            assert refs(responses["401"]) == ERROR_REFS, (method, path)
            assert "403" in responses, (method, path)
        if "{" in path:
            assert refs(responses["404"]) == ERROR_REFS, (method, path)
        if operation.get("parameters") or operation.get("requestBody"):
            # the Appsembler refusals have their own documented shapes
            own = {"#/components/schemas/RefusalOut", "#/components/schemas/UserMessage"}
            assert refs(responses["400"]) & {"#/components/schemas/FieldErrors", *own}, (method, path)
        for code, response in responses.items():
            for media in response.get("content", {}).values():
                assert "status_code" not in str(media["schema"]), (method, path, code)
    field_errors = document["components"]["schemas"]["FieldErrors"]
    assert field_errors["additionalProperties"] == {"items": {"type": "string"}, "type": "array"}
    assert document["components"]["schemas"]["Detail"]["required"] == ["detail"]
    assert "429" in document["paths"]["/accounts/login/"]["post"]["responses"]
    for path, method, operation in operations(document):  # no connection in time: 503, anywhere
        assert refs(operation["responses"]["503"]) == {"#/components/schemas/Detail"}, (method, path)
    purchase = document["paths"]["/courses/lectures/{lecture_id}/purchase/"]["post"]
    assert "409" in purchase["responses"]
    assert [p["name"] for p in purchase["parameters"] if p["in"] == "header"] == ["Idempotency-Key"]


def test_files_csv_and_multipart_bodies_are_typed(document: dict[str, Any]) -> None:
    paths = document["paths"]
    download = paths["/materials/{material_id}/file/"]["get"]["responses"]["200"]["content"]
    assert download == {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
    redirect = paths["/materials/{material_id}/file/"]["get"]["responses"]["302"]
    assert "content" not in redirect and "signed URL" in redirect["description"]  # S3 redirect mode
    export = paths["/payments/codes/export/"]["get"]["responses"]["200"]["content"]
    assert list(export) == ["text/csv"] and export["text/csv"]["schema"]["type"] == "string"
    results = paths["/learning/quizzes/{quiz_id}/results/"]["get"]["responses"]["200"]["content"]
    assert set(results) == {"application/json", "text/csv"}
    body = paths["/accounts/teachers/{teacher_id}/"]["patch"]["requestBody"]["content"]
    assert set(body) == {"multipart/form-data", "application/json"}
    assert body["multipart/form-data"]["schema"]["properties"]["profile_picture"]["format"] == "binary"
    upload = paths["/materials/"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    form = document["components"]["schemas"][upload["$ref"].rsplit("/", 1)[1]]
    assert "file" in form["required"] and form["properties"]["file"]["format"] == "binary"


def test_the_document_is_built_without_litestar_internals() -> None:
    users = [p for p in SRC.rglob("*.py") if "litestar._openapi" in p.read_text(encoding="utf-8")]
    assert users == []


@pytest.mark.anyio
async def test_an_empty_registration_names_exactly_the_documented_required_fields(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/accounts/students/register/", json={})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == REGISTER_REQUIRED
    assert all(isinstance(v, list) and all(isinstance(m, str) for m in v) for v in body.values())
