"""Topics, lectures and videos in memory: their tables and repositories (inside a unit of work), with the
SQL schema's keys, checks and cascades. The reader is in ``lessons_reader.py``."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from edutrack.adapters.memory import courses as memory_courses
from edutrack.adapters.memory import materials as memory_materials
from edutrack.adapters.memory import purchases as memory_purchases
from edutrack.adapters.memory.store import MemoryState
from edutrack.core.entities.content import Course, Lecture, Topic, Video
from edutrack.core.entities.wallets import Purchase
from edutrack.core.errors import Conflict, InUse
from edutrack.core.use_cases.lessons.common import SOLD_LECTURE
from edutrack.ports.lessons import Owned, RemovedFiles

CONFLICT = "The request conflicts with the current state of the resource."


@dataclass
class LessonTables:
    topics: dict[int, Topic] = field(default_factory=dict)
    lectures: dict[int, Lecture] = field(default_factory=dict)
    videos: dict[int, Video] = field(default_factory=dict)


def _delete_lectures(state: MemoryState, lecture_ids: set[int]) -> RemovedFiles:
    """Mirrors ON DELETE CASCADE from lectures to videos, materials, homework and quizzes."""
    lessons = state.of(LessonTables)
    stored = state.of(memory_materials.MaterialTables).materials
    pictures = tuple(
        picture for i in sorted(lecture_ids) if (picture := lessons.lectures[i].picture) is not None
    )
    materials = tuple(m.file for m in stored.values() if m.lecture_id in lecture_ids)
    for video_id in [v.id for v in lessons.videos.values() if v.lecture_id in lecture_ids]:
        assert video_id is not None
        del lessons.videos[video_id]
    for material_id in [m.id for m in stored.values() if m.lecture_id in lecture_ids]:
        assert material_id is not None
        del stored[material_id]
    from edutrack.adapters.memory import homework as memory_homework  # imported here: it reads lectures
    from edutrack.adapters.memory import quizzes as memory_quizzes

    memory_homework.delete_of_lectures(state, lecture_ids)
    memory_quizzes.delete_of_lectures(state, lecture_ids)
    for lecture_id in lecture_ids:
        del lessons.lectures[lecture_id]
    return RemovedFiles(pictures=pictures, materials=materials)


class _Repository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._tables = state.of(LessonTables)

    def _courses(self) -> dict[int, Course]:
        return self._state.of(memory_courses.CourseTables).courses

    def _purchases(self) -> dict[int, Purchase]:
        return self._state.of(memory_purchases.PurchaseTables).purchases

    def _teacher_of_topic(self, topic_id: int) -> int:
        return self._courses()[self._tables.topics[topic_id].course_id].teacher_id


class MemoryTopicRepository(_Repository):
    async def course_teacher(self, course_id: int) -> int | None:
        course = self._courses().get(course_id)
        return course.teacher_id if course is not None else None

    def _store(self, topic: Topic) -> None:
        if topic.course_id not in self._courses():
            raise Conflict(CONFLICT)
        assert topic.id is not None
        self._tables.topics[topic.id] = copy.deepcopy(topic)

    async def add(self, topic: Topic) -> Topic:
        if topic.course_id not in self._courses():
            raise Conflict(CONFLICT)
        topic.id = self._state.next_id("topics")
        self._store(topic)
        return topic

    async def get(self, topic_id: int) -> Owned[Topic] | None:
        topic = self._tables.topics.get(topic_id)
        if topic is None:
            return None
        return Owned(copy.deepcopy(topic), self._teacher_of_topic(topic_id))

    async def save(self, topic: Topic) -> None:
        assert topic.id in self._tables.topics
        self._store(topic)

    async def has_sold_lectures(self, topic_id: int) -> bool:
        lectures = {i for i, lecture in self._tables.lectures.items() if lecture.topic_id == topic_id}
        return any(p.lecture_id in lectures for p in self._purchases().values())

    async def delete(self, topic_id: int) -> RemovedFiles:
        if topic_id not in self._tables.topics:
            return RemovedFiles()
        lectures = {i for i, lecture in self._tables.lectures.items() if lecture.topic_id == topic_id}
        if await self.has_sold_lectures(topic_id):  # the purchases' foreign key, as in SQL
            raise InUse(SOLD_LECTURE)
        removed = _delete_lectures(self._state, lectures)
        del self._tables.topics[topic_id]
        return removed


class MemoryLectureRepository(_Repository):
    def _store(self, lecture: Lecture) -> None:
        """Mirrors the foreign key and the check constraints of the lectures table."""
        if (
            lecture.topic_id not in self._tables.topics
            or lecture.price < 0
            or not 0 <= lecture.discount <= lecture.price
            or not 1 <= lecture.available_days <= 365
        ):
            raise Conflict(CONFLICT)
        assert lecture.id is not None
        self._tables.lectures[lecture.id] = copy.deepcopy(lecture)

    async def add(self, lecture: Lecture) -> Lecture:
        if lecture.topic_id not in self._tables.topics:
            raise Conflict(CONFLICT)
        lecture.id = self._state.next_id("lectures")
        self._store(lecture)
        return lecture

    async def get(self, lecture_id: int) -> Owned[Lecture] | None:
        lecture = self._tables.lectures.get(lecture_id)
        if lecture is None:
            return None
        return Owned(copy.deepcopy(lecture), self._teacher_of_topic(lecture.topic_id))

    async def save(self, lecture: Lecture) -> None:
        assert lecture.id in self._tables.lectures
        self._store(lecture)

    async def is_sold(self, lecture_id: int) -> bool:
        return any(p.lecture_id == lecture_id for p in self._purchases().values())

    async def delete(self, lecture_id: int) -> RemovedFiles:
        if lecture_id not in self._tables.lectures:
            return RemovedFiles()
        if await self.is_sold(lecture_id):  # the purchases' foreign key, as in SQL
            raise InUse(SOLD_LECTURE)
        return _delete_lectures(self._state, {lecture_id})


class MemoryVideoRepository(_Repository):
    def _store(self, video: Video) -> None:
        if video.lecture_id not in self._tables.lectures:
            raise Conflict(CONFLICT)
        assert video.id is not None
        self._tables.videos[video.id] = copy.deepcopy(video)

    async def add(self, video: Video) -> Video:
        if video.lecture_id not in self._tables.lectures:
            raise Conflict(CONFLICT)
        video.id = self._state.next_id("videos")
        self._store(video)
        return video

    async def get(self, video_id: int) -> Owned[Video] | None:
        video = self._tables.videos.get(video_id)
        if video is None:
            return None
        lecture = self._tables.lectures[video.lecture_id]
        return Owned(copy.deepcopy(video), self._teacher_of_topic(lecture.topic_id))

    async def save(self, video: Video) -> None:
        assert video.id in self._tables.videos
        self._store(video)

    async def delete(self, video_id: int) -> None:
        self._tables.videos.pop(video_id, None)
