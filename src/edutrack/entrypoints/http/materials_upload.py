"""Streaming multipart/form-data for material uploads.

Litestar's own multipart parsing holds the whole body in memory; a material may be 50 MB, so these routes
read ``request.stream()`` and feed ``multipart.PushMultipartParser``. Small text parts are collected; the
``file`` part's chunks go straight to ``PrivateFiles.save_stream`` (a temporary file on disk), so memory
stays flat whatever the upload's size. The staged file is handed to the use case, which owns it from then
on; if reading the rest of the body fails first, it is deleted here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import msgspec
import multipart
from litestar import Request

from edutrack.core import messages as m
from edutrack.core.errors import FieldErrors, RuleViolation, ValidationFailed
from edutrack.core.policies.materials import FIELD, MAX_MATERIAL_BYTES, NO_FILE
from edutrack.core.use_cases.materials.create_material import EXTENSION, FOLDER, StagedFile
from edutrack.entrypoints.http.validation import decode
from edutrack.ports.storage import PrivateFiles

T = TypeVar("T", bound=msgspec.Struct)

MAX_BODY = 60 * 1024 * 1024
"""The routes' body limit: above the 50 MB file cap, so a 51 MB file gets our 400, not a 413."""
MAX_TEXT = 64 * 1024
MAX_PARTS = 16
NOT_A_FILE = "The submitted data was not a file. Check the encoding type on the form."
ONE_FILE = "Send one file only."

Event = multipart.MultipartSegment | bytes | None


@dataclass
class _Form:
    fields: dict[str, str] = field(default_factory=dict)
    file: StagedFile | None = None


@dataclass(frozen=True, slots=True)
class MaterialForm(Generic[T]):
    data: T
    file: StagedFile | None


def is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower() == "multipart/form-data"


def _boundary(request: Request) -> str:
    _, options = multipart.parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get("boundary")
    if not boundary:
        raise RuleViolation("Multipart form parse error - Invalid boundary in multipart: None")
    return boundary


async def _events(request: Request, parser: multipart.PushMultipartParser) -> AsyncIterator[Event]:
    """Parser events as the body arrives; each chunk's events are consumed before the next is read."""
    async for chunk in request.stream():
        if chunk:
            for event in parser.parse(chunk):
                yield event
    parser.close()  # raises if the body ended in the middle of the form


class _Part:
    """The body chunks of the current part, pulled from the shared event stream until its end."""

    def __init__(self, events: AsyncIterator[Event]) -> None:
        self._events = events
        self.finished = False

    async def chunks(self) -> AsyncIterator[bytes]:
        while not self.finished:
            event = await self._events.__anext__()
            if event is None:
                self.finished = True
            elif isinstance(event, bytes):
                yield event

    async def drain(self) -> None:
        async for _ in self.chunks():
            pass

    async def text(self, name: str) -> str:
        data = bytearray()
        async for chunk in self.chunks():
            data += chunk
            if len(data) > MAX_TEXT:
                await self.drain()
                raise ValidationFailed.field(name, m.max_length(MAX_TEXT))
        return data.decode("utf-8", errors="replace")


async def read_material_form(
    request: Request, files: PrivateFiles, struct_type: type[T], *, file_required: bool = False
) -> MaterialForm[T]:
    """Read the whole form: the text fields of ``struct_type`` (others are ignored), decoded as strictly as
    JSON bodies, and at most one ``file`` part, streamed to private storage (at most 50 MB kept; beyond that
    nothing is stored and the use case reports the size). Every wrong or missing field is named in one
    answer, a missing file too when ``file_required``. A part named ``file`` that is not a file is a field
    error. On any error the staged file is deleted."""
    form = _Form()
    try:
        await _read(request, files, struct_type.__struct_fields__, form)
        problems = FieldErrors()
        data = problems.check(decode, struct_type, form.fields)
        if file_required and form.file is None:
            problems.add(FIELD, NO_FILE)
        problems.raise_if_any()
    except BaseException:
        await _discard(files, form)
        raise
    assert data is not None
    return MaterialForm(data=data, file=form.file)


async def _read(request: Request, files: PrivateFiles, text_fields: tuple[str, ...], form: _Form) -> None:
    parser = multipart.PushMultipartParser(_boundary(request), max_segment_count=MAX_PARTS)
    events = _events(request, parser)
    try:
        async for event in events:
            if not isinstance(event, multipart.MultipartSegment):
                continue
            part = _Part(events)
            if event.name == FIELD and event.filename is not None:
                if form.file is not None:
                    raise ValidationFailed.field(FIELD, ONE_FILE)
                if not event.filename:  # a form sent without choosing a file
                    await part.drain()
                    continue
                stored = await files.save_stream(FOLDER, EXTENSION, part.chunks(), MAX_MATERIAL_BYTES)
                form.file = StagedFile(filename=event.filename, stored=stored)
                await part.drain()  # what is left of a file that was too large
            elif event.name == FIELD:
                await part.drain()
                raise ValidationFailed.field(FIELD, NOT_A_FILE)
            elif event.name in text_fields:
                form.fields[event.name] = await part.text(event.name)
            else:
                await part.drain()
    except multipart.MultipartError as exc:
        raise RuleViolation(f"Multipart form parse error - {exc}") from None


async def _discard(files: PrivateFiles, form: _Form) -> None:
    if form.file is not None and form.file.stored.key:
        await files.delete(form.file.stored.key)
