"""Reference data (§4): grades, school types, divisions, subjects, governorates, areas, video security."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class ReferenceKind(StrEnum):
    GRADE = "grades"
    SCHOOL_TYPE = "school-types"
    DIVISION = "divisions"
    SUBJECT = "subjects"
    GOVERNORATE = "governorates"
    AREA = "areas"
    VIDEO_SECURITY = "video-security"


@dataclass(slots=True)
class Grade:
    name: str
    order: int = 0
    id: int | None = None
    kind = ReferenceKind.GRADE


@dataclass(slots=True)
class SchoolType:
    name: str
    id: int | None = None
    kind = ReferenceKind.SCHOOL_TYPE


@dataclass(slots=True)
class Division:
    name: str
    grade_ids: list[int] = field(default_factory=list)
    school_type_ids: list[int] = field(default_factory=list)
    id: int | None = None
    kind = ReferenceKind.DIVISION


@dataclass(slots=True)
class Subject:
    name: str
    grade_ids: list[int] = field(default_factory=list)
    division_ids: list[int] = field(default_factory=list)
    school_type_ids: list[int] = field(default_factory=list)
    id: int | None = None
    kind = ReferenceKind.SUBJECT


@dataclass(slots=True)
class Governorate:
    name: str
    id: int | None = None
    kind = ReferenceKind.GOVERNORATE


@dataclass(slots=True)
class Area:
    name: str
    governorate_id: int
    id: int | None = None
    kind = ReferenceKind.AREA


@dataclass(slots=True)
class VideoSecurity:
    name: str
    price_per_student: Decimal = Decimal("0.00")
    id: int | None = None
    kind = ReferenceKind.VIDEO_SECURITY


ReferenceItem = Grade | SchoolType | Division | Subject | Governorate | Area | VideoSecurity

ENTITY_BY_KIND: dict[ReferenceKind, type] = {
    ReferenceKind.GRADE: Grade,
    ReferenceKind.SCHOOL_TYPE: SchoolType,
    ReferenceKind.DIVISION: Division,
    ReferenceKind.SUBJECT: Subject,
    ReferenceKind.GOVERNORATE: Governorate,
    ReferenceKind.AREA: Area,
    ReferenceKind.VIDEO_SECURITY: VideoSecurity,
}

# Which id-list / id fields of an item point at which other kind: used to check that references exist.
REFERENCES: dict[ReferenceKind, dict[str, ReferenceKind]] = {
    ReferenceKind.DIVISION: {"grade_ids": ReferenceKind.GRADE, "school_type_ids": ReferenceKind.SCHOOL_TYPE},
    ReferenceKind.SUBJECT: {
        "grade_ids": ReferenceKind.GRADE,
        "division_ids": ReferenceKind.DIVISION,
        "school_type_ids": ReferenceKind.SCHOOL_TYPE,
    },
    ReferenceKind.AREA: {"governorate_id": ReferenceKind.GOVERNORATE},
}
