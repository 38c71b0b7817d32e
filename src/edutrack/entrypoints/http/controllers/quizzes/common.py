"""What the quiz and attempt controllers share: their guards, the quiz path and the texts of their
documentation."""

from __future__ import annotations

from edutrack.core.actor import Role
from edutrack.entrypoints.http.security import roles

DETAIL = "/{quiz_id:int}/"
STAFF = [roles(Role.SITE_OWNER, Role.TEACHER, Role.ASSISTANT)]
STUDENTS = [roles(Role.STUDENT)]
SCOPE = (
    " Who manages: the site owner, or the lecture's course teacher and their assistants; another teacher: "
    '403 {"detail": ...}; students: 403; no such quiz: 404. '
)
