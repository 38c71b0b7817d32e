"""Bulk-enrollment and mail builders for any backend: a scene (two courses, an integration actor, students
with emails, a teacher), fakes for the job queue and the mailer, and what the tests read back."""

from __future__ import annotations

from dataclasses import dataclass, field

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.entities.academics import ReferenceKind as K
from edutrack.core.entities.enrollments import Enrollment, EnrollmentStatus
from edutrack.core.entities.mail import QueuedMail
from edutrack.core.entities.people import StudentStatus
from edutrack.core.policies.course_keys import course_key
from edutrack.core.use_cases.academics.commands import NEW_ITEM
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.ports.enrollments import EnrollmentFilter, EnrollmentReader
from edutrack.ports.jobs import JobArgument, JobQueue
from edutrack.ports.mail import Mailer
from edutrack.ports.readers import PageRequest
from tests.support import courses, people
from tests.support.clock import NOW
from tests.support.students import Ref

ALL = PageRequest(offset=0, limit=None)


@dataclass(frozen=True)
class Pupil:
    id: int  # student profile
    user_id: int
    username: str
    email: str


@dataclass(frozen=True)
class Scene:
    courses: list[int]
    students: list[Pupil]
    teacher_email: str
    actor: Actor

    @property
    def keys(self) -> list[str]:
        return [course_key(c) for c in self.courses]


async def build_scene(
    container: Container, students: int = 2, *, client_pk: int | None = None, password_hash: str | None = "x"
) -> Scene:
    """``password_hash=None``: the students log in with ``people.PASSWORD``."""
    world = await courses.make_world(container)
    made = [
        await courses.add_course(container, world, "Algebra"),
        await courses.add_course(container, world, "Geometry"),
    ]
    place = await people.add_location(container, "Giza", "Dokki")
    pupils = []
    for n in range(students):
        member = await people.add_student(
            container,
            f"pupil{n}",
            f"Pupil {n}",
            f"B{n:08d}",
            place,
            status=StudentStatus.VERIFIED,
            national_id=f"308031504{n:04d}1",
            password_hash=password_hash,
            gmail=f"Pupil{n}@Example.com",
            at=NOW,
        )
        assert member.actor.student_id is not None
        pupils.append(
            Pupil(member.actor.student_id, member.actor.user_id, member.username, f"pupil{n}@example.com")
        )
    actor = Actor(user_id=0, username="partner", role=Role.INTEGRATION, client_id=client_pk or 1)
    return Scene(made, pupils, "mr_ahmed@gmail.com", actor)


async def statuses(container: Container, student: int, course: int) -> list[EnrollmentStatus]:
    page = await container.get(EnrollmentReader).list(
        EnrollmentFilter(student_id=student, course_id=course), ALL, oldest_first=True
    )
    return [row.status for row in page.items]


async def add_enrollment(container: Container, student: int, course: int, status: EnrollmentStatus) -> int:
    async with container.uow() as uow:
        enrollment = await uow.enrollments.add(Enrollment(student, course, NOW, status=status))
        await uow.commit()
    assert enrollment.id is not None
    return enrollment.id


@dataclass
class RecordingQueue(JobQueue):
    """A job queue that runs nothing: it records what was enqueued."""

    enqueued: list[tuple[str, dict[str, JobArgument]]] = field(default_factory=list)

    async def enqueue(self, name: str, **arguments: JobArgument) -> None:
        self.enqueued.append((name, arguments))

    async def aclose(self) -> None:
        return None


@dataclass
class FakeMailer(Mailer):
    sent: list[QueuedMail] = field(default_factory=list)
    failing: bool = False

    async def send(self, mail: QueuedMail) -> None:
        if self.failing:
            raise ConnectionRefusedError("SMTP server down")
        self.sent.append(mail)


def quiet(container: Container) -> tuple[RecordingQueue, FakeMailer]:
    """Swap the job queue and the mailer for recording fakes (before anything built them)."""
    queue, mailer = RecordingQueue(), FakeMailer()
    container.override(JobQueue, lambda c: queue)
    container.override(Mailer, lambda c: mailer)
    return queue, mailer


async def registration_ref(container: Container) -> Ref:
    """Reference data a registration needs, with names that do not clash with ``courses.make_world``."""

    async def create(kind: K, **fields: object) -> int:
        return (await container.get(CreateReferenceItem).execute(SYSTEM, NEW_ITEM[kind](**fields))).id

    grade = await create(K.GRADE, name="Level four", order=4)
    school_type = await create(K.SCHOOL_TYPE, name="Private")
    division = await create(K.DIVISION, name="Arts", grade_ids=[grade], school_type_ids=[school_type])
    governorate = await create(K.GOVERNORATE, name="Aswan")
    area = await create(K.AREA, name="Kom Ombo", governorate_id=governorate)
    return Ref(grade, grade, school_type, school_type, division, governorate, governorate, area, area)
