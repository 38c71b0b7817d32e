"""The typed commands of the reference data (§4): one create and one changes command per kind.

Each command names its kind (``kind``, a class attribute), so a use case needs nothing else to know
what it writes. Field names are the entity's (``grade_ids``, ``governorate_id``); shape, types and
ranges are the caller's to guarantee (the HTTP edge checks them against its schemas), the use cases
apply the domain rules (names trimmed and not blank, referenced rows exist, names unique).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, TypeAlias

from edutrack.core.commands import UNSET, Unset
from edutrack.core.entities.academics import ReferenceKind

Ids: TypeAlias = tuple[int, ...]

# --- create ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewGrade:
    kind: ClassVar[ReferenceKind] = ReferenceKind.GRADE
    name: str
    order: int = 0


@dataclass(frozen=True, slots=True)
class NewSchoolType:
    kind: ClassVar[ReferenceKind] = ReferenceKind.SCHOOL_TYPE
    name: str


@dataclass(frozen=True, slots=True)
class NewDivision:
    kind: ClassVar[ReferenceKind] = ReferenceKind.DIVISION
    name: str
    grade_ids: Ids = ()
    school_type_ids: Ids = ()


@dataclass(frozen=True, slots=True)
class NewSubject:
    kind: ClassVar[ReferenceKind] = ReferenceKind.SUBJECT
    name: str
    grade_ids: Ids = ()
    division_ids: Ids = ()
    school_type_ids: Ids = ()


@dataclass(frozen=True, slots=True)
class NewGovernorate:
    kind: ClassVar[ReferenceKind] = ReferenceKind.GOVERNORATE
    name: str


@dataclass(frozen=True, slots=True)
class NewArea:
    kind: ClassVar[ReferenceKind] = ReferenceKind.AREA
    name: str
    governorate_id: int


@dataclass(frozen=True, slots=True)
class NewVideoSecurity:
    kind: ClassVar[ReferenceKind] = ReferenceKind.VIDEO_SECURITY
    name: str
    price_per_student: Decimal = Decimal("0.00")


NewReferenceItem: TypeAlias = (
    NewGrade | NewSchoolType | NewDivision | NewSubject | NewGovernorate | NewArea | NewVideoSecurity
)

# --- changes (PATCH: UNSET fields stay as they are) --------------------------------------------------


@dataclass(frozen=True, slots=True)
class GradeChanges:
    kind: ClassVar[ReferenceKind] = ReferenceKind.GRADE
    name: str | Unset = UNSET
    order: int | Unset = UNSET


@dataclass(frozen=True, slots=True)
class SchoolTypeChanges:
    kind: ClassVar[ReferenceKind] = ReferenceKind.SCHOOL_TYPE
    name: str | Unset = UNSET


@dataclass(frozen=True, slots=True)
class DivisionChanges:
    kind: ClassVar[ReferenceKind] = ReferenceKind.DIVISION
    name: str | Unset = UNSET
    grade_ids: Ids | Unset = UNSET
    school_type_ids: Ids | Unset = UNSET


@dataclass(frozen=True, slots=True)
class SubjectChanges:
    kind: ClassVar[ReferenceKind] = ReferenceKind.SUBJECT
    name: str | Unset = UNSET
    grade_ids: Ids | Unset = UNSET
    division_ids: Ids | Unset = UNSET
    school_type_ids: Ids | Unset = UNSET


@dataclass(frozen=True, slots=True)
class GovernorateChanges:
    kind: ClassVar[ReferenceKind] = ReferenceKind.GOVERNORATE
    name: str | Unset = UNSET


@dataclass(frozen=True, slots=True)
class AreaChanges:
    kind: ClassVar[ReferenceKind] = ReferenceKind.AREA
    name: str | Unset = UNSET
    governorate_id: int | Unset = UNSET


@dataclass(frozen=True, slots=True)
class VideoSecurityChanges:
    kind: ClassVar[ReferenceKind] = ReferenceKind.VIDEO_SECURITY
    name: str | Unset = UNSET
    price_per_student: Decimal | Unset = UNSET


ReferenceChanges: TypeAlias = (
    GradeChanges
    | SchoolTypeChanges
    | DivisionChanges
    | SubjectChanges
    | GovernorateChanges
    | AreaChanges
    | VideoSecurityChanges
)

# the command classes by kind, for callers that pick the kind at run time (demo data, tests)
NEW_ITEM: dict[ReferenceKind, type[NewReferenceItem]] = {
    command.kind: command
    for command in (
        NewGrade,
        NewSchoolType,
        NewDivision,
        NewSubject,
        NewGovernorate,
        NewArea,
        NewVideoSecurity,
    )
}
ITEM_CHANGES: dict[ReferenceKind, type[ReferenceChanges]] = {
    command.kind: command
    for command in (
        GradeChanges,
        SchoolTypeChanges,
        DivisionChanges,
        SubjectChanges,
        GovernorateChanges,
        AreaChanges,
        VideoSecurityChanges,
    )
}
