"""The demo catalog: every demo teacher's courses, with topics, priced lectures, videos and a PDF per topic.

Plain data first (the topics taught per subject and grade), then a loader that reads what exists once
(courses with their topics, lectures and videos; the materials) and creates only what is missing, matched
by name within its parent, so a second run creates nothing and costs three reads. The operator (the system
site owner) creates the courses; each teacher creates the content of their own courses, through the same
use cases as the HTTP API. Lecture names, prices, videos and the summary PDFs derive from the topic names.

Then each demo teacher's question bank (``load_question_bank``): a chapter on their subject, its first
topics as lessons, a dozen questions of each type.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from decimal import Decimal

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM, Actor, Role
from edutrack.core.entities.content import Platform
from edutrack.core.entities.questions import Difficulty, QuestionType
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
from edutrack.core.use_cases.questions.chapters import CreateChapter
from edutrack.core.use_cases.questions.commands import NewBankLesson, NewChapter, NewChoice, NewQuestion
from edutrack.core.use_cases.questions.lessons import CreateBankLesson
from edutrack.core.use_cases.questions.write_questions import CreateQuestion
from edutrack.entrypoints.cli.demo_people import TEACHER_SEEDS, ReferenceIds, username_of
from edutrack.ports.courses import CourseFilter, CourseReader, CourseRow
from edutrack.ports.lessons import LectureRow, TopicRow
from edutrack.ports.materials import MaterialFilter, MaterialReader
from edutrack.ports.questions import (
    BankScope,
    ChapterFilter,
    ChapterRow,
    LessonFilter,
    LessonRow,
    QuestionBankReader,
    QuestionFilter,
)
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


def _key(name: str) -> str:
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
        self._materials = {(m.lecture_id, _key(m.title)) for m in materials.items}
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
        existing = {_key(topic.name): topic for topic in course.topics}
        n = 0  # the course's lecture number, for its price
        for index, name in enumerate(names):
            topic = existing.get(_key(name))
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
            if _key(lecture.name) == _key(name):
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
        existing = {_key(video.name) for video in lecture.videos}
        for index, part in enumerate(VIDEO_PARTS[: 1 + n % 2]):
            name = f"Part {index + 1}: {part}"
            if _key(name) in existing:
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
        if (lecture.id, _key(title)) in self._materials:
            return
        content = pdf_document(
            title,
            [course.name, f"Lecture: {lecture.name}", "Key laws, worked examples and practice questions."],
        )
        container = self._container
        stored = await container.private_files.save_stream(
            FOLDER, EXTENSION, _chunks(content), MAX_MATERIAL_BYTES
        )
        staged = StagedFile(filename=f"{_key(topic.name).replace(' ', '-')}-summary.pdf", stored=stored)
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


# --- the question bank -----------------------------------------------------------------------------

CHAPTERS, BANK_LESSONS, QUESTIONS = "bank_chapters", "bank_lessons", "bank_questions"
BANK = (CHAPTERS, BANK_LESSONS, QUESTIONS)
"""The keys of the counts of question bank rows created."""

QUESTIONS_PER_TYPE = 12
BANK_LESSONS_PER_TEACHER = 3
DIFFICULTIES = (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD)


@dataclass(frozen=True, slots=True)
class QuestionBankLoad:
    """What ``load_question_bank`` created (``counts``) and every demo teacher's bank question ids, by
    teacher profile id, in creation order (those of an earlier run included): what demo homework is built
    from."""

    counts: dict[str, int]
    question_ids: dict[int, tuple[int, ...]]


def bank_chapter_name(subject: str) -> str:
    return f"{subject} — Revision Bank"


def demo_question(kind: QuestionType, lesson: str, k: int) -> NewQuestion:
    """The ``k``-th (from 0) demo question of a type in a lesson: small arithmetic checks whose answers are
    right, so a demo homework grades sensibly, and a written question for the teacher to grade."""
    difficulty = DIFFICULTIES[k % len(DIFFICULTIES)]
    if kind is QuestionType.MCQ_SINGLE:
        a, b = 3 + k, 7 + 2 * k
        options = (a + b, a + b + 1, a + b - 1, a + b + 10)
        return NewQuestion(
            lesson_id=0,
            question_type=kind,
            text=f"{lesson} — warm-up {k + 1}: what is {a} + {b}?",
            difficulty=difficulty,
            points=1 + k % 2,
            explanation=f"{a} + {b} = {a + b}.",
            is_global=k == 0,
            choices=tuple(
                NewChoice(str(v), is_correct=i == 0, order=(i * 3) % 4) for i, v in enumerate(options)
            ),
        )
    if kind is QuestionType.MCQ_MULTIPLE:
        m = 2 + k % 4
        options = (m * (k + 2), m * (k + 3) + 1, m * (k + 5), m * (k + 4) + 1)
        return NewQuestion(
            lesson_id=0,
            question_type=kind,
            text=f"{lesson} — check {k + 1}: which of these numbers are multiples of {m}?",
            difficulty=difficulty,
            points=2,
            explanation=f"A multiple of {m} leaves no remainder when divided by {m}.",
            is_global=k == 0,
            choices=tuple(NewChoice(str(v), is_correct=v % m == 0, order=i) for i, v in enumerate(options)),
        )
    return NewQuestion(
        lesson_id=0,
        question_type=kind,
        text=f"{lesson} — short answer {k + 1}: explain one key idea of this lesson and give an example.",
        difficulty=difficulty,
        points=3 + k % 3,
        explanation="A full answer names the idea, explains it in a sentence or two and gives an example.",
        is_global=k == 0,
    )


class _BankLoader:
    """Per demo teacher: one chapter on the teacher's subject, its first topics as lessons, and a dozen
    questions of each type spread over them, created by the teacher through the HTTP API's use cases;
    what exists (matched by name, or by text within its lesson) is kept, so a second run creates
    nothing."""

    def __init__(self, container: Container) -> None:
        self._container = container
        self.counts = dict.fromkeys(BANK, 0)
        self.question_ids: dict[int, tuple[int, ...]] = {}

    async def load(self) -> None:
        container, everything = self._container, PageRequest(limit=None)
        teachers = await container.get(TeacherReader).list(TeacherFilter(), everything)
        reader = container.get(QuestionBankReader)
        scope = BankScope(everything=True)
        chapters = (await reader.list_chapters(ChapterFilter(scope=scope), everything)).items
        lessons = (await reader.list_lessons(LessonFilter(scope=scope), everything)).items
        questions = (await reader.list_questions(QuestionFilter(scope=scope), everything)).items
        by_username = {row.username.casefold(): row for row in teachers.items}
        for seed in TEACHER_SEEDS:
            row = by_username.get(username_of(seed.name))
            if row is None or row.subject is None:
                continue
            topics = next(
                (
                    CURRICULUM[(row.subject.name, g)]
                    for g in seed.grades
                    if (row.subject.name, g) in CURRICULUM
                ),
                (),
            )
            if not topics:
                continue
            teacher = teacher_actor(row)
            chapter = await self.chapter(
                teacher, row.subject.id, bank_chapter_name(row.subject.name), chapters
            )
            ids: list[int] = []
            names = topics[:BANK_LESSONS_PER_TEACHER]
            lesson_ids = [
                await self.lesson(teacher, chapter, name, i, lessons) for i, name in enumerate(names)
            ]
            known = {(q.lesson_id, _key(q.text)): q.id for q in questions if q.teacher_id == row.id}
            for kind in QuestionType:
                for k in range(QUESTIONS_PER_TYPE):
                    slot = k % len(lesson_ids)
                    ids.append(await self.question(teacher, lesson_ids[slot], names[slot], kind, k, known))
            self.question_ids[row.id] = tuple(ids)

    async def chapter(self, teacher: Actor, subject_id: int, name: str, rows: list[ChapterRow]) -> int:
        for row in rows:
            if row.teacher_id == teacher.teacher_id and _key(row.name) == _key(name):
                return row.id
        created = await self._container.get(CreateChapter).execute(
            teacher, NewChapter(subject_id=subject_id, name=name, order=1)
        )
        self.counts[CHAPTERS] += 1
        return created.id

    async def lesson(
        self, teacher: Actor, chapter_id: int, name: str, index: int, rows: list[LessonRow]
    ) -> int:
        for row in rows:
            if row.chapter_id == chapter_id and _key(row.name) == _key(name):
                return row.id
        created = await self._container.get(CreateBankLesson).execute(
            teacher, NewBankLesson(chapter_id=chapter_id, name=name, order=index + 1)
        )
        self.counts[BANK_LESSONS] += 1
        return created.id

    async def question(
        self,
        teacher: Actor,
        lesson_id: int,
        lesson: str,
        kind: QuestionType,
        k: int,
        known: dict[tuple[int, str], int],
    ) -> int:
        data = replace(demo_question(kind, lesson, k), lesson_id=lesson_id)
        found = known.get((lesson_id, _key(data.text)))
        if found is not None:
            return found
        created = await self._container.get(CreateQuestion).execute(teacher, data)
        self.counts[QUESTIONS] += 1
        return created.row.id


async def load_question_bank(container: Container) -> QuestionBankLoad:
    """Create the demo teachers' missing question bank rows (after their courses: ``load_content``)."""
    loader = _BankLoader(container)
    await loader.load()
    return QuestionBankLoad(counts=loader.counts, question_ids=loader.question_ids)
