"""Shape, type and range checks of request bodies, done once at the edge with every problem reported.

msgspec stops at the first error; DRF reports every field. So when a body does not fit its Struct, each
field is checked on its own (``field_errors``) and the answer names every wrong or missing field. The
texts are DRF's (``core/messages.py``), translated from msgspec's errors here and nowhere else.

JSON bodies read by Litestar (``data: JSONBody[Struct]``) are checked by ``check_json_body``, a
``before_request`` hook that runs before Litestar decodes them; form bodies by ``decode`` (``forms.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

import msgspec
from litestar import Request

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


def _body_struct(request: Request) -> type[msgspec.Struct] | None:
    parameter = request.route_handler.parsed_fn_signature.parameters.get("data")
    if parameter is None:
        return None
    annotation = parameter.annotation
    return annotation if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct) else None


async def check_json_body(request: Request) -> None:
    """``before_request``: a JSON body that does not fit the handler's Struct is answered with all of its
    field errors. Bodies that are not JSON objects are left to Litestar's own (documented) answers."""
    struct_type = _body_struct(request)
    if struct_type is None or request.method in {"GET", "HEAD", "DELETE", "OPTIONS"}:
        return
    body = await request.body()
    if not body.strip():
        return
    try:
        raw = msgspec.json.decode(body)
    except msgspec.DecodeError:
        return
    if isinstance(raw, dict):
        decode(struct_type, raw)
