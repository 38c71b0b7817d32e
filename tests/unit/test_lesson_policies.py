"""The rules of topics, lectures and videos that span fields, prices and durations as shown, and who sees a
video URL. (Single fields are checked at the edge: tests/unit/test_lesson_schemas.py.)"""

from __future__ import annotations

from decimal import Decimal

import pytest

from edutrack.core.entities.content import Platform, duration_display, final_price, formatted_price
from edutrack.core.errors import ValidationFailed
from edutrack.core.policies.content import Viewer
from edutrack.core.policies.lessons import check_discount, check_video_url, shows_video_url


def test_discount_cannot_exceed_the_price() -> None:
    check_discount(Decimal("10.00"), Decimal("10.00"))
    with pytest.raises(ValidationFailed) as caught:
        check_discount(Decimal("10.00"), Decimal("10.01"))
    assert caught.value.fields == {"discount": ["Discount cannot exceed the price."]}


@pytest.mark.parametrize(
    ("price", "discount", "final", "shown"),
    [
        ("120.00", "0.00", "120.00", "120.00 EGP"),
        ("150.00", "30.00", "120.00", "120.00 EGP"),
        ("50.00", "50.00", "0.00", "Free"),
        ("0.00", "0.00", "0.00", "Free"),
    ],
)
def test_prices(price: str, discount: str, final: str, shown: str) -> None:
    assert final_price(Decimal(price), Decimal(discount)) == Decimal(final)
    assert formatted_price(Decimal(price), Decimal(discount)) == shown


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(None, None), (0, "0m"), (45, "45m"), (60, "1h 00m"), (65, "1h 05m"), (150, "2h 30m")],
)
def test_duration_display(minutes: int | None, shown: str | None) -> None:
    assert duration_display(minutes) == shown


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        (Platform.YOUTUBE, "https://www.youtube.com/watch?v=abc"),
        (Platform.YOUTUBE, "https://youtu.be/abc"),
        (Platform.BUNNYSTREAM, "https://iframe.mediadelivery.net/bunnycdn/1"),
        (Platform.BUNNYSTREAM, "https://vz-1.b-cdn.net/abc/playlist.m3u8"),
        (Platform.VDOCIPHER, "https://player.vdocipher.com/v2/?otp=1"),
    ],
)
def test_urls_that_match_their_platform(platform: Platform, url: str) -> None:
    check_video_url(platform, url)


@pytest.mark.parametrize(
    ("platform", "url", "message"),
    [
        (Platform.YOUTUBE, "https://vimeo.com/1", "YouTube URL must contain 'youtube.com' or 'youtu.be'."),
        (
            Platform.BUNNYSTREAM,
            "https://youtu.be/a",
            "Bunny Stream URL must contain 'bunnycdn' or 'b-cdn.net'.",
        ),
        (Platform.VDOCIPHER, "http://player.vdocipher.com/v2", "VDO Cipher URL must be a valid HTTPS URL."),
        (Platform.VDOCIPHER, "https://", "VDO Cipher URL must be a valid HTTPS URL."),
        (Platform.VDOCIPHER, "not a url", "VDO Cipher URL must be a valid HTTPS URL."),
        (Platform.YOUTUBE, "youtube.com/watch", "Enter a valid URL."),
    ],
)
def test_urls_that_do_not(platform: Platform, url: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_video_url(platform, url)
    assert caught.value.fields == {"video_url": [message]}


def test_only_staff_get_video_urls() -> None:
    assert shows_video_url(Viewer(sees_all=True), 1)
    assert shows_video_url(Viewer(own_teacher_id=3), 1)
    assert not shows_video_url(Viewer(student=True), 1)
