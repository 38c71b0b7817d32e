"""What the use cases of several features share (import-linter lets every feature import this module and
nothing else of another feature's): the content viewer, and the parts the use cases are built from, one
base class for each set of parts several features' use cases share; and ``enroll_remembered``, which every
path creating a student account calls (the bulk enrollment's remembered auto-enrollments).

The content viewer: who is looking at course content, with the lectures they have bought
(API_SUPPLEMENT §5: video URLs and material files open to a student only while they hold unexpired
access to the lecture). Lessons and materials both show content.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Generic, TypeVar

from edutrack.core.actor import Actor
from edutrack.core.entities.enrollments import Enrollment, EnrollmentStatus
from edutrack.core.entities.integrations import AuditAction, AuditEntry
from edutrack.core.policies.content import Viewer, viewer_of, with_access
from edutrack.core.policies.course_keys import course_key
from edutrack.ports.clock import Clock
from edutrack.ports.purchases import LectureAccess
from edutrack.ports.security import PasswordHasher
from edutrack.ports.storage import MediaStorage, PrivateFiles
from edutrack.ports.uow import UnitOfWork

R = TypeVar("R")


async def content_viewer(
    actor: Actor, access: LectureAccess, clock: Clock, lecture_ids: Collection[int] | None = None
) -> Viewer:
    """``viewer_of(actor)``, plus, for a student, the lectures (among ``lecture_ids``; all when None) they
    may open now. Staff viewers never touch the database here."""
    viewer = viewer_of(actor)
    if not viewer.student or actor.student_id is None:
        return viewer
    if lecture_ids is not None and not lecture_ids:
        return viewer
    opened = await access.lectures_with_access(actor.student_id, lecture_ids, clock.now())
    return with_access(viewer, opened)


class Query(Generic[R]):
    """A use case that only reads: built from the reader of its feature."""

    def __init__(self, reader: R) -> None:
        self._reader = reader


class Writer(Generic[R]):
    """A use case that writes and answers with the row it wrote: the unit of work, the clock, the reader."""

    def __init__(self, uow: UnitOfWork, clock: Clock, reader: R) -> None:
        self._uow = uow
        self._clock = clock
        self._reader = reader


class PictureWriter(Generic[R]):
    """A writer that also stores a picture (a course's cover, a lecture's picture) before its transaction."""

    def __init__(self, uow: UnitOfWork, storage: MediaStorage, clock: Clock, reader: R) -> None:
        self._uow = uow
        self._storage = storage
        self._clock = clock
        self._reader = reader


class ContentRemover:
    """A deletion that cascades to lectures, whose pictures and material files go after the commit."""

    def __init__(self, uow: UnitOfWork, storage: MediaStorage, private_files: PrivateFiles) -> None:
        self._uow = uow
        self._storage = storage
        self._private_files = private_files


class AccountWriter(Generic[R]):
    """What creating and changing a teacher or an assistant account are built from: the unit of work, the
    password hasher, the picture storage, the clock, and the reader of the row they answer with."""

    def __init__(
        self, uow: UnitOfWork, hasher: PasswordHasher, storage: MediaStorage, clock: Clock, reader: R
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._storage = storage
        self._clock = clock
        self._reader = reader


async def enroll_remembered(
    uow: UnitOfWork,
    *,
    email: str | None,
    student_id: int,
    username: str,
    now: datetime,
    client_id: int | None = None,
) -> list[int]:
    """A student account was just created with ``email``: enroll it (approved) in every course an
    integration remembered that email for with ``auto_enroll`` (Appsembler bulk enrollment), forget that
    email's allowances, and audit each enrollment (``AUTO_ENROLLED``; ``client_id`` is the client that
    created the account, None for a registration). In the caller's transaction, so the enrollments exist
    exactly when the account does. Every path that creates a student calls it. The course ids enrolled."""
    if not email:
        return []
    course_ids = list(await uow.enrollment_allowances.take(email))
    for course_id in course_ids:
        await uow.enrollments.add(
            Enrollment(student_id, course_id, now, status=EnrollmentStatus.APPROVED, responded_at=now)
        )
        await uow.integration_audit.record(
            AuditEntry(
                AuditAction.AUTO_ENROLLED,
                target=username,
                created_at=now,
                client_id=client_id,
                details={
                    "email": email.lower(),
                    "course_id": course_key(course_id),
                    "student_id": student_id,
                },
            )
        )
    return course_ids
