"""What the topic, lecture and video use cases share: the role gates, loading a row with its owner, finding
the teacher of a new parent, applying changes, and removing files after a delete."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from edutrack.core.actor import Actor, Role
from edutrack.core.commands import changes_of
from edutrack.core.entities.content import Lecture, Topic, Video
from edutrack.core.errors import NotFound, ValidationFailed, invalid_pk
from edutrack.core.policies.access import require_role
from edutrack.core.policies.content import require_content_write
from edutrack.core.use_cases.lessons.commands import LectureChanges, TopicChanges, VideoChanges
from edutrack.ports.lessons import Owned, RemovedFiles
from edutrack.ports.storage import MediaStorage, PrivateFiles

T = TypeVar("T")

SOLD_LECTURE = "Cannot delete: students have bought this lecture. Hide it instead (is_visible false)."
SOLD_TOPIC = (
    "Cannot delete: students have bought lectures of this topic. Deactivate it instead (is_active false)."
)


def require_creator(actor: Actor) -> None:
    """Creating and deleting: teachers only (the course check follows)."""
    require_role(actor, Role.TEACHER)


def require_editor(actor: Actor) -> None:
    """Updating: teachers and their assistants (the course check follows)."""
    require_role(actor, Role.TEACHER, Role.ASSISTANT)


async def load_owned(
    get: Callable[[int], Awaitable[Owned[T] | None]], item_id: int, actor: Actor, *, teacher_only: bool
) -> T:
    """The row, if it exists (else NotFound) and ``actor`` may write it (else PermissionDenied)."""
    owned = await get(item_id)
    if owned is None:
        raise NotFound()
    require_content_write(actor, owned.teacher_id, teacher_only=teacher_only)
    return owned.item


async def parent_teacher(
    find: Callable[[int], Awaitable[int | None]],
    field: str,
    parent_id: int,
    actor: Actor,
    *,
    teacher_only: bool,
) -> None:
    """The parent a row goes under must exist (else a field error) and belong to the actor's teacher."""
    teacher_id = await find(parent_id)
    if teacher_id is None:
        raise ValidationFailed.field(field, invalid_pk(parent_id))
    require_content_write(actor, teacher_id, teacher_only=teacher_only)


def owner_of(get: Callable[[int], Awaitable[Owned[T] | None]]) -> Callable[[int], Awaitable[int | None]]:
    """``get`` (a repository's) as a lookup of the owning teacher."""

    async def find(item_id: int) -> int | None:
        owned = await get(item_id)
        return owned.teacher_id if owned is not None else None

    return find


def apply(
    entity: Topic | Lecture | Video, changes: TopicChanges | LectureChanges | VideoChanges, now: datetime
) -> None:
    """The set fields of ``changes`` onto ``entity`` (a picture is a file, stored apart: not applied)."""
    for name, value in changes_of(changes).items():
        if name != "picture":
            setattr(entity, name, value)
    entity.updated_at = now


async def remove_files(removed: RemovedFiles, storage: MediaStorage, private_files: PrivateFiles) -> None:
    """After the commit: the pictures and material files of deleted lectures."""
    for key in removed.pictures:
        await storage.delete(key)
    for key in removed.materials:
        await private_files.delete(key)
