"""Topics, lectures and videos of a course."""

from __future__ import annotations

from edutrack.adapters.memory.lessons_reader import MemoryContentReader
from edutrack.adapters.sql.readers.lessons import SqlContentReader
from edutrack.composition.container import Container
from edutrack.core.use_cases.lessons.lectures import (
    CreateLecture,
    DeleteLecture,
    GetLecture,
    ListLectures,
    ListLectureVideos,
    UpdateLecture,
)
from edutrack.core.use_cases.lessons.topics import (
    CreateTopic,
    DeleteTopic,
    GetTopic,
    ListTopicLectures,
    ListTopics,
    UpdateTopic,
)
from edutrack.core.use_cases.lessons.videos import CreateVideo, DeleteVideo, GetVideo, ListVideos, UpdateVideo
from edutrack.core.use_cases.lessons.viewer import ResolveContentViewer
from edutrack.ports.lessons import ContentReader
from edutrack.ports.purchases import LectureAccess


def wire(c: Container) -> None:
    c.component(ContentReader, lambda c: c.pick(MemoryContentReader, SqlContentReader))
    reader = lambda c: c.get(ContentReader)  # noqa: E731
    c.use_case(ResolveContentViewer, lambda c: ResolveContentViewer(c.get(LectureAccess), c.clock))
    c.use_case(CreateTopic, lambda c: CreateTopic(c.uow(), c.clock, reader(c)))
    c.use_case(UpdateTopic, lambda c: UpdateTopic(c.uow(), c.clock, reader(c)))
    c.use_case(DeleteTopic, lambda c: DeleteTopic(c.uow(), c.storage, c.private_files))
    c.use_case(ListTopics, lambda c: ListTopics(reader(c)), replica=True)
    c.use_case(GetTopic, lambda c: GetTopic(reader(c)))
    c.use_case(ListTopicLectures, lambda c: ListTopicLectures(reader(c)), replica=True)
    c.use_case(CreateLecture, lambda c: CreateLecture(c.uow(), c.storage, c.clock, reader(c)))
    c.use_case(UpdateLecture, lambda c: UpdateLecture(c.uow(), c.storage, c.clock, reader(c)))
    c.use_case(DeleteLecture, lambda c: DeleteLecture(c.uow(), c.storage, c.private_files))
    c.use_case(ListLectures, lambda c: ListLectures(reader(c)), replica=True)
    c.use_case(GetLecture, lambda c: GetLecture(reader(c)))
    c.use_case(ListLectureVideos, lambda c: ListLectureVideos(reader(c)), replica=True)
    c.use_case(CreateVideo, lambda c: CreateVideo(c.uow(), c.clock, reader(c)))
    c.use_case(UpdateVideo, lambda c: UpdateVideo(c.uow(), c.clock, reader(c)))
    c.use_case(DeleteVideo, lambda c: DeleteVideo(c.uow()))
    c.use_case(ListVideos, lambda c: ListVideos(reader(c)), replica=True)
    c.use_case(GetVideo, lambda c: GetVideo(reader(c)))
