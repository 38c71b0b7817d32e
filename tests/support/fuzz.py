"""The world of the schemathesis run (issue #15, ``tests/integration/test_api_fuzz.py``).

- ``build_template``: a migrated SQLite file holding the demo data (``edutrack demo-data``) and an OAuth2
  client, plus a bearer header per role, minted straight from the token codec (logging in through the API
  would trip the login throttle the run itself provokes). Every role's run gets its own copy of the file,
  so what one role's requests change or delete (a deactivated teacher, a deleted course) never reaches
  another role's run.
- ``admitted_roles``: which roles each documented operation is run as, read from the role guards the
  application really applies (``security.roles``), so the run spends its time on requests that get past
  the guard instead of collecting 403s.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litestar import Litestar

from edutrack.adapters.sql import migrate
from edutrack.composition import Container, build_container
from edutrack.core.actor import Role
from edutrack.core.entities.people import StudentStatus
from edutrack.entrypoints.cli.demo_data import load_demo_data
from edutrack.entrypoints.cli.demo_people import SITE_OWNER, STUDENT_SEEDS, TEACHER_SEEDS, username_of
from edutrack.entrypoints.http.app import create_app
from edutrack.settings import Settings
from tests.support.databases import run_blocking
from tests.support.integrations import integration_headers

VERIFIED_STUDENT = STUDENT_SEEDS[StudentStatus.VERIFIED][0]
SECRET = "schemathesis-run-secret-key-0123456789"
TOKEN_MINUTES = 240  # outlives any run
OWNER, TEACHER, STUDENT, INTEGRATION = "owner", "teacher", "student", "integration"
ROLES = (OWNER, TEACHER, STUDENT, INTEGRATION)
# The users' roles the run acts as; an assistant is admitted where a teacher is and is not run separately.
USER_ROLES = {Role.SITE_OWNER: OWNER, Role.TEACHER: TEACHER, Role.STUDENT: STUDENT}
# The documentation pages are not part of the contract the run checks.
UNDOCUMENTED = ("/schema",)
HTTP_METHODS = {"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}


@dataclass(frozen=True)
class FuzzWorld:
    template: Path
    headers: dict[str, dict[str, str]]  # by role

    def server_env(self, database: Path, media: Path) -> dict[str, str]:
        """The ``EDUTRACK_*`` variables of a server on a copy of the template."""
        return {
            "EDUTRACK_DATABASE_URL": sqlite_url(database),
            "EDUTRACK_SECRET_KEY": SECRET,
            "EDUTRACK_ACCESS_TOKEN_MINUTES": str(TOKEN_MINUTES),
            "EDUTRACK_MEDIA_DIR": str(media),
            "EDUTRACK_MAIL_BACKEND": "file",
            "EDUTRACK_MAIL_DIR": str(media.parent / "mail"),
            "EDUTRACK_LOG_LEVEL": "ERROR",
        }


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def settings_for(database: Path, media: Path) -> Settings:
    return Settings(
        environment="test",
        database_url=sqlite_url(database),
        secret_key=SECRET,
        access_token_minutes=TOKEN_MINUTES,
        password_hashing="fast",
        media_dir=media,
    )


def build_template(directory: Path) -> FuzzWorld:
    """Migrate a fresh SQLite file, load the demo data and an OAuth2 client, mint the bearer headers."""
    template = directory / "fuzz-template.db"
    migrate.upgrade(sqlite_url(template))
    settings = settings_for(template, directory / "template-media")

    async def load() -> dict[str, dict[str, str]]:
        container = build_container(settings)
        try:
            await load_demo_data(container)
            headers = {
                OWNER: await _bearer(container, SITE_OWNER.username),
                TEACHER: await _bearer(container, username_of(TEACHER_SEEDS[0].name)),
                STUDENT: await _bearer(
                    container, username_of(STUDENT_SEEDS[StudentStatus.VERIFIED][0].name_en)
                ),
                INTEGRATION: await integration_headers(container, "schemathesis"),
            }
        finally:
            await container.dispose()
        return headers

    headers = run_blocking(load)
    assert isinstance(headers, dict)
    return FuzzWorld(template, headers)


async def _bearer(container: Container, username: str) -> dict[str, str]:
    async with container.uow() as uow:
        user = await uow.users.get_by_username(username)
    assert user is not None and user.id is not None, f"demo user {username} is missing"
    token = container.codec.issue_access(user.id, user.role.value, container.clock.now())
    return {"Authorization": f"Bearer {token}"}


def _key(method: str, path: str) -> tuple[str, str]:
    """``("GET", "/courses/{course_id:int}")`` and ``("get", "/courses/{course_id}/")`` alike."""
    return method.upper(), re.sub(r"\{(\w+):[^}]+\}", r"{\1}", path).rstrip("/") or "/"


def _guarded_roles(app: Litestar, handler: object) -> frozenset[Role] | None:
    """The roles the ``security.roles`` guards on the handler's layers admit; None without such a guard."""
    admitted: frozenset[Role] | None = None
    for layer in handler.ownership_layers:  # type: ignore[attr-defined]
        for guard in getattr(layer, "guards", None) or []:
            allowed = inspect.getclosurevars(guard).nonlocals.get("allowed")
            if allowed is not None:
                roles = frozenset(allowed)
                admitted = roles if admitted is None else admitted & roles
    return admitted


def admitted_roles(app: Litestar) -> dict[tuple[str, str], frozenset[str]]:
    """(METHOD, path without trailing slash) -> the run's roles that pass the operation's guards.

    Public operations (login, registration, token refresh) run once, as the site owner; integration
    operations as the OAuth2 client; operations open to any signed-in user as owner, teacher and student.
    """
    table: dict[tuple[str, str], frozenset[str]] = {}
    for route in app.routes:
        if route.path.startswith(UNDOCUMENTED):
            continue
        for handler in getattr(route, "route_handlers", []):
            if handler.opt.get("public"):
                roles = frozenset({OWNER})
            elif handler.opt.get("integration"):
                roles = frozenset({INTEGRATION})
            else:
                guarded = _guarded_roles(app, handler)
                users = guarded if guarded is not None else frozenset(USER_ROLES)
                roles = frozenset(USER_ROLES[r] for r in users if r in USER_ROLES)
            for method in handler.http_methods:
                table[_key(method, route.path)] = roles
    return table


def roles_by_operation(database: Path, media: Path) -> dict[tuple[str, str], frozenset[str]]:
    """``admitted_roles`` of an application built (never started) on ``database``."""
    container = build_container(settings_for(database, media))
    try:
        return admitted_roles(create_app(settings_for(database, media), container))
    finally:
        run_blocking(container.dispose)


def narrowed_document(
    document: dict[str, Any], table: dict[tuple[str, str], frozenset[str]], role: str
) -> dict[str, Any]:
    """The served document with only the operations ``role`` is admitted to (components untouched)."""
    narrowed = {**document, "paths": {}}
    for path, item in document["paths"].items():
        kept = {}
        for method, operation in item.items():
            if method.upper() not in HTTP_METHODS:
                kept[method] = operation  # shared parameters, summary
                continue
            key = _key(method, path)
            assert key in table, f"{method.upper()} {path} is documented but no route serves it"
            if role in table[key]:
                kept[method] = operation
        if any(method.upper() in HTTP_METHODS for method in kept):
            narrowed["paths"][path] = kept
    return narrowed
