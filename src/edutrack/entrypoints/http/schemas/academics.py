"""Request and response bodies of the reference data (§4), and the row → body encoders."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import msgspec

from edutrack.core.errors import FieldErrors
from edutrack.core.money import format_money, parse_money
from edutrack.core.use_cases.academics import commands as c
from edutrack.entrypoints.http.schemas.common import Id, MoneyIn, Name
from edutrack.ports.academics import (
    AreaRow,
    DivisionRow,
    GovernorateRow,
    GradeRow,
    ReferenceRow,
    SchoolTypeRow,
    SubjectRow,
    VideoSecurityRow,
)
from edutrack.ports.readers import NamedRef

Ids = Annotated[list[Id], msgspec.Meta(max_length=500)]
Order = Annotated[int, msgspec.Meta(ge=0, le=2**31 - 1)]
UNSET = msgspec.UNSET
Unset = msgspec.UnsetType

# body field → command field, for the fields whose names differ
COMMAND_FIELDS = {
    "grades": "grade_ids",
    "school_types": "school_type_ids",
    "divisions": "division_ids",
    "governorate": "governorate_id",
}
ID_LISTS = frozenset({"grades", "school_types", "divisions"})


class _In(msgspec.Struct, forbid_unknown_fields=False):
    pass


# --- requests ------------------------------------------------------------------------------------


class GradeIn(_In):
    name: Name
    order: Order = 0


class GradePatch(_In):
    name: Name | Unset = UNSET
    order: Order | Unset = UNSET


class SchoolTypeIn(_In):
    name: Name


class SchoolTypePatch(_In):
    name: Name | Unset = UNSET


class DivisionIn(_In):
    name: Name
    grades: Ids = msgspec.field(default_factory=list)
    school_types: Ids = msgspec.field(default_factory=list)


class DivisionPatch(_In):
    name: Name | Unset = UNSET
    grades: Ids | Unset = UNSET
    school_types: Ids | Unset = UNSET


class SubjectIn(_In):
    name: Name
    grades: Ids = msgspec.field(default_factory=list)
    divisions: Ids = msgspec.field(default_factory=list)
    school_types: Ids = msgspec.field(default_factory=list)


class SubjectPatch(_In):
    name: Name | Unset = UNSET
    grades: Ids | Unset = UNSET
    divisions: Ids | Unset = UNSET
    school_types: Ids | Unset = UNSET


class GovernorateIn(_In):
    name: Name


class GovernoratePatch(_In):
    name: Name | Unset = UNSET


class AreaIn(_In):
    name: Name
    governorate: Id


class AreaPatch(_In):
    name: Name | Unset = UNSET
    governorate: Id | Unset = UNSET


class VideoSecurityIn(_In):
    name: Name
    price_per_student: MoneyIn = "0.00"


class VideoSecurityPatch(_In):
    name: Name | Unset = UNSET
    price_per_student: MoneyIn | Unset = UNSET


# --- body → command -------------------------------------------------------------------------------

NEW_COMMANDS: dict[type[msgspec.Struct], type[c.NewReferenceItem]] = {
    GradeIn: c.NewGrade,
    SchoolTypeIn: c.NewSchoolType,
    DivisionIn: c.NewDivision,
    SubjectIn: c.NewSubject,
    GovernorateIn: c.NewGovernorate,
    AreaIn: c.NewArea,
    VideoSecurityIn: c.NewVideoSecurity,
}
CHANGES_COMMANDS: dict[type[msgspec.Struct], type[c.ReferenceChanges]] = {
    GradePatch: c.GradeChanges,
    SchoolTypePatch: c.SchoolTypeChanges,
    DivisionPatch: c.DivisionChanges,
    SubjectPatch: c.SubjectChanges,
    GovernoratePatch: c.GovernorateChanges,
    AreaPatch: c.AreaChanges,
    VideoSecurityPatch: c.VideoSecurityChanges,
}


def _command_values(data: msgspec.Struct) -> dict[str, Any]:
    """The fields a decoded body sets (UNSET ones left out) under the command's names. The money text
    is parsed here (exact, >= 0, two decimals): the schema documents it as a string or a number."""
    errors = FieldErrors()
    values: dict[str, Any] = {}
    for name in data.__struct_fields__:
        value = getattr(data, name)
        if value is UNSET:
            continue
        if name == "price_per_student":
            value = errors.check(parse_money, name, value, minimum=Decimal("0"))
        elif name in ID_LISTS:
            value = tuple(value)
        values[COMMAND_FIELDS.get(name, name)] = value
    errors.raise_if_any()
    return values


def new_item(data: msgspec.Struct) -> c.NewReferenceItem:
    """A create body (``GradeIn``, ``AreaIn``, …) as the core's create command of its kind."""
    return NEW_COMMANDS[type(data)](**_command_values(data))


