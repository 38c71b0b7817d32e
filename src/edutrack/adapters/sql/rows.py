"""Copying between a table's rows and the core's entities, column by column, for the columns both spell
the same way (a repository lists them once); and the readers' way of running a read: a Core result off the
session's connection.

A reader's statement selects columns, never entities, and runs on the connection rather than through
the ORM session: the rows come back as plain tuples (no ORM result handling per row), and the readers build
their port rows from them. The statements the readers run on every request are built once, at import,
with ``bindparam`` placeholders, so SQLAlchemy computes their cache keys once too (a statement built per
call is traversed for its key on every execution) and the compiled form comes from the compiled cache.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Executable, Row
from sqlalchemy.exc import MultipleResultsFound, NoResultFound
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import direct


def values_of(source: object, names: tuple[str, ...]) -> dict[str, Any]:
    """``{name: source.name}`` for each of ``names``: an entity's values for a row, or the reverse."""
    return {name: getattr(source, name) for name in names}


async def fetch_all(
    session: AsyncSession, statement: Executable, params: Mapping[str, Any] | None = None
) -> Sequence[Row[Any]]:
    """Every row of a read ``statement`` (with ``params`` for its ``bindparam`` placeholders), fetched on
    the driver where it may be (adapters/sql/direct.py), else as a Core result off the session's
    connection."""
    rows = await direct.fetch(session, statement, params)
    if rows is not None:
        return rows  # type: ignore[return-value]
    connection = await session.connection()
    return (await connection.execute(statement, params)).all()


async def fetch_one(
    session: AsyncSession, statement: Executable, params: Mapping[str, Any] | None = None
) -> Row[Any] | None:
    """The one row of a read ``statement``, or None (more than one is an error, as SQLAlchemy's)."""
    rows = await fetch_all(session, statement, params)
    if len(rows) > 1:
        raise MultipleResultsFound("Multiple rows were found when one or none was required")
    return rows[0] if rows else None


async def fetch_row(
    session: AsyncSession, statement: Executable, params: Mapping[str, Any] | None = None
) -> Row[Any]:
    """The row of a read ``statement`` that always returns exactly one (an aggregate without GROUP BY)."""
    rows = await fetch_all(session, statement, params)
    if len(rows) != 1:
        raise (MultipleResultsFound if rows else NoResultFound)("Exactly one row was required")
    return rows[0]


async def fetch_value(
    session: AsyncSession, statement: Executable, params: Mapping[str, Any] | None = None
) -> Any:
    """The first column of the first row of a read ``statement`` (None when there is none)."""
    rows = await fetch_all(session, statement, params)
    return rows[0][0] if rows else None
