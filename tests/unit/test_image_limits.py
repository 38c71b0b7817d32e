"""Image dimensions are read from the file header, never by decoding: at most 40 megapixels (issue 11)."""

from __future__ import annotations

import struct

import pytest

from edutrack.core.errors import ValidationFailed
from edutrack.core.policies.uploads import MAX_IMAGE_PIXELS, Upload, check_image, image_size
from tests.support.files import png_of

NOT_AN_IMAGE = "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
TOO_LARGE = "Image is too large: at most 40 megapixels."


def jpeg(width: int, height: int, sof: int = 0xC0) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    sof_segment = bytes([0xFF, sof]) + struct.pack(">H", len(frame) + 2) + frame
    return b"\xff\xd8" + app0 + b"\xff\xff" + sof_segment + b"\xff\xda\x00\x02"


def riff(chunk: bytes, payload: bytes) -> bytes:
    body = b"WEBP" + chunk + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", len(body)) + body


def webp_lossy(width: int, height: int) -> bytes:
    return riff(b"VP8 ", b"\x30\x01\x00\x9d\x01\x2a" + struct.pack("<HH", width, height) + b"\x00" * 8)


def webp_lossless(width: int, height: int) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    return riff(b"VP8L", b"\x2f" + struct.pack("<I", bits) + b"\x00" * 8)


def webp_extended(width: int, height: int) -> bytes:
    canvas = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return riff(b"VP8X", b"\x00\x00\x00\x00" + canvas)


BUILDERS = {
    "png": (png_of, "png"),
    "jpeg": (jpeg, "jpg"),
    "jpeg_progressive": (lambda w, h: jpeg(w, h, sof=0xC2), "jpg"),
    "webp_vp8": (webp_lossy, "webp"),
    "webp_vp8l": (webp_lossless, "webp"),
    "webp_vp8x": (webp_extended, "webp"),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_the_size_is_read_from_the_header(name: str) -> None:
    build, _ = BUILDERS[name]
    assert image_size(build(1200, 800))[1:] == (1200, 800)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_at_most_40_megapixels_are_accepted(name: str) -> None:
    build, extension = BUILDERS[name]
    assert MAX_IMAGE_PIXELS == 40_000_000
    assert check_image(Upload("a." + extension, build(8000, 5000)), field="picture") == extension
    # 16383 is the largest side VP8 and VP8L can say; 16383 × 2442 is just past 40 megapixels
    with pytest.raises(ValidationFailed) as refused:
        check_image(Upload("a." + extension, build(16383, 2442)), field="picture")
    assert refused.value.fields == {"picture": [TOO_LARGE]}


@pytest.mark.parametrize("name", ["png", "jpeg", "webp_vp8x"])
def test_a_decompression_bomb_is_refused(name: str) -> None:
    build, extension = BUILDERS[name]
    with pytest.raises(ValidationFailed) as refused:
        check_image(Upload("bomb." + extension, build(20000, 20000)), field="profile_picture")
    assert refused.value.fields == {"profile_picture": [TOO_LARGE]}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_a_truncated_header_is_not_an_image(name: str) -> None:
    build, extension = BUILDERS[name]
    whole = build(100, 100)
    cut = {"png": 20, "jpeg": 30, "jpeg_progressive": 30}.get(name, 24)
    with pytest.raises(ValidationFailed) as refused:
        check_image(Upload("a." + extension, whole[:cut]), field="picture")
    assert refused.value.fields == {"picture": [NOT_AN_IMAGE]}


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,  # no IHDR chunk first
        png_of(0, 10),  # an empty image
        b"\xff\xd8\xff\xe0\x00\x01" + b"\x00" * 64,  # a segment length below 2
        b"\xff\xd8" + b"\xff\xda\x00\x02" + b"\x00" * 32,  # scan data before any frame header
        b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 4,  # segment runs past the end
        riff(b"VP8 ", b"\x30\x01\x00\x00\x00\x00" + b"\x00" * 12),  # no VP8 start code
        riff(b"VP8L", b"\x00" + b"\x00" * 12),  # no VP8L signature
        riff(b"ICCP", b"\x00" * 16),  # an unknown first chunk
    ],
)
def test_malformed_headers_are_not_images(content: bytes) -> None:
    assert image_size(content) is None
