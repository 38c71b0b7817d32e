"""Topic, lecture and video bodies are checked once, at the edge: the Struct (shape, types, ranges) and the
function that builds the core's command (trimmed names, money, the platform, the picture, PUT's required
fields), every problem in one answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import msgspec
import pytest
from litestar.datastructures import UploadFile

from edutrack.core.commands import UNSET
from edutrack.core.entities.content import Platform
from edutrack.core.errors import ValidationFailed
from edutrack.core.policies.uploads import Upload
from edutrack.core.use_cases.lessons.commands import (
    LectureChanges,
    NewLecture,
    NewTopic,
    NewVideo,
    TopicChanges,
    VideoChanges,
)
from edutrack.entrypoints.http.schemas import lessons as s
from edutrack.entrypoints.http.validation import decode
from tests.support.files import PNG

pytestmark = pytest.mark.anyio
REQUIRED = ["This field is required."]


async def convert(struct_type: type[msgspec.Struct], body: dict[str, Any], to: Callable[..., Any]) -> Any:
    """``body`` as the handler sees it: decoded (every Struct problem at once), then converted."""
    result = to(decode(struct_type, body))
    return await result if isinstance(result, Awaitable) else result


async def errors_of(struct_type: type[msgspec.Struct], body: dict[str, Any], to: Callable[..., Any]) -> Any:
    with pytest.raises(ValidationFailed) as caught:
        await convert(struct_type, body, to)
    return caught.value.fields


def put(convert_changes: Callable[..., Any]) -> Callable[[Any], Any]:
    return lambda data: convert_changes(data, replace=True)


def patch(convert_changes: Callable[..., Any]) -> Callable[[Any], Any]:
    return lambda data: convert_changes(data, replace=False)


async def lecture_patch(data: s.LectureUpdateIn) -> LectureChanges:
    return await s.lecture_changes(data, {}, replace=False)


async def test_a_lecture_body_becomes_the_command() -> None:
    body = {"topic": 3, "name": " Waves ", "price": "120.5", "discount": 20, "available_days": 365}
    data = await convert(s.LectureCreateIn, {**body, "description": ""}, s.new_lecture)
    assert data == NewLecture(
        topic_id=3,
        name="Waves",
        price=Decimal("120.50"),
        discount=Decimal("20.00"),
        available_days=365,
        description=None,
    )
    assert str(data.price) == "120.50" and data.is_visible is True and data.picture is None


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"price": "-1"}, {"price": ["Ensure this value is greater than or equal to 0."]}),
        ({"price": "abc"}, {"price": ["A valid number is required."]}),
        ({"price": "1.005"}, {"price": ["Ensure that there are no more than 2 decimal places."]}),
        ({"discount": "-0.01"}, {"discount": ["Ensure this value is greater than or equal to 0."]}),
        ({"available_days": 0}, {"available_days": ["Ensure this value is greater than or equal to 1."]}),
        ({"available_days": 366}, {"available_days": ["Ensure this value is less than or equal to 365."]}),
        ({"available_days": True}, {"available_days": ["A valid integer is required."]}),
        ({"topic": 0}, {"topic": ["Ensure this value is greater than or equal to 1."]}),
        ({"name": "  "}, {"name": ["This field may not be blank."]}),
        ({"name": "x" * 201}, {"name": ["Ensure this field has no more than 200 characters."]}),
    ],
)
async def test_lecture_field_errors(fields: dict[str, object], errors: dict[str, list[str]]) -> None:
    body = {"topic": 3, "name": "L", "price": "10", "available_days": 30, **fields}
    assert await errors_of(s.LectureCreateIn, body, s.new_lecture) == errors


async def test_every_problem_of_a_body_at_once() -> None:
    assert await errors_of(s.LectureCreateIn, {}, s.new_lecture) == {
        name: REQUIRED for name in ("topic", "name", "price", "available_days")
    }
    assert await errors_of(s.LectureCreateIn, {"topic": "x", "name": 5}, s.new_lecture) == {
        "topic": ["A valid integer is required."],
        "name": ["Not a valid string."],
        "price": REQUIRED,
        "available_days": REQUIRED,
    }
    fake = UploadFile(content_type="image/png", filename="a.png", file_data=b"not an image")
    body = s.LectureCreateIn(topic=1, name=" ", price="abc", available_days=1, picture=fake)
    with pytest.raises(ValidationFailed) as caught:
        await s.new_lecture(body)
    assert set(caught.value.fields) == {"name", "price", "picture"}
    video = {"lecture": 1, "name": "V", "platform": "vimeo", "video_url": " "}
    assert await errors_of(s.VideoCreateIn, video, s.new_video) == {
        "platform": ['"vimeo" is not a valid choice.'],
        "video_url": ["This field may not be blank."],
    }


async def test_a_picture_is_read_into_the_command() -> None:
    def image() -> UploadFile:
        return UploadFile(content_type="image/png", filename="a.png", file_data=PNG)

    body = s.LectureCreateIn(topic=1, name="L", price=1, available_days=1, picture=image())
    assert (await s.new_lecture(body)).picture == Upload("a.png", PNG)
    changes = await s.lecture_changes(s.LectureUpdateIn(), {"picture": image()}, replace=False)
    assert changes == LectureChanges(picture=Upload("a.png", PNG))
    assert await s.lecture_changes(s.LectureUpdateIn(picture=None), {}, replace=False) == LectureChanges(
        picture=None
    )
    assert (await s.lecture_changes(s.LectureUpdateIn(), {}, replace=False)).picture is UNSET
    with pytest.raises(ValidationFailed) as caught:
        await s.lecture_changes(s.LectureUpdateIn(picture="x", price="-1"), {}, replace=False)
    assert set(caught.value.fields) == {"picture", "price"}


async def test_topics_trim_and_clear() -> None:
    assert await convert(s.TopicCreateIn, {"course": 1, "name": " Algebra "}, s.new_topic) == NewTopic(
        course_id=1, name="Algebra"
    )
    body = {"course": 1, "name": "A", "description": "  ", "order": 2, "is_active": False}
    assert await convert(s.TopicCreateIn, body, s.new_topic) == NewTopic(1, "A", None, 2, False)
    assert await convert(s.TopicUpdateIn, {"description": None}, patch(s.topic_changes)) == TopicChanges(
        description=None
    )
    assert await convert(s.TopicUpdateIn, {"description": " x "}, patch(s.topic_changes)) == TopicChanges(
        description="x"
    )
    assert await convert(s.TopicUpdateIn, {}, patch(s.topic_changes)) == TopicChanges()
    assert await errors_of(s.TopicUpdateIn, {"order": -1}, patch(s.topic_changes)) == {
        "order": ["Ensure this value is greater than or equal to 0."]
    }


async def test_put_requires_the_documented_fields() -> None:
    assert await errors_of(s.TopicUpdateIn, {"name": "X"}, put(s.topic_changes)) == {"course": REQUIRED}
    assert await errors_of(s.TopicUpdateIn, {"name": " "}, put(s.topic_changes)) == {
        "course": REQUIRED,
        "name": ["This field may not be blank."],
    }

    async def lecture_put(data: s.LectureUpdateIn) -> LectureChanges:
        return await s.lecture_changes(data, {}, replace=True)

    assert await errors_of(s.LectureUpdateIn, {"name": "X"}, lecture_put) == {
        "topic": REQUIRED,
        "price": REQUIRED,
        "available_days": REQUIRED,
    }
    assert await errors_of(s.VideoUpdateIn, {}, put(s.video_changes)) == {
        name: REQUIRED for name in ("lecture", "name", "platform", "video_url")
    }
    assert await convert(s.LectureUpdateIn, {"price": 5}, lecture_patch) == LectureChanges(
        price=Decimal("5.00")
    )


async def test_videos_take_the_platform_by_name() -> None:
    body = {"lecture": 2, "name": "V", "platform": "vdocipher", "video_url": " https://v.example/1 "}
    assert await convert(s.VideoCreateIn, {**body, "duration_minutes": None}, s.new_video) == NewVideo(
        lecture_id=2, name="V", platform=Platform.VDOCIPHER, video_url="https://v.example/1"
    )
    assert await convert(s.VideoUpdateIn, {"platform": "youtube"}, patch(s.video_changes)) == VideoChanges(
        platform=Platform.YOUTUBE
    )
    assert await errors_of(s.VideoUpdateIn, {"duration_minutes": -1}, patch(s.video_changes)) == {
        "duration_minutes": ["Ensure this value is greater than or equal to 0."]
    }
