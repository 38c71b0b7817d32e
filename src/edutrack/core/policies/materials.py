"""Study materials are PDFs, judged by their bytes (§9): the name must say ``.pdf``, the size is at most
50 MB and the content starts with the PDF signature ``%PDF-`` at byte 0."""

from __future__ import annotations

from edutrack.core.actor import Actor, Role
from edutrack.core.errors import ValidationFailed
from edutrack.core.policies.content import owns_course
from edutrack.core.policies.uploads import extension_of

MAX_MATERIAL_BYTES = 50 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"
FIELD = "file"
TOO_LARGE = "File too large. Size should not exceed 50 MB."
NOT_A_PDF = "The file is not a valid PDF."
EMPTY = "The submitted file is empty."
NO_FILE = "No file was submitted."


def extension_message(extension: str) -> str:
    return f"File extension '{extension}' is not allowed. Allowed extensions are: pdf."


def check_pdf_name(filename: str) -> None:
    """The name must end in ``.pdf`` (any case), so the download cannot mislead whoever opens it."""
    extension = extension_of(filename)
    if extension != "pdf":
        raise ValidationFailed.field(FIELD, extension_message(extension))


def check_pdf(filename: str, size: int, head: bytes) -> None:
    """Extension first, then size, then the signature; the first problem found is reported."""
    check_pdf_name(filename)
    if size > MAX_MATERIAL_BYTES:
        raise ValidationFailed.field(FIELD, TOO_LARGE)
    if size == 0:
        raise ValidationFailed.field(FIELD, EMPTY)
    if not head.startswith(PDF_SIGNATURE):
        raise ValidationFailed.field(FIELD, NOT_A_PDF)


def may_download(actor: Actor, course_teacher_id: int) -> bool:
    """Who may read a material's file: the site owner, or the course's teacher and their assistants.
    Students who bought the lecture get it with the money issue."""
    return actor.is_active and (actor.role is Role.SITE_OWNER or owns_course(actor, course_teacher_id))


def download_name(title: str) -> str:
    """A file name for the download built from the title: no path separators, quotes or control
    characters, at most 100 characters, always ending in ``.pdf``."""
    kept = "".join(c if c.isprintable() and c not in '\\/:*?"<>|;' else " " for c in title)
    stem = " ".join(kept.split())[:100].strip(" .") or "material"
    if stem.lower().endswith(".pdf"):
        stem = stem[:-4].rstrip(" .") or "material"
    return f"{stem}.pdf"
