"""Uploaded files are judged by their bytes, never by their name or declared type (§9)."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.errors import ValidationFailed

MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp"}
ALLOWED_IMAGE_NAMES = ("jpg", "jpeg", "png", "webp")


@dataclass(frozen=True, slots=True)
class Upload:
    """A small uploaded file held in memory (images, at most 5 MB)."""

    filename: str
    content: bytes


def image_kind(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def check_image(upload: Upload, *, field: str) -> str:
    """Return the file extension to store the image under, or raise a field error.

    Both must agree: the name must say it is an image (a PNG renamed ``.pdf`` is refused, so the file
    cannot mislead whoever downloads it) and the bytes must really be JPEG, PNG or WebP.
    """
    extension = extension_of(upload.filename)
    if extension not in ALLOWED_IMAGE_NAMES:
        allowed = ", ".join(ALLOWED_IMAGE_NAMES)
        raise ValidationFailed.field(
            field, f"File extension '{extension}' is not allowed. Allowed extensions are: {allowed}."
        )
    if len(upload.content) > MAX_IMAGE_BYTES:
        raise ValidationFailed.field(field, "Image too large. Size should not exceed 5 MB.")
    kind = image_kind(upload.content[:16])
    if kind is None:
        raise ValidationFailed.field(
            field, "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
        )
    return IMAGE_EXTENSIONS[kind]
