"""A teacher removes one of their assistants (Teacher API §1, DELETE /accounts/teacher/assistant/{id}/)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.use_cases.assistants.create_assistant import require_teacher
from edutrack.core.use_cases.assistants.update_assistant import load_owned
from edutrack.ports.storage import MediaStorage
from edutrack.ports.uow import UnitOfWork


class DeleteAssistant:
    """Teacher only, on their own assistants; another teacher's assistant is NotFound.

    Invariants: the profile and the user account go together in one transaction (the assistant's tokens
    stop working: the user no longer exists); the picture file is deleted after the commit.
    """

    def __init__(self, uow: UnitOfWork, storage: MediaStorage) -> None:
        self._uow = uow
        self._storage = storage

    async def execute(self, actor: Actor, assistant_id: int) -> None:
        teacher_id = require_teacher(actor)
        async with self._uow as uow:
            assistant, _ = await load_owned(uow, assistant_id, teacher_id)
            await uow.assistants.delete(assistant_id)
            await uow.commit()
        if assistant.profile_picture is not None:
            await self._storage.delete(assistant.profile_picture)