def item_changes(data: msgspec.Struct) -> c.ReferenceChanges:
    """A PATCH body (``GradePatch``, …) as the core's changes command of its kind."""
    return CHANGES_COMMANDS[type(data)](**_command_values(data))


# --- responses -----------------------------------------------------------------------------------


class NamedOut(msgspec.Struct):
    id: int
    name: str


class GradeOut(msgspec.Struct):
    id: int
    name: str
    order: int


class SchoolTypeOut(NamedOut):
    pass


class GovernorateOut(NamedOut):
    pass


class AreaOut(msgspec.Struct):
    id: int
    name: str
    governorate: int


class VideoSecurityOut(msgspec.Struct):
    id: int
    name: str
    price_per_student: str


class DivisionOut(msgspec.Struct):
    id: int
    name: str
    grades: list[int]
    school_types: list[int]
    grades_detail: list[NamedOut]
    school_types_detail: list[NamedOut]


class SubjectDivisionOut(msgspec.Struct):
    """A division inside a subject: its grades and school types as ``{id, name}`` objects."""

    id: int
    name: str
    grades: list[NamedOut]
    school_types: list[NamedOut]


class SubjectOut(msgspec.Struct):
    id: int
    name: str
    grades: list[int]
    grades_detail: list[NamedOut]
    divisions: list[int]
    divisions_detail: list[SubjectDivisionOut]
    school_types: list[int]
    school_types_detail: list[NamedOut]
    grade_ids: list[int]
    division_ids: list[int]
    school_type_ids: list[int]


# --- encoders ------------------------------------------------------------------------------------


def _named(refs: list[NamedRef]) -> list[NamedOut]:
    return [NamedOut(id=ref.id, name=ref.name) for ref in refs]


def grade_out(row: ReferenceRow) -> GradeOut:
    assert isinstance(row, GradeRow)
    return GradeOut(id=row.id, name=row.name, order=row.order)


def school_type_out(row: ReferenceRow) -> SchoolTypeOut:
    assert isinstance(row, SchoolTypeRow)
    return SchoolTypeOut(id=row.id, name=row.name)


def governorate_out(row: ReferenceRow) -> GovernorateOut:
    assert isinstance(row, GovernorateRow)
    return GovernorateOut(id=row.id, name=row.name)


def area_out(row: ReferenceRow) -> AreaOut:
    assert isinstance(row, AreaRow)
    return AreaOut(id=row.id, name=row.name, governorate=row.governorate)


def video_security_out(row: ReferenceRow) -> VideoSecurityOut:
    assert isinstance(row, VideoSecurityRow)
    return VideoSecurityOut(id=row.id, name=row.name, price_per_student=format_money(row.price_per_student))


def division_out(row: ReferenceRow) -> DivisionOut:
    assert isinstance(row, DivisionRow)
    return DivisionOut(
        id=row.id,
        name=row.name,
        grades=[g.id for g in row.grades],
        school_types=[s.id for s in row.school_types],
        grades_detail=_named(row.grades),
        school_types_detail=_named(row.school_types),
    )


def subject_out(row: ReferenceRow) -> SubjectOut:
    assert isinstance(row, SubjectRow)
    grades = [g.id for g in row.grades]
    divisions = [d.id for d in row.divisions]
    school_types = [s.id for s in row.school_types]
    return SubjectOut(
        id=row.id,
        name=row.name,
        grades=grades,
        grades_detail=_named(row.grades),
        divisions=divisions,
        divisions_detail=[
            SubjectDivisionOut(
                id=d.id, name=d.name, grades=_named(d.grades), school_types=_named(d.school_types)
            )
            for d in row.divisions
        ],
        school_types=school_types,
        school_types_detail=_named(row.school_types),
        grade_ids=list(grades),
        division_ids=list(divisions),
        school_type_ids=list(school_types),
    )
