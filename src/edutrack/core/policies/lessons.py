"""Rules of topics, lectures and videos that need more than one field (Teacher API §4–§5, supplement §6),
and who sees a video URL.

Single fields (types, ranges, blank names, money, the platform's name) are checked once, at the edge
(``entrypoints/http/schemas/lessons.py``); the use cases check these on the merged values (a PATCH that
changes one field is checked against the stored others).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from urllib.parse import urlsplit

from edutrack.core import messages as m
from edutrack.core.entities.content import Platform
from edutrack.core.errors import ValidationFailed
from edutrack.core.policies.content import Viewer, opens_lecture

DISCOUNT_TOO_HIGH = "Discount cannot exceed the price."
URL_RULES: dict[Platform, tuple[Callable[[str], bool], str]] = {
    Platform.YOUTUBE: (
        lambda url: "youtube.com" in url or "youtu.be" in url,
        "YouTube URL must contain 'youtube.com' or 'youtu.be'.",
    ),
    Platform.BUNNYSTREAM: (
        lambda url: "bunnycdn" in url or "b-cdn.net" in url,
        "Bunny Stream URL must contain 'bunnycdn' or 'b-cdn.net'.",
    ),
    Platform.VDOCIPHER: (
        lambda url: _is_url(url, schemes=("https",)),
        "VDO Cipher URL must be a valid HTTPS URL.",
    ),
}


def shows_video_url(viewer: Viewer, lecture_id: int) -> bool:
    """The one place that decides whether a viewer gets a video's URL: staff always; a student only while
    holding unexpired access to the lecture (the viewer says which, see ``with_access``)."""
    return opens_lecture(viewer, lecture_id)


def _is_url(url: str, *, schemes: Sequence[str] = ("http", "https")) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in schemes and bool(parts.hostname) and " " not in url


# --- rules across fields ---------------------------------------------------------------------------------


def check_discount(price: Decimal, discount: Decimal) -> None:
    """§6: ``0 <= discount <= price`` (each is already >= 0)."""
    if discount > price:
        raise ValidationFailed.field("discount", DISCOUNT_TOO_HIGH)


def check_video_url(platform: Platform, url: str) -> None:
    """The URL must match its platform, with the documents' messages; and be an http(s) URL at all."""
    matches, message = URL_RULES[platform]
    if not matches(url):
        raise ValidationFailed.field("video_url", message)
    if not _is_url(url):
        raise ValidationFailed.field("video_url", m.INVALID_URL)
