"""Courses in memory: the repository (inside a unit of work) and the catalog reader (committed state).
Same keys, cascades, visibility, counts and order as the SQL adapters."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from edutrack.adapters.memory import enrollments as memory_enrollments
from edutrack.adapters.memory import lessons as memory_lessons
from edutrack.adapters.memory import lessons_reader as memory_lessons_reader
from edutrack.adapters.memory import materials as memory_materials
from edutrack.adapters.memory.academics import AcademicTables
from edutrack.adapters.memory.auth import AccountTables
from edutrack.adapters.memory.store import MemoryState, MemoryStore
from edutrack.adapters.memory.teachers import TeacherTables
from edutrack.core.entities.academics import ReferenceKind
from edutrack.core.entities.content import Course
from edutrack.core.entities.enrollments import Enrollment
from edutrack.core.errors import Conflict, ValidationFailed
from edutrack.core.policies.content import Viewer
from edutrack.ports.courses import CourseFiles, CourseFilter, CourseRow
from edutrack.ports.readers import Page, PageRequest

OPEN_ENROLLMENT = ("pending", "approved")
DUPLICATE = "A course with this Teacher, Grade, and Name already exists."
CONFLICT = "The request conflicts with the current state of the resource."


@dataclass
class CourseTables:
    courses: dict[int, Course] = field(default_factory=dict)


class MemoryCourseRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(CourseTables)

    def _enrollments(self) -> dict[int, Enrollment]:
        return self._state.of(memory_enrollments.EnrollmentTables).enrollments

    def _check_keys(self, course: Course) -> None:
        """Mirrors the SQL foreign keys and the named unique constraint."""
        reference = self._state.of(AcademicTables).reference
        if (
            course.teacher_id not in self._state.of(TeacherTables).teachers
            or course.grade_id not in reference[ReferenceKind.GRADE]
            or course.subject_id not in reference[ReferenceKind.SUBJECT]
        ):
            raise Conflict(CONFLICT)
        if self._taken(course.teacher_id, course.grade_id, course.name, course.id):
            raise ValidationFailed.non_field(DUPLICATE)

    def _taken(self, teacher_id: int, grade_id: int, name: str, exclude_id: int | None) -> bool:
        return any(
            c.teacher_id == teacher_id and c.grade_id == grade_id and c.name == name and c.id != exclude_id
            for c in self._tables.courses.values()
        )

    async def add(self, course: Course) -> Course:
        self._check_keys(course)
        course.id = self._state.next_id("courses")
        self._tables.courses[course.id] = copy.deepcopy(course)
        return course

    async def get(self, course_id: int) -> Course | None:
        course = self._tables.courses.get(course_id)
        return copy.deepcopy(course) if course is not None else None

    async def save(self, course: Course) -> None:
        assert course.id is not None and course.id in self._tables.courses
        self._check_keys(course)
        self._tables.courses[course.id] = copy.deepcopy(course)

    async def delete(self, course_id: int) -> None:
        """Rejected enrollment requests go with the course; an open one makes the RESTRICT key refuse."""
        if course_id not in self._tables.courses:
            return
        enrollments = self._enrollments()
        if any(e.course_id == course_id and e.status in OPEN_ENROLLMENT for e in enrollments.values()):
            raise Conflict(CONFLICT)
        for key in [k for k, e in enrollments.items() if e.course_id == course_id]:
            del enrollments[key]
        lessons = self._state.of(memory_lessons.LessonTables)
        materials = self._state.of(memory_materials.MaterialTables).materials
        topic_ids = {k for k, t in lessons.topics.items() if t.course_id == course_id}
        lecture_ids = {k for k, lecture in lessons.lectures.items() if lecture.topic_id in topic_ids}
        for key in [k for k, v in lessons.videos.items() if v.lecture_id in lecture_ids]:
            del lessons.videos[key]
        for key in [k for k, m in materials.items() if m.lecture_id in lecture_ids]:
            del materials[key]
        for key in lecture_ids:
            del lessons.lectures[key]
        for key in topic_ids:
            del lessons.topics[key]
        del self._tables.courses[course_id]

    async def name_taken(
        self, teacher_id: int, grade_id: int, name: str, exclude_id: int | None = None
    ) -> bool:
        return self._taken(teacher_id, grade_id, name, exclude_id)

    async def has_students(self, course_id: int) -> bool:
        return any(
            e.course_id == course_id and e.status in OPEN_ENROLLMENT for e in self._enrollments().values()
        )

    async def file_keys(self, course_id: int) -> CourseFiles:
        course = self._tables.courses.get(course_id)
        lessons = self._state.of(memory_lessons.LessonTables)
        topic_ids = {k for k, t in lessons.topics.items() if t.course_id == course_id}
        lectures = sorted((k, lec) for k, lec in lessons.lectures.items() if lec.topic_id in topic_ids)
        pictures = [course.cover_picture] if course is not None and course.cover_picture else []
        pictures += [lecture.picture for _, lecture in lectures if lecture.picture]
        lecture_ids = {k for k, _ in lectures}
        stored = self._state.of(memory_materials.MaterialTables).materials
        materials = [m.file for _, m in sorted(stored.items()) if m.lecture_id in lecture_ids]
        return CourseFiles(pictures=pictures, materials=materials)


def _full_access(viewer: Viewer, course: Course) -> bool:
    return viewer.sees_all or (
        viewer.own_teacher_id is not None and course.teacher_id == viewer.own_teacher_id
    )


def _visible(viewer: Viewer, course: Course) -> bool:
    return course.is_active or _full_access(viewer, course)


def _matches(course: Course, filters: CourseFilter) -> bool:
    needle = filters.search.lower() if filters.search else None
    return (
        (filters.teacher_id is None or course.teacher_id == filters.teacher_id)
        and (filters.grade_id is None or course.grade_id == filters.grade_id)
        and (filters.subject_id is None or course.subject_id == filters.subject_id)
        and (
            needle is None
            or needle in course.name.lower()
            or (course.description is not None and needle in course.description.lower())
        )
    )


class MemoryCourseReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _counts(self, viewer: Viewer, course: Course) -> tuple[int, int, int]:
        lessons = self._store.state.of(memory_lessons.LessonTables)
        full = _full_access(viewer, course)
        topics = {k for k, t in lessons.topics.items() if t.course_id == course.id and (full or t.is_active)}
        lectures = {
            k for k, lec in lessons.lectures.items() if lec.topic_id in topics and (full or lec.is_visible)
        }
        videos = [v for v in lessons.videos.values() if v.lecture_id in lectures and (full or v.is_active)]
        return len(topics), len(lectures), len(videos)

    def _rows(self, viewer: Viewer, courses: list[Course], *, with_topics: bool) -> list[CourseRow]:
        state = self._store.state
        ids = [c.id for c in courses if c.id is not None]
        topics = memory_lessons_reader.topics_with_content(state, viewer, ids) if with_topics and ids else {}
        reference = state.of(AcademicTables).reference
        grades = reference[ReferenceKind.GRADE]
        subjects = reference[ReferenceKind.SUBJECT]
        users = state.of(AccountTables).users
        rows = []
        for course in courses:
            assert course.id is not None
            teacher = state.of(TeacherTables).teachers[course.teacher_id]
            topic_count, total_lectures, total_videos = self._counts(viewer, course)
            rows.append(
                CourseRow(
                    id=course.id,
                    name=course.name,
                    teacher_id=course.teacher_id,
                    teacher_name=users[teacher.user_id].name,
                    grade_id=course.grade_id,
                    grade_name=grades[course.grade_id].name,
                    subject_id=course.subject_id,
                    subject_name=subjects[course.subject_id].name,
                    description=course.description,
                    cover_picture=course.cover_picture,
                    is_active=course.is_active,
                    topic_count=topic_count,
                    total_lectures=total_lectures,
                    total_videos=total_videos,
                    created_at=course.created_at,
                    updated_at=course.updated_at,
                    topics=tuple(topics.get(course.id, ())),
                )
            )
        return rows

    async def list(
        self, viewer: Viewer, filters: CourseFilter, page: PageRequest, *, with_topics: bool = True
    ) -> Page[CourseRow]:
        stored = self._store.state.of(CourseTables).courses
        courses = [c for c in stored.values() if _visible(viewer, c) and _matches(c, filters)]
        courses.sort(key=lambda c: c.id or 0, reverse=True)
        end = None if page.limit is None else page.offset + page.limit
        return Page(
            total=len(courses), items=self._rows(viewer, courses[page.offset : end], with_topics=with_topics)
        )

    async def get(self, viewer: Viewer, course_id: int) -> CourseRow | None:
        course = self._store.state.of(CourseTables).courses.get(course_id)
        if course is None or not _visible(viewer, course):
            return None
        return self._rows(viewer, [course], with_topics=True)[0]
