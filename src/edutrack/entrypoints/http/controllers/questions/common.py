"""What the question-bank controllers share: their guards and the texts of their documentation."""

from __future__ import annotations

from edutrack.core.actor import Role
from edutrack.entrypoints.http.security import roles

BANK = [roles(Role.SITE_OWNER, Role.TEACHER, Role.ASSISTANT)]
WHO = (
    "Site owner, teachers and assistants (students: 403 on every question-bank path). "
    "An assistant acts with their teacher's rights. "
)
PAGED = "Paginated (?page, ?page_size, ?all=true). "
