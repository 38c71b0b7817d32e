"""Topics of a course (Teacher API §3): created and deleted by the course's teacher, updated by the teacher or
their assistants, read by every authenticated user as far as they may see them."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.entities.content import Topic
from edutrack.core.errors import InUse, found
from edutrack.core.policies.content import viewer_of
from edutrack.core.use_cases.lessons.commands import NewTopic, TopicChanges
from edutrack.core.use_cases.lessons.common import (
    SOLD_TOPIC,
    apply,
    load_owned,
    parent_teacher,
    remove_files,
    require_creator,
    require_editor,
)
from edutrack.core.use_cases.shared import ContentRemover, Query, Writer
from edutrack.ports.lessons import ContentReader, LectureRow, TopicFilter, TopicRow
from edutrack.ports.readers import Page, PageRequest


class CreateTopic(Writer[ContentReader]):
    """The teacher of the course only (assistants, other teachers, the site owner and students: 403).

    Invariants: the course exists (else a ``course`` field error) and is the actor's. Answers the topic as
    the teacher sees it. (Name, order and the other fields come checked: ``commands.py``.)
    """

    async def execute(self, actor: Actor, data: NewTopic) -> TopicRow:
        require_creator(actor)
        now = self._clock.now()
        topic = Topic(
            course_id=data.course_id,
            name=data.name,
            description=data.description,
            order=data.order,
            is_active=data.is_active,
            created_at=now,
            updated_at=now,
        )
        async with self._uow as uow:
            await parent_teacher(
                uow.topics.course_teacher, "course", topic.course_id, actor, teacher_only=True
            )
            await uow.topics.add(topic)
            await uow.commit()
        assert topic.id is not None
        return found(await self._reader.get_topic(viewer_of(actor), topic.id))


class UpdateTopic(Writer[ContentReader]):
    """The course's teacher or their assistants; only the fields set in ``changes``.

    Invariants: moving the topic to another course needs that course to exist (else a ``course`` field
    error) and be the same teacher's. Another teacher's topic is 403; a missing one 404.
    """

    async def execute(self, actor: Actor, topic_id: int, changes: TopicChanges) -> TopicRow:
        require_editor(actor)
        async with self._uow as uow:
            topic = await load_owned(uow.topics.get, topic_id, actor, teacher_only=False)
            course_id = changes.course_id
            if isinstance(course_id, int) and course_id != topic.course_id:
                await parent_teacher(
                    uow.topics.course_teacher, "course", course_id, actor, teacher_only=False
                )
            apply(topic, changes, self._clock.now())
            await uow.topics.save(topic)
            await uow.commit()
        return found(await self._reader.get_topic(viewer_of(actor), topic_id))


class DeleteTopic(ContentRemover):
    """The course's teacher only. A topic with a lecture students have bought is never deleted: 400
    SOLD_TOPIC; deactivating it is the way. Otherwise its lectures, their videos and materials go with it
    in one transaction; their picture and material files are deleted after the commit."""

    async def execute(self, actor: Actor, topic_id: int) -> None:
        require_creator(actor)
        async with self._uow as uow:
            await load_owned(uow.topics.get, topic_id, actor, teacher_only=True)
            if await uow.topics.has_sold_lectures(topic_id):
                raise InUse(SOLD_TOPIC)
            removed = await uow.topics.delete(topic_id)
            await uow.commit()
        await remove_files(removed, self._storage, self._private_files)


class ListTopics(Query[ContentReader]):
    """Any authenticated user; each sees only the topics they may see (core/policies/content.py)."""

    async def execute(self, actor: Actor, filters: TopicFilter, page: PageRequest) -> Page[TopicRow]:
        return await self._reader.list_topics(viewer_of(actor), filters, page)


class GetTopic(Query[ContentReader]):
    """Any authenticated user; a topic they may not see is NotFound. With its visible lectures and videos."""

    async def execute(self, actor: Actor, topic_id: int) -> TopicRow:
        return found(await self._reader.get_topic(viewer_of(actor), topic_id))


class ListTopicLectures(Query[ContentReader]):
    """Any authenticated user: the visible lectures of a topic they may see (else NotFound)."""

    async def execute(self, actor: Actor, topic_id: int) -> list[LectureRow]:
        return found(await self._reader.topic_lectures(viewer_of(actor), topic_id))
