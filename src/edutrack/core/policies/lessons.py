"""Field rules of topics, lectures and videos (Teacher API §3–§5, supplement §6), and who sees a video URL.

Each ``clean_*`` takes the fields a request gives (HTTP names), checks every one and reports every problem
at once, and returns them under the entity's names. Rules spanning fields (discount within the price, the
URL matching the platform) are checked on the merged values with ``check_discount``/``check_video_url``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from edutrack.core.entities.content import Platform
from edutrack.core.errors import FieldErrors, ValidationFailed
from edutrack.core.money import parse_money
from edutrack.core.policies.accounts import check_name
from edutrack.core.policies.content import Viewer, opens_lecture

REQUIRED = "This field is required."
MAX_ORDER = 2**31 - 1
MAX_DESCRIPTION = 10_000
MAX_URL = 500
MAX_DURATION = 10_000
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


# --- single fields ---------------------------------------------------------------------------------------


def _integer(field: str, raw: object, minimum: int, maximum: int) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ValidationFailed.field(field, "A valid integer is required.")
    if raw < minimum:
        raise ValidationFailed.field(field, f"Ensure this value is greater than or equal to {minimum}.")
    if raw > maximum:
        raise ValidationFailed.field(field, f"Ensure this value is less than or equal to {maximum}.")
    return raw


def _boolean(field: str, raw: object) -> bool:
    if not isinstance(raw, bool):
        raise ValidationFailed.field(field, "Must be a valid boolean.")
    return raw


def _text(field: str, raw: object, max_length: int) -> str:
    if not isinstance(raw, str):
        raise ValidationFailed.field(field, "Not a valid string.")
    return check_name(raw, field=field, max_length=max_length)


def _description(field: str, raw: object) -> str | None:
    """Optional free text: null or blank is no description."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if not isinstance(raw, str):
        raise ValidationFailed.field(field, "Not a valid string.")
    if len(raw) > MAX_DESCRIPTION:
        raise ValidationFailed.field(
            field, f"Ensure this field has no more than {MAX_DESCRIPTION} characters."
        )
    return raw.strip()


def _id(field: str, raw: object) -> int:
    return _integer(field, raw, 1, MAX_ORDER)


def _platform(field: str, raw: object) -> Platform:
    try:
        return Platform(raw)
    except ValueError:
        raise ValidationFailed.field(field, f'"{raw}" is not a valid choice.') from None


def _is_url(url: str, *, schemes: Sequence[str] = ("http", "https")) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in schemes and bool(parts.hostname) and " " not in url


def _video_url(field: str, raw: object) -> str:
    return _text(field, raw, MAX_URL)


# (HTTP name, entity name, cleaner) per resource
Rule = tuple[str, str, Callable[[str, object], object]]
TOPIC_RULES: tuple[Rule, ...] = (
    ("course", "course_id", _id),
    ("name", "name", lambda f, raw: _text(f, raw, 200)),
    ("description", "description", _description),
    ("order", "order", lambda f, raw: _integer(f, raw, 0, MAX_ORDER)),
    ("is_active", "is_active", _boolean),
)
LECTURE_RULES: tuple[Rule, ...] = (
    ("topic", "topic_id", _id),
    ("name", "name", lambda f, raw: _text(f, raw, 200)),
    ("description", "description", _description),
    ("price", "price", lambda f, raw: parse_money(f, raw, minimum=Decimal("0"))),
    ("discount", "discount", lambda f, raw: parse_money(f, raw, minimum=Decimal("0"))),
    ("available_days", "available_days", lambda f, raw: _integer(f, raw, 1, 365)),
    ("is_visible", "is_visible", _boolean),
    ("order", "order", lambda f, raw: _integer(f, raw, 0, MAX_ORDER)),
)
VIDEO_RULES: tuple[Rule, ...] = (
    ("lecture", "lecture_id", _id),
    ("name", "name", lambda f, raw: _text(f, raw, 200)),
    ("platform", "platform", _platform),
    ("video_url", "video_url", _video_url),
    ("order", "order", lambda f, raw: _integer(f, raw, 0, MAX_ORDER)),
    (
        "duration_minutes",
        "duration_minutes",
        lambda f, raw: None if raw is None else _integer(f, raw, 0, MAX_DURATION),
    ),
    ("is_active", "is_active", _boolean),
)
TOPIC_REQUIRED = ("course", "name")
LECTURE_REQUIRED = ("topic", "name", "price", "available_days")
VIDEO_REQUIRED = ("lecture", "name", "platform", "video_url")


def clean(
    rules: Sequence[Rule], fields: Mapping[str, object], required: Sequence[str] = ()
) -> dict[str, Any]:
    """Check the given fields (unknown ones are ignored); return them under the entity's names."""
    errors = FieldErrors()
    cleaned: dict[str, Any] = {}
    for name in required:
        if name not in fields:
            errors.add(name, REQUIRED)
    for http_name, entity_name, rule in rules:
        if http_name not in fields:
            continue
        try:
            cleaned[entity_name] = rule(http_name, fields[http_name])
        except ValidationFailed as exc:
            errors.merge(exc)
    errors.raise_if_any()
    return cleaned


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
        raise ValidationFailed.field("video_url", "Enter a valid URL.")
