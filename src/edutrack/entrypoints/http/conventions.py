"""The shared HTTP conventions of §1, built once: pagination, query parsing, money and id helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Generic, TypeVar
from urllib.parse import parse_qsl, urlencode

import msgspec
from litestar import Request

from edutrack.core.errors import NotFound, ValidationFailed
from edutrack.core.money import format_money
from edutrack.core.policies.digits import is_ascii_number
from edutrack.ports.readers import Page, PageRequest

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S", bound=msgspec.Struct)

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_SEARCH = 200
INVALID_PAGE = "Invalid page."

TRUE = {"true", "1"}
FALSE = {"false", "0"}


class PageOut(msgspec.Struct, Generic[T]):
    """``{"count", "next", "previous", "results"}``; with ``?all=true`` only ``count`` and ``results``."""

    count: int
    results: list[T]
    next: str | msgspec.UnsetType | None = msgspec.UNSET
    previous: str | msgspec.UnsetType | None = msgspec.UNSET


@dataclass(frozen=True, slots=True)
class Paging:
    page: int
    page_size: int
    all: bool

    def request(self) -> PageRequest:
        if self.all:
            return PageRequest(offset=0, limit=None)
        return PageRequest(offset=(self.page - 1) * self.page_size, limit=self.page_size)


def parse_bool(name: str, raw: str | None) -> bool | None:
    if raw is None or raw == "":
        return None
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValidationFailed.field(name, "Must be a valid boolean.")


def parse_int(name: str, raw: str | None, *, minimum: int = 1, maximum: int = 2**31 - 1) -> int | None:
    if raw is None or raw == "":
        return None
    text = raw.strip()
    if not is_ascii_number(text.removeprefix("-")) or len(text) > 12:
        raise ValidationFailed.field(name, "A valid integer is required.")
    value = int(text)
    if not minimum <= value <= maximum:
        raise ValidationFailed.field(name, f"Ensure this value is between {minimum} and {maximum}.")
    return value


def parse_choice(name: str, raw: str | None, choices: Iterable[str]) -> str | None:
    if raw is None or raw == "":
        return None
    allowed = set(choices)
    if raw not in allowed:
        raise ValidationFailed.field(
            name, f"Select a valid choice. {raw} is not one of the available choices."
        )
    return raw


def parse_search(raw: str | None) -> str | None:
    if raw is None:
        return None
    text = raw.strip()[:MAX_SEARCH]
    return text or None


def parse_ordering(raw: str | None, allowed: Sequence[str]) -> list[tuple[str, bool]]:
    """``?ordering=-price,name`` → ``[("price", True), ("name", False)]``; unknown fields are ignored."""
    if not raw:
        return []
    result: list[tuple[str, bool]] = []
    for part in raw.split(",")[:5]:
        part = part.strip()
        descending = part.startswith("-")
        name = part.lstrip("-")
        if name in allowed:
            result.append((name, descending))
    return result


def paging_of(request: Request) -> Paging:
    params = request.query_params
    if (parse_bool("all", params.get("all")) or False) is True:
        return Paging(page=1, page_size=MAX_PAGE_SIZE, all=True)
    raw_page = params.get("page")
    page = 1
    if raw_page not in (None, ""):
        text = str(raw_page).strip()
        if text == "last":
            page = -1
        elif not is_ascii_number(text) or len(text) > 9 or int(text) < 1:
            raise NotFound(INVALID_PAGE)
        else:
            page = int(text)
    size_text = str(params.get("page_size") or "").strip()
    size = DEFAULT_PAGE_SIZE
    if is_ascii_number(size_text) and len(size_text) < 10:
        size = max(1, min(int(size_text), MAX_PAGE_SIZE))
    return Paging(page=page, page_size=size, all=False)


def _page_url(request: Request, page: int) -> str:
    """This page's URL as the client wrote it (trailing slash, parameter order), with ``page`` replaced."""
    raw_path = request.scope.get("raw_path", b"").decode("latin-1").split("?", 1)[0] or request.url.path
    query = request.scope.get("query_string", b"").decode("latin-1")
    params = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "page"]
    if page > 1:
        params.append(("page", str(page)))
    return str(request.base_url).rstrip("/") + raw_path + ("?" + urlencode(params) if params else "")


async def paginate(
    request: Request,
    fetch: Callable[[PageRequest], object],
    encode: Callable[[R], T],
) -> PageOut[T]:
    """Run ``fetch`` (a use case returning ``Page``) for the request's page and wrap the rows.

    A page past the end (other than page 1 of an empty list) is 404 ``Invalid page.``.
    """
    paging = paging_of(request)
    if paging.page == -1:  # ?page=last: find the count first
        first: Page[R] = await fetch(PageRequest(offset=0, limit=0))  # type: ignore[misc]
        last = max(1, -(-first.total // paging.page_size))
        paging = Paging(page=last, page_size=paging.page_size, all=False)
    page: Page[R] = await fetch(paging.request())  # type: ignore[misc]
    results = [encode(item) for item in page.items]
    if paging.all:
        return PageOut(count=page.total, results=results)
    if paging.page > 1 and not page.items:
        raise NotFound(INVALID_PAGE)
    has_next = paging.page * paging.page_size < page.total
    return PageOut(
        count=page.total,
        results=results,
        next=_page_url(request, paging.page + 1) if has_next else None,
        previous=_page_url(request, paging.page - 1) if paging.page > 1 else None,
    )


def absolute_url(request: Request, path: str | None) -> str | None:
    """Media paths become absolute URLs on the host the client used."""
    if not path:
        return None
    if path.startswith(("http://", "https://")):
        return path
    return str(request.base_url).rstrip("/") + "/" + path.lstrip("/")


def _reader(out: type[msgspec.Struct]) -> Callable[[object], list[object]] | None:
    """Reads the attributes named like ``out``'s fields, in field order, formatting the exact amounts of
    its string fields (the only ones a money string can go to) as money; None when some of ``out``'s
    fields are keyword-only (not all are in ``__match_args__``)."""
    names = out.__struct_fields__
    if tuple(getattr(out, "__match_args__", ())) != names or not names:
        return None
    get = attrgetter(*names) if len(names) > 1 else (lambda row: (getattr(row, names[0]),))
    text = {i for i, f in enumerate(msgspec.structs.fields(out)) if _admits_str(f.type)}

    def read(row: object) -> list[object]:
        values = list(get(row))  # type: ignore[arg-type]
        for i in text:
            if isinstance(values[i], Decimal):
                values[i] = format_money(values[i])  # type: ignore[arg-type]
        return values

    return read


def _admits_str(annotation: object) -> bool:
    return annotation is str or str in getattr(annotation, "__args__", ())


_READERS: dict[type, Callable[[object], list[object]] | None] = {}


def struct_from(out: type[S], row: object, **given: object) -> S:
    """``out`` filled from ``row``'s attributes of the same names, but for those ``given``; an exact
    ``Decimal`` amount becomes the two-decimal money string. Without ``given`` the fields are read by one
    reader built once per type (list items: the common case)."""
    if not given:
        try:
            read = _READERS[out]
        except KeyError:
            read = _READERS[out] = _reader(out)
        if read is not None:
            return out(*read(row))
    values = {}
    for name in out.__struct_fields__:
        value = given[name] if name in given else getattr(row, name)
        values[name] = format_money(value) if isinstance(value, Decimal) else value
    return out(**values)
