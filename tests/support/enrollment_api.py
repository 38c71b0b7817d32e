"""Enrollments over HTTP: the endpoints, the documented body and errors, and the cast's headers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from edutrack.composition import Container
from edutrack.ports.notifications import NotificationReader
from edutrack.ports.readers import PageRequest
from tests.support.enrollments import Cast, build_cast
from tests.support.http import HeadersFor
from tests.support.people import Member

BASE = "/courses/enrollments/"
MY = BASE + "my/"
PENDING = BASE + "pending/"
BULK = BASE + "bulk-action/"
NOT_VERIFIED = {"detail": "Your account is not verified."}
NOT_FOUND = {"error": "Enrollment not found"}
NOT_YOURS = {"error": "You can only manage enrollments for your own courses"}
ROLES = ["student", "classmate", "unverified", "teacher", "assistant", "other", "other_assistant", "owner"]
FIELDS: dict[str, Any] = {
    "id": int,
    "student": int,
    "student_name": str,
    "student_code": str,
    "course": int,
    "course_name": str,
    "grade_name": str,
    "teacher_name": str,
    "status": str,
    "status_display": str,
    "enrolled_at": datetime,
    "approved_by": (int, type(None)),
    "approved_by_name": (str, type(None)),
    "responded_at": (datetime, type(None)),
    "response_note": (str, type(None)),
}


def approve(enrollment_id: int) -> str:
    return f"{BASE}{enrollment_id}/approve/"


def reject(enrollment_id: int) -> str:
    return f"{BASE}{enrollment_id}/reject/"


@dataclass(frozen=True)
class People:
    cast: Cast
    headers: dict[str, dict[str, str]]

    def member(self, role: str) -> Member:
        return getattr(self.cast, role)  # type: ignore[no-any-return]


async def build_people(container: Container, headers_for: HeadersFor) -> People:
    """The cast of ``build_cast`` and the headers of each of its ``ROLES``."""
    cast = await build_cast(container)
    headers = {role: await headers_for(getattr(cast, role).username) for role in ROLES}
    return People(cast, headers)


def assert_enrollment(item: dict[str, Any]) -> None:
    """Exactly the documented keys, each of the documented JSON type."""
    assert set(item) == set(FIELDS), set(item) ^ set(FIELDS)
    for name, kind in FIELDS.items():
        value = item[name]
        if kind is datetime:
            assert datetime.fromisoformat(value).tzinfo is not None, (name, value)
        elif kind == (datetime, type(None)):
            assert value is None or datetime.fromisoformat(value).tzinfo is not None, (name, value)
        else:
            assert isinstance(value, kind) and not isinstance(value, bool), (name, value)


def expected(
    people: People, item: dict[str, Any], student: str, course: str, **changes: Any
) -> dict[str, Any]:
    """The body an enrollment of ``student`` in ``course`` (attribute names of the cast) must have."""
    cast = people.cast
    member = people.member(student)
    courses = {
        "course": ("Mechanics", "Ahmed Hassan"),
        "second_course": ("Electricity", "Ahmed Hassan"),
        "other_course": ("Waves", "Mona Adel"),
    }
    codes = {"student": "ST00000001", "classmate": "ST00000002", "unverified": "ST00000003"}
    body = {
        "id": item["id"],
        "student": member.actor.student_id,
        "student_name": member.name,
        "student_code": codes[student],
        "course": getattr(cast, course),
        "course_name": courses[course][0],
        "grade_name": "Third Secondary",
        "teacher_name": courses[course][1],
        "status": "pending",
        "status_display": "Pending",
        "enrolled_at": item["enrolled_at"],
        "approved_by": None,
        "approved_by_name": None,
        "responded_at": None,
        "response_note": None,
    }
    body.update(changes)
    return body


async def notified(container: Container, member: Member) -> list[tuple[str, dict[str, object] | None]]:
    page = await container.get(NotificationReader).list_for(
        member.actor.user_id, None, PageRequest(limit=None)
    )
    return [(n.notification_type, n.metadata) for n in reversed(page.items)]
