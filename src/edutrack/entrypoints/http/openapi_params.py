"""Query parameters typed for the document while the handler still parses the raw text (its 400 bodies
stay DRF's), and ``Paged[XOut]``, a page documented as the component ``XPage`` (see ``openapi.py``)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from litestar.openapi.spec import Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.params import Parameter, QueryParameter

from edutrack.entrypoints.http.conventions import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageOut

# --- typed query parameters -----------------------------------------------------------------------------


def _query(schema: dict[str, Any], name: str | None = None, description: str | None = None) -> QueryParameter:
    return QueryParameter(name=name, description=description, schema_extra={"one_of": None, **schema})


PAGE = {
    "type": None,
    "one_of": [
        Schema(type=OpenAPIType.INTEGER, minimum=1),
        Schema(type=OpenAPIType.STRING, enum=["last"]),
    ],
}
PageQuery = Annotated[
    str | None,
    _query(PAGE, "page", "Page number from 1, or `last`; a page past the end is 404 `Invalid page.`"),
]
PageSizeQuery = Annotated[
    str | None,
    _query(
        {"type": OpenAPIType.INTEGER, "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
        "page_size",
        f"Rows per page (default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE}).",
    ),
]
AllQuery = Annotated[
    str | None,
    _query(
        {"type": OpenAPIType.BOOLEAN},
        "all",
        "`true`: every row in one answer, `{count, results}` only (no `next`/`previous`).",
    ),
]


def int_query(name: str | None = None) -> QueryParameter:
    """An id filter (``parse_int``: 1 to 2**31 - 1), for a query name that is not the argument's."""
    return _query({"type": OpenAPIType.INTEGER, "minimum": 1, "maximum": 2**31 - 1}, name)


IntQuery = Annotated[str | None, int_query()]
BoolQuery = Annotated[str | None, _query({"type": OpenAPIType.BOOLEAN})]
DateQuery = Annotated[str | None, _query({"type": OpenAPIType.STRING, "format": OpenAPIFormat.DATE})]
SearchQuery = Annotated[str | None, _query({"type": OpenAPIType.STRING, "max_length": 200})]
TextQuery = Annotated[str | None, _query({"type": OpenAPIType.STRING})]
MOMENT = {
    "type": None,
    "one_of": [
        Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE),
        Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE_TIME),
    ],
}
MomentQuery = Annotated[str | None, _query(MOMENT, description="`YYYY-MM-DD` or an ISO 8601 datetime.")]
OrderingQuery = Annotated[
    str | None,
    _query(
        {"type": OpenAPIType.STRING},
        description="Comma-separated field names, `-` before one for descending; unknown names are ignored.",
    ),
]


def choice(*values: str | type[Enum], name: str | None = None) -> QueryParameter:
    """A query parameter that takes one of ``values`` (strings, or an Enum's values):
    ``Annotated[str | None, choice("json", "csv")]``, ``Annotated[str | None, choice(Difficulty)]``."""
    listed: list[str] = []
    for value in values:
        listed += [str(v.value) for v in value] if isinstance(value, type) else [value]
    return _query({"type": OpenAPIType.STRING, "enum": listed}, name)


class Paged:
    """``Paged[TeacherOut]`` is ``PageOut[TeacherOut]``, documented as the component ``TeacherPage``."""

    def __class_getitem__(cls, item: type) -> Any:
        name = item.__name__.removesuffix("Out") + "Page"
        return Annotated[PageOut[item], Parameter(schema_component_key=name)]  # type: ignore[valid-type]
