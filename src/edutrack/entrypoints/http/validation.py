"""Shape, type and range checks of request bodies, done once at the edge with every problem reported.

msgspec stops at the first error; DRF reports every field. So when a body does not fit its Struct, each
field is checked on its own (``field_errors``) and the answer names every wrong or missing field. The
texts are DRF's (``core/messages.py``), translated from msgspec's errors here and nowhere else.

Bodies Litestar decodes itself (``data: JSONBody[Struct]``, or a multipart ``data`` Struct) are checked
by ``check_body``, the application's ``before_request`` hook, which runs before Litestar decodes them;
bodies a handler reads itself (``forms.read_form_or_json``) by ``decode``.
"""

from __future__ import annotations

import re
import types
from collections.abc import Mapping
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType

from edutrack.core import messages as m
from edutrack.core.errors import ValidationFailed

S = TypeVar("S", bound=msgspec.Struct)

MISSING = re.compile(r"Object missing required field `([^`]+)`")
_AT = re.compile(r"^(.*?) - at `\$\.?([^`]*)`$")
_TRANSLATIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Expected `(int|int \| null)`"), m.INVALID_INTEGER),
    (re.compile(r"Expected `(float|number|int \| float|decimal)`"), m.INVALID_NUMBER),
    (re.compile(r"Expected `(bool|bool \| null)`"), m.INVALID_BOOLEAN),
    (re.compile(r"Expected `(str|str \| null)`, got"), m.INVALID_STRING),
    (re.compile(r"Expected `array"), m.INVALID_LIST),
    (re.compile(r"Expected `object"), m.INVALID_DICT),
    (re.compile(r"Expected `(date|datetime)"), m.INVALID_DATE),
    (re.compile(r"Invalid RFC3339 encoded datetime"), m.DATETIME_FORMAT),
    (re.compile(r"Invalid RFC3339 encoded date\b"), m.DATE_FORMAT),
]
_BOUNDS = [
    (re.compile(r"Expected `(?:int|float|decimal)[^`]*` >= (\S+)`?"), m.min_value),
    (re.compile(r"Expected `(?:int|float|decimal)[^`]*` <= (\S+)`?"), m.max_value),
    (re.compile(r"Expected `str` of length <= (\d+)"), m.max_length),
    (re.compile(r"Expected `str` of length >= (\d+)"), m.min_length),
    (re.compile(r"Expected `array` of length >= (\d+)"), m.min_items),
    (re.compile(r"Expected `array` of length <= (\d+)"), m.max_items),
]
_NOT_BLANK = re.compile(r"Expected `str` matching regex '\\\\S'")
_ENUM = re.compile(r"Invalid enum value (.+)$")


def message(raw: str) -> str:
    """One msgspec error text (without its ``- at `$.x``` suffix) in DRF's words."""
    for pattern, template in _BOUNDS:
        if found := pattern.search(raw):
            return template(found.group(1).rstrip("`"))
    if _NOT_BLANK.search(raw):
        return m.BLANK
    if found := _ENUM.search(raw):
        return m.invalid_choice(found.group(1).strip("'\""))
    if "got `null`" in raw:
        return m.NULL
    for pattern, text in _TRANSLATIONS:
        if pattern.search(raw):
            return text
    return raw


def field_name(key: str) -> str:
    """``grades[0]`` → ``grades``; ``address.city`` → ``address``."""
    return re.split(r"[.\[]", key, maxsplit=1)[0] or "non_field_errors"


def msgspec_field_errors(text: str) -> dict[str, list[str]]:
    """``msgspec.ValidationError`` text (``Expected `int`, got `str` - at `$.grades[0]```) → field errors."""
    if found := MISSING.search(text):
        return {found.group(1): [m.REQUIRED]}
    if found := _AT.match(text):
        return {field_name(found.group(2)): [message(found.group(1))]}
    return {"non_field_errors": [message(text)]}


