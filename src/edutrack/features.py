"""The feature list: the one line a new feature adds outside its own rooms.

Each name is a room in every layer that has something for it (docs/adr/0006-feature-rooms.md):
``edutrack.composition.<name>`` (required: ``wire(container)``), ``edutrack.entrypoints.http.<name>``
(``CONTROLLERS``) and ``edutrack.entrypoints.cli.<name>`` (``register(commands)``). The order is the order
of the routes and of the commands' help.
"""

from __future__ import annotations

FEATURES: tuple[str, ...] = (
    "health",
    "auth",
    "academics",
    "teachers",
    "assistants",
    "students",
    "notifications",
    "dashboards",
    "courses",
    "lessons",
    "materials",
    "questions",
    "homework",
    "quizzes",
    "enrollments",
    "wallets",
    "purchases",
    "revenue",
    "integrations",
    "enrollment_codes",
    "bulk_enrollment",
    "mail",
    "idempotency",
    "jobs",
)
