"""Who sees and who changes course content (§2, §5).

- The site owner sees everything and manages courses (and materials).
- A teacher, and the teacher's assistants, see everything active plus all of the teacher's own courses,
  and write only inside the teacher's own courses: topics, lectures and videos are created and deleted by
  the teacher only; assistants read and update them. Another teacher's content is 403, never data.
- A student sees active courses, their active topics, visible lectures and active videos; a video's URL
  and a material's file only for the lectures they have access to (an unexpired purchase).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from edutrack.core.actor import Actor, Role
from edutrack.core.errors import PermissionDenied
from edutrack.core.policies.access import require_active


@dataclass(frozen=True, slots=True)
class Viewer:
    """What a reader may show: ``sees_all`` (site owner); ``own_teacher_id`` (a teacher's or assistant's
    own courses, inactive parts included); ``student`` (only active/visible parts, and video URLs and
    material files only of ``accessible_lecture_ids``, the lectures they hold unexpired access to)."""

    sees_all: bool = False
    own_teacher_id: int | None = None
    student: bool = False
    accessible_lecture_ids: frozenset[int] = frozenset()


def viewer_of(actor: Actor) -> Viewer:
    require_active(actor)
    if actor.role is Role.SITE_OWNER:
        return Viewer(sees_all=True)
    if actor.role in (Role.TEACHER, Role.ASSISTANT):
        return Viewer(own_teacher_id=actor.teacher_id)
    return Viewer(student=True)


def with_access(viewer: Viewer, lecture_ids: Iterable[int]) -> Viewer:
    """The student ``viewer`` opening ``lecture_ids`` too (what the access query found)."""
    return replace(viewer, accessible_lecture_ids=viewer.accessible_lecture_ids | frozenset(lecture_ids))


def opens_lecture(viewer: Viewer, lecture_id: int) -> bool:
    """Whether the viewer gets a lecture's protected content (video URLs, material files): staff always
    (their scope is checked elsewhere); a student only with access to the lecture."""
    return not viewer.student or lecture_id in viewer.accessible_lecture_ids


def owns_course(actor: Actor, course_teacher_id: int) -> bool:
    return actor.role in (Role.TEACHER, Role.ASSISTANT) and actor.teacher_id == course_teacher_id


def require_content_write(actor: Actor, course_teacher_id: int, *, teacher_only: bool = False) -> None:
    """Creating or deleting topics, lectures and videos: ``teacher_only``; updating: teacher or assistant."""
    require_active(actor)
    allowed = (Role.TEACHER,) if teacher_only else (Role.TEACHER, Role.ASSISTANT)
    if actor.role not in allowed or actor.teacher_id != course_teacher_id:
        raise PermissionDenied()


def require_material_write(actor: Actor, course_teacher_id: int) -> None:
    """Materials: the site owner, or the course's teacher and their assistants."""
    require_active(actor)
    if actor.role is Role.SITE_OWNER:
        return
    if not owns_course(actor, course_teacher_id):
        raise PermissionDenied()
