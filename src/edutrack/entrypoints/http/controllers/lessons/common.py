"""What the topic, lecture and video controllers share: their guards and the texts of their documentation."""

from __future__ import annotations

from edutrack.core.actor import Role
from edutrack.entrypoints.http.conventions import parse_ordering
from edutrack.entrypoints.http.security import roles

TEACHER = [roles(Role.TEACHER)]
STAFF = [roles(Role.TEACHER, Role.ASSISTANT)]
SEES = (
    " Any authenticated user. Students see only active topics of active courses, visible lectures and"
    " active videos (the rest is 404 for them) and get `video_url: null` except for the lectures they"
    " hold unexpired access to (a purchase); a teacher and their assistants"
    " also see everything of the teacher's own courses; the site owner sees everything."
)
CREATES = (
    " The teacher of the course only: assistants, another teacher, the site owner and students get 403"
    ' {"detail": "You do not have permission to perform this action."}.'
)
UPDATES = (
    " The teacher of the course or their assistants; another teacher's content, the site owner and"
    " students get 403; a missing id 404. PUT requires the fields marked required on create; PATCH any"
    " subset."
)
DELETES = " The teacher of the course only (assistants, other teachers, the site owner, students: 403)."
PAGED = " Paginated (`?page`, `?page_size`, `?all=true`)."


def order_by(raw: str | None, allowed: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """``?ordering=`` among ``allowed`` (``-`` for descending)."""
    return tuple(parse_ordering(raw, allowed))
