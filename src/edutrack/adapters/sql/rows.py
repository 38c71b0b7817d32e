"""Copying between a table's rows and the core's entities, column by column, for the columns both spell
the same way (a repository lists them once)."""

from __future__ import annotations

from typing import Any


def values_of(source: object, names: tuple[str, ...]) -> dict[str, Any]:
    """``{name: source.name}`` for each of ``names``: an entity's values for a row, or the reverse."""
    return {name: getattr(source, name) for name in names}
