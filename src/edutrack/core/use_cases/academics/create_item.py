"""Create a reference item (§4), and the domain rules that create and update share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from edutrack.core.actor import Actor
from edutrack.core.commands import changes_of
from edutrack.core.entities.academics import ENTITY_BY_KIND, REFERENCES, ReferenceItem, ReferenceKind
from edutrack.core.errors import ValidationFailed, found, invalid_pk
from edutrack.core.money import quantize
from edutrack.core.policies.access import require_site_owner
from edutrack.core.policies.accounts import check_name
from edutrack.core.use_cases.academics.commands import NewReferenceItem, ReferenceChanges
from edutrack.ports.academics import ReferenceCatalog, ReferenceReader, ReferenceRow
from edutrack.ports.uow import UnitOfWork

NAME_MAX_LENGTH = 100
ID_LISTS = frozenset({"grade_ids", "school_type_ids", "division_ids"})

# entity field → the name the API uses for it (and in its error bodies)
HTTP_FIELD = {
    "name": "name",
    "order": "order",
    "grade_ids": "grades",
    "school_type_ids": "school_types",
    "division_ids": "divisions",
    "governorate_id": "governorate",
    "price_per_student": "price_per_student",
}

SINGULAR = {
    ReferenceKind.GRADE: "grade",
    ReferenceKind.SCHOOL_TYPE: "school type",
    ReferenceKind.DIVISION: "division",
    ReferenceKind.SUBJECT: "subject",
    ReferenceKind.GOVERNORATE: "governorate",
    ReferenceKind.AREA: "area",
    ReferenceKind.VIDEO_SECURITY: "video security",
}


def duplicate_name_message(kind: ReferenceKind) -> str:
    return f"{SINGULAR[kind]} with this name already exists."


def entity_values(command: NewReferenceItem | ReferenceChanges) -> dict[str, Any]:
    """The fields a command sets, under the entity's names, normalised by the domain rules: the name
    trimmed and not blank, id lists without repeats (first occurrence kept), money to the cent."""
    values = changes_of(command)
    if "name" in values:
        values["name"] = check_name(values["name"], max_length=NAME_MAX_LENGTH)
    for field in ID_LISTS & values.keys():
        values[field] = list(dict.fromkeys(values[field]))
    if "price_per_student" in values:
        values["price_per_student"] = quantize(values["price_per_student"])
    return values


async def check_item(catalog: ReferenceCatalog, item: ReferenceItem, changed: Iterable[str]) -> None:
    """The rules that need the database: referenced ids exist, the name is free (case-insensitively)."""
    changed = set(changed)
    errors: dict[str, list[str]] = {}
    for field, target in REFERENCES.get(item.kind, {}).items():
        value = getattr(item, field)
        ids: list[int] = value if field in ID_LISTS else [value]
        if field not in changed or not ids:
            continue
        missing = await catalog.missing_ids(target, ids)
        first = next((i for i in ids if i in missing), None)
        if first is not None:
            errors[HTTP_FIELD[field]] = [invalid_pk(first)]
    if (
        changed & {"name", "governorate_id"}
        and "governorate" not in errors
        and await catalog.name_taken(item)
    ):
        errors["name"] = [duplicate_name_message(item.kind)]
    if errors:
        raise ValidationFailed(errors)


class CreateReferenceItem:
    """Site owner only; the command's class says which kind of item is created.

    Invariants: the name is trimmed, not blank, and unique per kind case-insensitively (areas: per
    governorate); every referenced id exists; a price is kept to the cent. The item is written in one
    transaction and returned as the readers show it.
    """

    def __init__(self, uow: UnitOfWork, reader: ReferenceReader) -> None:
        self._uow = uow
        self._reader = reader

    async def execute(self, actor: Actor, command: NewReferenceItem) -> ReferenceRow:
        require_site_owner(actor)
        values = entity_values(command)
        item: ReferenceItem = ENTITY_BY_KIND[command.kind](**values)
        async with self._uow as uow:
            await check_item(uow.reference, item, values)
            await uow.reference.add(item)
            await uow.commit()
        assert item.id is not None
        return found(await self._reader.get(command.kind, item.id))
