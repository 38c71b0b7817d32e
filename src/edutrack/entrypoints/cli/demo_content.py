"""The demo catalog: every demo teacher's courses, with topics, priced lectures, videos and a PDF per topic.

Plain data first (the topics taught per subject and grade), then a loader that reads what exists once
(courses with their topics, lectures and videos; the materials) and creates only what is missing, matched
by name within its parent, so a second run creates nothing and costs three reads. The operator (the system
site owner) creates the courses; each teacher creates the content of their own courses, through the same
use cases as the HTTP API. Lecture names, prices, videos and the summary PDFs derive from the topic names.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.entities.content import Platform
from edutrack.core.policies.content import viewer_of
from edutrack.core.policies.materials import MAX_MATERIAL_BYTES
from edutrack.core.use_cases.courses.create_course import CreateCourse, NewCourse
from edutrack.core.use_cases.lessons.commands import NewLecture, NewTopic, NewVideo
from edutrack.core.use_cases.lessons.lectures import CreateLecture
from edutrack.core.use_cases.lessons.topics import CreateTopic
from edutrack.core.use_cases.lessons.videos import CreateVideo
from edutrack.core.use_cases.materials.create_material import (
    EXTENSION,
    FOLDER,
    CreateMaterial,
    NewMaterial,
    StagedFile,
)
from edutrack.entrypoints.cli.demo_people import TEACHER_SEEDS, ReferenceIds, username_of
from edutrack.ports.courses import CourseFilter, CourseReader, CourseRow
from edutrack.ports.lessons import LectureRow, TopicRow
from edutrack.ports.materials import MaterialFilter, MaterialReader
from edutrack.ports.readers import PageRequest
from edutrack.ports.teachers import TeacherFilter, TeacherReader, TeacherRow

COURSES, TOPICS, LECTURES, VIDEOS, MATERIALS = "courses", "topics", "lectures", "videos", "materials"
CONTENT = (COURSES, TOPICS, LECTURES, VIDEOS, MATERIALS)
"""The keys of the counts of content rows created."""

YEAR = 2026

CURRICULUM: dict[tuple[str, int], tuple[str, ...]] = {
    ("Physics", 2): (
        "Waves and Sound", "Light: Reflection and Refraction", "Fluid Statics", "Heat and Gas Laws",
    ),
    ("Physics", 3): (
        "Electric Current", "Ohm's Law and Kirchhoff's Laws", "Magnetic Effects of Electric Current",
        "Electromagnetic Induction", "Modern Physics",
    ),
    ("English", 2): ("Tenses Review", "Conditionals", "The Passive Voice", "Reading Comprehension"),
    ("English", 3): ("Reported Speech", "Relative Clauses", "Translation Skills", "Essay and Letter Writing"),
    ("Pure Mathematics", 2): (
        "Functions and Their Graphs", "Exponents and Logarithms", "Limits", "Trigonometry",
    ),
    ("Pure Mathematics", 3): ("Differentiation", "Integration", "Complex Numbers"),
    ("Chemistry", 3): (
        "Transition Elements", "Chemical Analysis", "Chemical Equilibrium", "Electrochemistry",
        "Organic Chemistry",
    ),
    ("Arabic", 1): ("Grammar (Nahw)", "Rhetoric (Balagha)", "Reading and Texts"),
    ("Arabic", 2): (
        "Grammar (Nahw)", "Literature and Texts", "Rhetoric (Balagha)", "Expression and Composition",
    ),
}  # fmt: skip
"""Topics per (subject, grade order): a course for each entry a demo teacher's subject and grades match."""

LECTURE_PARTS = ("Concepts and Laws", "Solved Examples", "Exam Practice", "Final Revision")
VIDEO_PARTS = ("Explanation", "Solved Problems")
PRICING: tuple[tuple[str, str], ...] = (
    ("120.00", "0.00"),
    ("150.00", "25.00"),
    ("80.00", "0.00"),
    ("95.00", "15.00"),
    ("135.00", "0.00"),
    ("50.00", "0.00"),
    ("110.00", "20.00"),
)
"""(price, discount) in EGP, in turn; the first lecture of every course is free."""
AVAILABLE_DAYS = (30, 14, 21, 7)
PLATFORMS = (Platform.YOUTUBE, Platform.BUNNYSTREAM, Platform.VDOCIPHER)


