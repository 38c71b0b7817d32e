"""Assistants: each teacher's assistants, and the site owner's view of them all."""

from __future__ import annotations

from edutrack.adapters.memory.assistants import MemoryAssistantReader
from edutrack.adapters.sql.readers.assistants import SqlAssistantReader
from edutrack.composition.container import Container
from edutrack.core.use_cases.assistants.create_assistant import CreateAssistant
from edutrack.core.use_cases.assistants.delete_assistant import DeleteAssistant
from edutrack.core.use_cases.assistants.get_assistant import GetMyAssistant
from edutrack.core.use_cases.assistants.list_assistants import ListAllAssistants, ListMyAssistants
from edutrack.core.use_cases.assistants.update_assistant import UpdateAssistant
from edutrack.ports.assistants import AssistantReader


def wire(c: Container) -> None:
    c.component(AssistantReader, lambda c: c.pick(MemoryAssistantReader, SqlAssistantReader))
    c.use_case(
        CreateAssistant,
        lambda c: CreateAssistant(c.uow(), c.hasher, c.storage, c.clock, c.get(AssistantReader)),
    )
    c.use_case(
        UpdateAssistant,
        lambda c: UpdateAssistant(c.uow(), c.hasher, c.storage, c.clock, c.get(AssistantReader)),
    )
    c.use_case(DeleteAssistant, lambda c: DeleteAssistant(c.uow(), c.storage))
    c.use_case(ListMyAssistants, lambda c: ListMyAssistants(c.get(AssistantReader)), replica=True)
    c.use_case(GetMyAssistant, lambda c: GetMyAssistant(c.get(AssistantReader)))
    c.use_case(ListAllAssistants, lambda c: ListAllAssistants(c.get(AssistantReader)), replica=True)
