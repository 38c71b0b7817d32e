"""Reference data: grades, school types, divisions, subjects, governorates, areas, video security."""

from __future__ import annotations

from edutrack.adapters.memory.academics import MemoryReferenceReader
from edutrack.adapters.sql.readers.academics import SqlReferenceReader
from edutrack.composition.container import Container
from edutrack.core.use_cases.academics.create_item import CreateReferenceItem
from edutrack.core.use_cases.academics.delete_item import DeleteReferenceItem
from edutrack.core.use_cases.academics.get_item import GetReferenceItem
from edutrack.core.use_cases.academics.list_items import ListReferenceItems
from edutrack.core.use_cases.academics.update_item import UpdateReferenceItem
from edutrack.ports.academics import ReferenceReader


def wire(c: Container) -> None:
    c.component(ReferenceReader, lambda c: c.pick(MemoryReferenceReader, SqlReferenceReader))
    c.use_case(ListReferenceItems, lambda c: ListReferenceItems(c.get(ReferenceReader)), replica=True)
    c.use_case(GetReferenceItem, lambda c: GetReferenceItem(c.get(ReferenceReader)))
    c.use_case(CreateReferenceItem, lambda c: CreateReferenceItem(c.uow(), c.get(ReferenceReader)))
    c.use_case(UpdateReferenceItem, lambda c: UpdateReferenceItem(c.uow(), c.get(ReferenceReader)))
    c.use_case(DeleteReferenceItem, lambda c: DeleteReferenceItem(c.uow()))