def course_name(subject: str, grade: str) -> str:
    return f"{subject} — {grade} {YEAR}"


def lecture_names(topic: str, topic_index: int) -> list[str]:
    """Two to four lectures per topic, in turn."""
    return [f"{topic} — {part}" for part in LECTURE_PARTS[: 2 + topic_index % 3]]


def pricing(n: int) -> tuple[str, str]:
    """The ``n``-th lecture of a course (from 0): the first one free, then the prices in turn."""
    return ("0.00", "0.00") if n == 0 else PRICING[(n - 1) % len(PRICING)]


def video_url(platform: Platform, seed: str) -> str:
    """A well-formed, stable URL of ``platform`` derived from ``seed``."""
    digest = hashlib.sha256(seed.encode()).digest()
    if platform is Platform.YOUTUBE:
        return f"https://www.youtube.com/watch?v={base64.urlsafe_b64encode(digest).decode()[:11]}"
    if platform is Platform.BUNNYSTREAM:
        host = f"vz-{digest[:4].hex()}-{digest[4:6].hex()[:3]}"
        return f"https://{host}.b-cdn.net/{uuid.UUID(bytes=digest[:16])}/playlist.m3u8"
    return f"https://player.vdocipher.com/v2/?otp=20160313versASE323{digest.hex()[:48]}"


def pdf_document(title: str, lines: list[str]) -> bytes:
    """A valid one-page PDF (Helvetica text, exact cross-reference offsets) of a few hundred bytes."""

    def text(value: str) -> str:
        value = value.replace("—", "-").encode("latin-1", "replace").decode("latin-1")
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = [f"BT /F1 18 Tf 56 780 Td ({text(title)}) Tj /F1 12 Tf"]
    body += [f"0 -24 Td ({text(line)}) Tj" for line in lines]
    stream = "\n".join([*body, "ET"]).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


async def _chunks(content: bytes) -> AsyncIterator[bytes]:
    yield content


def name_key(name: str) -> str:
    return name.strip().casefold()


def teacher_actor(row: TeacherRow) -> Actor:
    return Actor(user_id=row.user_id, username=row.username, role=Role.TEACHER, teacher_id=row.id)


# --- the loader ------------------------------------------------------------------------------------


