"""Create a reference item (§4), and the field rules that create and update share."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal

from edutrack.core.actor import Actor
from edutrack.core.entities.academics import ENTITY_BY_KIND, REFERENCES, ReferenceItem, ReferenceKind
from edutrack.core.errors import NotFound, ValidationFailed, invalid_pk
from edutrack.core.money import parse_money
from edutrack.core.policies.access import require_site_owner
from edutrack.core.policies.accounts import check_name
from edutrack.ports.readers import ReferenceReader, ReferenceRow
from edutrack.ports.repositories import ReferenceCatalog
from edutrack.ports.uow import UnitOfWork

MAX_INT = 2**31 - 1
NAME_MAX_LENGTH = 100

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


def _clean_pk(field: str, raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ValidationFailed.field(
            field, f"Incorrect type. Expected pk value, received {type(raw).__name__}."
        )
    return raw  # whether it exists (any size) is for check_item to say


def _clean_ids(field: str, raw: object) -> list[int]:
    if not isinstance(raw, list | tuple):
        raise ValidationFailed.field(field, f'Expected a list of items but got type "{type(raw).__name__}".')
    return list(dict.fromkeys(_clean_pk(field, value) for value in raw))


def _clean_order(raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ValidationFailed.field("order", "A valid integer is required.")
    if raw < 0:
        raise ValidationFailed.field("order", "Ensure this value is greater than or equal to 0.")
    if raw > MAX_INT:
        raise ValidationFailed.field("order", f"Ensure this value is less than or equal to {MAX_INT}.")
    return raw


def _clean_name(raw: object) -> str:
    if not isinstance(raw, str):
        raise ValidationFailed.field("name", "Not a valid string.")
    return check_name(raw, max_length=NAME_MAX_LENGTH)


_CLEANERS: dict[str, Callable[[object], object]] = {
    "name": _clean_name,
    "order": _clean_order,
    "grade_ids": lambda raw: _clean_ids("grades", raw),
    "school_type_ids": lambda raw: _clean_ids("school_types", raw),
    "division_ids": lambda raw: _clean_ids("divisions", raw),
    "governorate_id": lambda raw: _clean_pk("governorate", raw),
    "price_per_student": lambda raw: parse_money("price_per_student", raw, minimum=Decimal("0")),
}


def entity_fields(kind: ReferenceKind) -> list[dataclasses.Field[object]]:
    return [f for f in dataclasses.fields(ENTITY_BY_KIND[kind]) if f.name != "id"]


def clean_fields(kind: ReferenceKind, fields: Mapping[str, object]) -> dict[str, object]:
    """Check and normalise the given entity fields; every field error is reported at once."""
    allowed = {f.name for f in entity_fields(kind)}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown fields for {kind.value}: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, object] = {}
    for key, raw in fields.items():
        try:
            cleaned[key] = _CLEANERS[key](raw)
        except ValidationFailed as exc:
            for name, messages in exc.fields.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationFailed(errors)
    return cleaned


async def check_item(catalog: ReferenceCatalog, item: ReferenceItem, changed: Iterable[str]) -> None:
    """The rules that need the database: referenced ids exist, the name is free (case-insensitively)."""
    changed = set(changed)
    errors: dict[str, list[str]] = {}
    for field, target in REFERENCES.get(item.kind, {}).items():
        value = getattr(item, field)
        ids: list[int] = value if isinstance(value, list) else [value]
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
    """Site owner only.

    Invariants: the name is not blank, at most 100 characters, and unique per kind case-insensitively
    (areas: per governorate); every referenced id exists; a price is exact money >= 0. The item is
    written in one transaction and returned as the readers show it.
    """

    def __init__(self, uow: UnitOfWork, reader: ReferenceReader) -> None:
        self._uow = uow
        self._reader = reader

    async def execute(self, actor: Actor, kind: ReferenceKind, fields: Mapping[str, object]) -> ReferenceRow:
        require_site_owner(actor)
        cleaned = clean_fields(kind, fields)
        required = [
            f.name
            for f in entity_fields(kind)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        ]
        absent = {HTTP_FIELD[name]: ["This field is required."] for name in required if name not in cleaned}
        if absent:
            raise ValidationFailed(absent)
        item: ReferenceItem = ENTITY_BY_KIND[kind](**cleaned)
        async with self._uow as uow:
            await check_item(uow.reference, item, [f.name for f in entity_fields(kind)])
            await uow.reference.add(item)
            await uow.commit()
        assert item.id is not None
        row = await self._reader.get(kind, item.id)
        if row is None:
            raise NotFound()
        return row
