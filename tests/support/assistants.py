"""Assistants over HTTP: the teachers who create them (``teacher_with_login``) and the create request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from edutrack.composition import Container
from edutrack.core.entities.people import Gender
from tests.support.http import OWNER_PASSWORD, Headers, HeadersFor, form
from tests.support.people import Member, add_teacher

LIST = "/accounts/teacher/assistants/"
PASSWORD = "Assist-pass-1"


def detail(assistant_id: int) -> str:
    return f"/accounts/teacher/assistant/{assistant_id}/"


def body(username: str = "helper", **changes: Any) -> dict[str, Any]:
    values = {
        "username": username,
        "password": PASSWORD,
        "name": "Helper Hassan",
        "phone": "01112345678",
        "gmail": f"{username}@gmail.com",
        "gender": "male",
    }
    return {k: v for k, v in {**values, **changes}.items() if v is not None}


@dataclass(frozen=True)
class Teacher:
    member: Member
    id: int  # the teacher profile
    headers: Headers


async def teacher_with_login(
    container: Container, headers_for: HeadersFor, username: str, name: str | None = None
) -> Teacher:
    """A teacher (password ``OWNER_PASSWORD``) with a profile, logged in."""
    member = await add_teacher(container, username, name, gender=Gender.FEMALE, password=OWNER_PASSWORD)
    assert member.actor.teacher_id is not None
    return Teacher(member, member.actor.teacher_id, await headers_for(username, OWNER_PASSWORD))


async def create(client: httpx.AsyncClient, teacher: Teacher, **fields: Any) -> dict[str, Any]:
    response = await client.post(LIST, files=form(**body(**fields)), headers=teacher.headers)
    assert response.status_code == 201, response.text
    return response.json()
