"""Enrollment-code builders for any backend: a scene (``build_scene``: a course and an inactive one, an OAuth
client acting as the integration, verified students with emails), codes generated through the use case, and
what the tests read back (the code's row, the student's enrollments in the course, the audit trail)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from edutrack.composition import Container
from edutrack.core.actor import Actor, Role
from edutrack.core.entities.enrollment_codes import EnrollmentCode
from edutrack.core.entities.enrollments import Enrollment, EnrollmentStatus
from edutrack.core.entities.people import StudentStatus
from edutrack.core.policies.course_keys import course_key
from edutrack.core.use_cases.enrollment_codes.generate_codes import (
    GenerateEnrollmentCodes,
    NewEnrollmentCodes,
)
from edutrack.ports.enrollments import EnrollmentFilter, EnrollmentReader
from edutrack.ports.integrations import AuditFilter, AuditRow, IntegrationReader
from edutrack.ports.readers import PageRequest
from tests.support import courses, people
from tests.support.clock import NOW
from tests.support.integrations import IntegrationClient, integration_client

ALL = PageRequest(offset=0, limit=None)


@dataclass(frozen=True)
class Pupil:
    id: int  # student profile
    user_id: int
    username: str
    email: str


@dataclass(frozen=True)
class Scene:
    course: int
    inactive_course: int
    client: IntegrationClient
    students: list[Pupil]
    teacher: int  # teacher user id (not a student: has an email too)
    teacher_email: str

    @property
    def actor(self) -> Actor:
        return Actor(user_id=0, username=self.client.name, role=Role.INTEGRATION, client_id=self.client.pk)

    @property
    def key(self) -> str:
        return course_key(self.course)


async def add_pupils(
    container: Container, count: int, place: tuple[int, int], *, start: int = 0
) -> list[Pupil]:
    made = []
    for n in range(start, start + count):
        member = await people.add_student(
            container,
            f"coder{n}",
            f"Coder {n}",
            f"C{n:08d}",
            place,
            status=StudentStatus.VERIFIED,
            national_id=f"308031503{n:04d}1",
            password_hash="x",
            gmail=f"Coder{n}@Example.com",
            at=NOW,
        )
        assert member.actor.student_id is not None
        made.append(
            Pupil(member.actor.student_id, member.actor.user_id, member.username, f"coder{n}@example.com")
        )
    return made


async def build_scene(container: Container, students: int = 3) -> Scene:
    world = await courses.make_world(container)
    course = await courses.add_course(container, world, "Algebra")
    inactive = await courses.add_course(container, world, "Geometry", is_active=False)
    client = await integration_client(container, "partner")
    place = await people.add_location(container, "Giza", "Dokki")
    pupils = await add_pupils(container, students, place)
    return Scene(course, inactive, client, pupils, world.teacher_user, "mr_ahmed@gmail.com")


async def generate(
    container: Container, scene: Scene, count: int = 1, course: int | None = None
) -> list[str]:
    result = await container.get(GenerateEnrollmentCodes).execute(
        scene.actor, NewEnrollmentCodes(course_key(course or scene.course), count)
    )
    return list(result.codes)


async def code_row(container: Container, code: str) -> EnrollmentCode | None:
    async with container.uow() as uow:
        return await uow.enrollment_codes.get_for_update(code)


async def enrollments_of(
    container: Container, student: int, course: int
) -> list[tuple[int, EnrollmentStatus]]:
    """(id, status) of the student's enrollments in the course, oldest first."""
    page = await container.get(EnrollmentReader).list(
        EnrollmentFilter(student_id=student, course_id=course), ALL, oldest_first=True
    )
    return [(row.id, row.status) for row in page.items]


async def add_enrollment(container: Container, student: int, course: int, status: EnrollmentStatus) -> int:
    async with container.uow() as uow:
        enrollment = await uow.enrollments.add(
            Enrollment(student_id=student, course_id=course, enrolled_at=NOW, status=status)
        )
        await uow.commit()
    assert enrollment.id is not None
    return enrollment.id


async def audit(container: Container, actions: Sequence[str] | None = None) -> list[AuditRow]:
    """The audit trail, oldest first (optionally only some actions)."""
    page = await container.get(IntegrationReader).audit(AuditFilter(), ALL)
    rows = sorted(page.items, key=lambda row: row.id)
    return [row for row in rows if actions is None or row.action in actions]
