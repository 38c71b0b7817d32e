"""What typed commands share: ``UNSET``, the value of a field a partial update (PATCH) does not change.

A write use case takes one frozen dataclass command defined in the core. Create commands have real
defaults; update commands default every field to ``UNSET`` and the use case applies only the others::

    @dataclass(frozen=True, slots=True)
    class TopicChanges:
        course_id: int | Unset = UNSET
        name: str | Unset = UNSET

    changes_of(TopicChanges(name="Algebra"))  # {"name": "Algebra"}
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Any, Final, Literal, TypeAlias


class _Unset(enum.Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final = _Unset.UNSET
Unset: TypeAlias = Literal[_Unset.UNSET]


def changes_of(command: Any) -> dict[str, Any]:
    """The fields of a dataclass command that are set (not ``UNSET``), by name, in declaration order."""
    return {
        field.name: value
        for field in dataclasses.fields(command)
        if (value := getattr(command, field.name)) is not UNSET
    }


def is_set(value: object) -> bool:
    return value is not UNSET
