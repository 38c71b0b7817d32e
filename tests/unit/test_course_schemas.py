"""Course bodies are checked once, at the edge: the Struct, then ``new_course``/``course_changes`` (trimmed
names that may not be blank, the lengths of the trimmed text, the cover's bytes), every problem at once."""

from __future__ import annotations

import pytest
from litestar.datastructures import UploadFile

from edutrack.core.commands import UNSET
from edutrack.core.errors import ValidationFailed
from edutrack.core.policies.uploads import Upload
from edutrack.core.use_cases.courses.create_course import NewCourse
from edutrack.core.use_cases.courses.update_course import CourseChanges
from edutrack.entrypoints.http.schemas.courses import CourseIn, CoursePatch, course_changes, new_course
from edutrack.entrypoints.http.validation import decode
from tests.support.files import PNG

pytestmark = pytest.mark.anyio
NOT_AN_IMAGE = "Upload a valid image. The file you uploaded was either not an image or a corrupted image."


def upload(content: bytes) -> UploadFile:
    return UploadFile(content_type="image/png", filename="c.png", file_data=content)


async def test_a_create_body_becomes_the_command() -> None:
    data = decode(CourseIn, {"name": " Algebra ", "teacher": "3", "grade": "4", "description": "  "})
    assert await new_course(data) == NewCourse(name="Algebra", teacher_id=3, grade_id=4, description=None)
    data = CourseIn(
        name="A", teacher=1, grade=2, description=" Basics ", is_active=False, cover_picture=upload(PNG)
    )
    command = await new_course(data)
    assert (command.description, command.is_active, command.cover_picture) == (
        "Basics",
        False,
        Upload("c.png", PNG),
    )


async def test_every_problem_at_once() -> None:
    data = CourseIn(name="  ", teacher=1, grade=2, description="x" * 10_001, cover_picture=upload(b"text"))
    with pytest.raises(ValidationFailed) as caught:
        await new_course(data)
    assert caught.value.fields == {
        "name": ["This field may not be blank."],
        "description": ["Ensure this field has no more than 10000 characters."],
        "cover_picture": [NOT_AN_IMAGE],
    }
    with pytest.raises(ValidationFailed) as caught:
        await course_changes(CoursePatch(name=" " + "x" * 201, cover_picture="text"), {})
    assert set(caught.value.fields) == {"name", "cover_picture"}
    with pytest.raises(ValidationFailed) as caught:
        decode(CourseIn, {"teacher": "a"})
    assert caught.value.fields == {
        "name": ["This field is required."],
        "teacher": ["A valid integer is required."],
        "grade": ["This field is required."],
    }


async def test_a_patch_sets_only_what_it_sends() -> None:
    assert await course_changes(CoursePatch(), {}) == CourseChanges()
    assert CourseChanges().name is UNSET
    changes = await course_changes(CoursePatch(name=" B ", description=None, cover_picture=None), {})
    assert changes == CourseChanges(name="B", description=None, cover_picture=None)
    changes = await course_changes(
        CoursePatch(teacher=1, grade=2, is_active=False), {"cover_picture": upload(PNG)}
    )
    assert changes == CourseChanges(
        teacher_id=1, grade_id=2, is_active=False, cover_picture=Upload("c.png", PNG)
    )