def field_errors(struct_type: type[msgspec.Struct], raw: Mapping[str, Any]) -> dict[str, list[str]]:
    """Every field of ``raw`` that does not fit ``struct_type``, and every required field it lacks."""
    errors: dict[str, list[str]] = {}
    for info in msgspec.structs.fields(struct_type):
        name = info.encode_name
        if name not in raw:
            if info.required:
                errors[name] = [m.REQUIRED]
            continue
        try:
            msgspec.convert(raw[name], info.type, strict=False)
        except msgspec.ValidationError as exc:
            for key, texts in msgspec_field_errors(_relative(str(exc), name)).items():
                errors.setdefault(key, []).extend(texts)
    return errors


def _relative(text: str, name: str) -> str:
    """An error raised converting one field's value: ``- at `$[0]``` is ``- at `$.name[0]```."""
    if found := re.search(r" - at `\$([^`]*)`$", text):
        return f"{text[: found.start()]} - at `$.{name}{found.group(1)}`"
    return f"{text} - at `$.{name}`"


def decode(struct_type: type[S], raw: Any) -> S:
    """``raw`` (decoded JSON or form fields) as ``struct_type``, or ValidationFailed naming every problem."""
    if not isinstance(raw, Mapping):
        raise ValidationFailed.non_field(m.INVALID_DICT)
    try:
        return msgspec.convert(raw, struct_type, strict=False)
    except msgspec.ValidationError as exc:
        raise ValidationFailed(field_errors(struct_type, raw) or msgspec_field_errors(str(exc))) from None


FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        return _is_list(get_args(annotation)[0])
    if get_origin(annotation) in (list, tuple, set, frozenset):
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_list(arg) for arg in get_args(annotation))
    return False


def _is_file(annotation: Any) -> bool:
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_file(arg) for arg in get_args(annotation))
    return annotation is UploadFile


def list_fields(struct_type: type[msgspec.Struct]) -> set[str]:
    """The fields a form sends as repeated keys (``grades=1&grades=2``)."""
    return {f.encode_name for f in msgspec.structs.fields(struct_type) if _is_list(f.type)}


def file_fields(struct_type: type[msgspec.Struct]) -> set[str]:
    return {f.encode_name for f in msgspec.structs.fields(struct_type) if _is_file(f.type)}


def content_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def form_fields(request: Request, struct_type: type[msgspec.Struct]) -> dict[str, Any]:
    """The text fields of a form body as ``struct_type`` reads them: repeated keys as lists for list
    fields, files and the empty value of a file field (no file) left out."""
    lists, files = list_fields(struct_type), file_fields(struct_type)
    raw: dict[str, Any] = {}
    for key, value in (await request.form()).multi_items():
        if isinstance(value, UploadFile) or (key in files and value == ""):
            continue
        if key in lists:
            raw.setdefault(key, []).append(value)
        else:
            raw[key] = value
    return raw


def _body(request: Request) -> tuple[type[msgspec.Struct], bool] | None:
    """The handler's ``data`` Struct, and whether it is declared as a form (multipart) body."""
    parameter = request.route_handler.parsed_fn_signature.parameters.get("data")
    if parameter is None:
        return None
    annotation = parameter.annotation
    if not (isinstance(annotation, type) and issubclass(annotation, msgspec.Struct)):
        return None
    media_type = getattr(parameter.kwarg_definition, "media_type", None)
    return annotation, media_type in (RequestEncodingType.MULTI_PART, RequestEncodingType.URL_ENCODED)


async def check_body(request: Request) -> None:
    """``before_request``: a body that does not fit the handler's ``data`` Struct is answered with all of
    its field errors (Litestar's own decoding names the first one only). A form handler's empty body is
    an empty form. JSON that does not parse, or is not an object, is left to Litestar's own answers. The
    parsed body stays on the request, so Litestar reads it once."""
    found = _body(request)
    if found is None or request.method in {"GET", "HEAD", "DELETE", "OPTIONS"}:
        return
    struct_type, is_form = found
    if content_type(request) in FORM_TYPES:
        decode(struct_type, await form_fields(request, struct_type))
        return
    body = await request.body()
    if not body.strip():
        if is_form:
            decode(struct_type, {})
        return
    try:
        raw = msgspec.json.decode(body)
    except msgspec.DecodeError:
        return
    if isinstance(raw, dict):
        decode(struct_type, raw)
