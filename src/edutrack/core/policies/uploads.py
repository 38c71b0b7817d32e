"""Uploaded files are judged by their bytes, never by their name or declared type (§9).

An image's width and height are read from its header (PNG IHDR, JPEG SOF marker, WebP VP8/VP8L/VP8X
chunk), never by decoding it: a small file can declare a huge canvas (a decompression bomb for whoever
displays it), so more than ``MAX_IMAGE_PIXELS`` is refused, and a header that cannot be read is not an image.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from edutrack.core.errors import ValidationFailed

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
NOT_AN_IMAGE = "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
TOO_MANY_PIXELS = "Image is too large: at most 40 megapixels."
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


# JPEG start-of-frame markers (baseline, extended, progressive, lossless; Huffman and arithmetic): not
# C4 (Huffman tables), C8 (reserved) or CC (arithmetic conditioning).
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM and RST0-7 carry no length


def _png_size(content: bytes) -> tuple[int, int] | None:
    # signature (8), then the first chunk must be IHDR: length (4), type (4), width (4), height (4)
    if len(content) < 24 or content[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", content[16:24])
    return width, height


def _jpeg_size(content: bytes) -> tuple[int, int] | None:
    position = 2  # after SOI (FF D8)
    end = len(content)
    while position < end:
        if content[position] != 0xFF:
            return None
        while position < end and content[position] == 0xFF:  # any number of fill bytes
            position += 1
        if position >= end:
            return None
        marker = content[position]
        position += 1
        if marker in _JPEG_STANDALONE:
            continue
        if marker in (0xD9, 0xDA) or position + 2 > end:  # image end or scan data before any frame
            return None
        (length,) = struct.unpack(">H", content[position : position + 2])
        if length < 2 or position + length > end:
            return None
        if marker in _JPEG_FRAMES:
            if length < 7:
                return None
            height, width = struct.unpack(">HH", content[position + 3 : position + 7])
            return width, height
        position += length
    return None


def _webp_size(content: bytes) -> tuple[int, int] | None:
    # RIFF, size (4), WEBP, then the first chunk: type (4), size (4), payload
    chunk, payload = content[12:16], content[20:]
    if chunk == b"VP8 ":  # lossy: frame tag (3), start code 9D 01 2A, 14-bit width and height
        if len(payload) < 10 or payload[3:6] != b"\x9d\x01\x2a":
            return None
        width, height = struct.unpack("<HH", payload[6:10])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":  # lossless: signature 2F, then width-1 and height-1 in 14 bits each
        if len(payload) < 5 or payload[0] != 0x2F:
            return None
        (bits,) = struct.unpack("<I", payload[1:5])
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":  # extended: flags (4), canvas width-1 and height-1 in 24 bits each
        if len(payload) < 10:
            return None
        return int.from_bytes(payload[4:7], "little") + 1, int.from_bytes(payload[7:10], "little") + 1
    return None


_SIZE_READERS = {"jpeg": _jpeg_size, "png": _png_size, "webp": _webp_size}


def image_size(content: bytes) -> tuple[str, int, int] | None:
    """``(kind, width, height)`` read from the header alone, or None when it is not a readable JPEG, PNG or
    WebP header (unknown signature, truncated, malformed, or an empty canvas)."""
    kind = image_kind(content[:16])
    if kind is None:
        return None
    size = _SIZE_READERS[kind](content)
    if size is None or 0 in size:
        return None
    return kind, size[0], size[1]


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def check_image(upload: Upload, *, field: str) -> str:
    """Return the file extension to store the image under, or raise a field error.

    Both must agree: the name must say it is an image (a PNG renamed ``.pdf`` is refused, so the file
    cannot mislead whoever downloads it) and the bytes must really be JPEG, PNG or WebP, with a readable
    header declaring at most 40 megapixels.
    """
    extension = extension_of(upload.filename)
    if extension not in ALLOWED_IMAGE_NAMES:
        allowed = ", ".join(ALLOWED_IMAGE_NAMES)
        raise ValidationFailed.field(
            field, f"File extension '{extension}' is not allowed. Allowed extensions are: {allowed}."
        )
    if len(upload.content) > MAX_IMAGE_BYTES:
        raise ValidationFailed.field(field, "Image too large. Size should not exceed 5 MB.")
    size = image_size(upload.content)
    if size is None:
        raise ValidationFailed.field(field, NOT_AN_IMAGE)
    kind, width, height = size
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationFailed.field(field, TOO_MANY_PIXELS)
    return IMAGE_EXTENSIONS[kind]