class _ContentLoader:
    def __init__(self, container: Container, refs: ReferenceIds) -> None:
        self._container = container
        self._refs = refs
        self.counts = dict.fromkeys(CONTENT, 0)
        self._courses: dict[tuple[int, int, str], CourseRow] = {}
        self._materials: set[tuple[int, str]] = set()

    async def load(self) -> None:
        container, everything = self._container, PageRequest(limit=None)
        teachers = await container.get(TeacherReader).list(TeacherFilter(), everything)
        courses = await container.get(CourseReader).list(viewer_of(SYSTEM), CourseFilter(), everything)
        materials = await container.get(MaterialReader).list(MaterialFilter(), everything)
        self._courses = {(c.teacher_id, c.grade_id, c.name): c for c in courses.items}
        self._materials = {(m.lecture_id, name_key(m.title)) for m in materials.items}
        by_username = {row.username.casefold(): row for row in teachers.items}
        for seed in TEACHER_SEEDS:
            row = by_username.get(username_of(seed.name))
            if row is None or row.subject is None:
                continue
            grade_names = {grade.id: grade.name for grade in row.grades}
            for order in seed.grades:
                topics = CURRICULUM.get((row.subject.name, order))
                grade_id = self._refs.grades[order]
                if topics is not None and grade_id in grade_names:
                    name = course_name(row.subject.name, grade_names[grade_id])
                    course = await self.course(row, grade_id, name)
                    await self.topics(teacher_actor(row), course, topics)

    async def course(self, teacher: TeacherRow, grade_id: int, name: str) -> CourseRow:
        found = self._courses.get((teacher.id, grade_id, name))
        if found is not None:
            return found
        description = f"The complete {name} course: explanations, solved examples and exam revision."
        row = await self._container.get(CreateCourse).execute(
            SYSTEM, NewCourse(name=name, teacher_id=teacher.id, grade_id=grade_id, description=description)
        )
        self.counts[COURSES] += 1
        return row

    async def topics(self, teacher: Actor, course: CourseRow, names: tuple[str, ...]) -> None:
        existing = {name_key(topic.name): topic for topic in course.topics}
        n = 0  # the course's lecture number, for its price
        for index, name in enumerate(names):
            topic = existing.get(name_key(name))
            if topic is None:
                data = NewTopic(course_id=course.id, name=name, order=index + 1)
                topic = await self._container.get(CreateTopic).execute(teacher, data)
                self.counts[TOPICS] += 1
            for lecture_index, lecture_name in enumerate(lecture_names(name, index)):
                lecture = await self.lecture(teacher, topic, lecture_name, lecture_index, n)
                await self.videos(teacher, lecture, n)
                if lecture_index == 0:
                    await self.material(teacher, course, topic, lecture)
                n += 1

    async def lecture(self, teacher: Actor, topic: TopicRow, name: str, index: int, n: int) -> LectureRow:
        for lecture in topic.lectures:
            if name_key(lecture.name) == name_key(name):
                return lecture
        price, discount = pricing(n)
        data = NewLecture(
            topic_id=topic.id,
            name=name,
            price=Decimal(price),
            discount=Decimal(discount),
            available_days=AVAILABLE_DAYS[n % len(AVAILABLE_DAYS)],
            order=index + 1,
        )
        row = await self._container.get(CreateLecture).execute(teacher, data)
        self.counts[LECTURES] += 1
        return row

    async def videos(self, teacher: Actor, lecture: LectureRow, n: int) -> None:
        existing = {name_key(video.name) for video in lecture.videos}
        for index, part in enumerate(VIDEO_PARTS[: 1 + n % 2]):
            name = f"Part {index + 1}: {part}"
            if name_key(name) in existing:
                continue
            platform = PLATFORMS[(n + index) % len(PLATFORMS)]
            data = NewVideo(
                lecture_id=lecture.id,
                name=name,
                platform=platform,
                video_url=video_url(platform, f"{lecture.id}/{name}"),
                duration_minutes=25 + (7 * n + 11 * index) % 60,
                order=index + 1,
            )
            await self._container.get(CreateVideo).execute(teacher, data)
            self.counts[VIDEOS] += 1

    async def material(self, teacher: Actor, course: CourseRow, topic: TopicRow, lecture: LectureRow) -> None:
        title = f"{topic.name} — Summary Notes"
        if (lecture.id, name_key(title)) in self._materials:
            return
        content = pdf_document(
            title,
            [course.name, f"Lecture: {lecture.name}", "Key laws, worked examples and practice questions."],
        )
        container = self._container
        stored = await container.private_files.save_stream(
            FOLDER, EXTENSION, _chunks(content), MAX_MATERIAL_BYTES
        )
        staged = StagedFile(filename=f"{name_key(topic.name).replace(' ', '-')}-summary.pdf", stored=stored)
        data = NewMaterial(
            lecture_id=lecture.id, title=title, file=staged, description="A one-page summary of the topic."
        )
        await container.get(CreateMaterial).execute(teacher, data)
        self.counts[MATERIALS] += 1


async def load_content(container: Container, refs: ReferenceIds) -> dict[str, int]:
    """Create the demo teachers' missing courses and content; return how many rows of each kind were
    created."""
    loader = _ContentLoader(container, refs)
    await loader.load()
    return loader.counts
