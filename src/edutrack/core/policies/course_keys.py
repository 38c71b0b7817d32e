"""edX course keys (API_SUPPLEMENT §11): every course is ``course-v1:EduTrack+{id}+course`` to the
Appsembler-compatible API."""

from __future__ import annotations

import re

_KEY = re.compile(r"course-v1:EduTrack\+([1-9][0-9]{0,9})\+course")
MAX_ID = 2**31 - 1


def course_key(course_id: int) -> str:
    return f"course-v1:EduTrack+{course_id}+course"


def course_id_of(key: str) -> int | None:
    """The course id a key names, or None when the text is not one of our keys (an unknown course key
    is then answered like an unknown course: 404)."""
    found = _KEY.fullmatch(key.strip())
    if found is None:
        return None
    course_id = int(found.group(1))
    return course_id if course_id <= MAX_ID else None
