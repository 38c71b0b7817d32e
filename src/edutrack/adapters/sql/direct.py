"""Reads straight on the driver (ADR 0017): a reader's statement, once SQLAlchemy has compiled it for
asyncpg, runs as ``prepared.fetch(*args)`` on the request's connection, without SQLAlchemy's execution
context, cursor adapter and result machinery (which cost several times the round trip itself).

Only where nothing can differ from SQLAlchemy's own path:

- the session is a read session on the request's held connection (ADR 0010) in autocommit, on asyncpg,
  with no transaction open on it: a read there is one statement in its own snapshot either way;
- the statement object has been seen before (the readers' statements are built once per shape, at
  import): it is compiled once, by SQLAlchemy, for this dialect; a statement built per call never pays a
  compilation of its own, it keeps SQLAlchemy's compiled cache;
- its parameters go through the compiled statement's own bind processors and expansion (``IN`` lists),
  its rows through the result processors of their columns' types, looked up for the driver's column
  types as SQLAlchemy does;
- nobody listens to the engine's statements but the NUL check (run here too): tests that count
  statements, the fault injector and anything else that hooks ``before_cursor_execute`` or
  ``after_cursor_execute`` see every statement go through SQLAlchemy, as before.

Any error on the direct path hands the read back to SQLAlchemy, which runs it again and raises, translates
and invalidates as it always does (a broken connection, a cancelled statement): a read can be repeated.
The prepared statements are SQLAlchemy's own (its per-connection cache), so nothing is prepared twice.
"""

from __future__ import annotations

import keyword
import weakref
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import asyncpg
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql.database import has_nul, is_quiet_listener
from edutrack.adapters.sql.errors import NUL_IN_TEXT
from edutrack.core.errors import ValidationFailed

_SEEN_ONCE = 0
_INELIGIBLE = 1


# a positional argument: (parameter name, index in its expanded list or None, bind processor or None)
_Source = tuple[str, int | None, Any]
EXPANSIONS_KEPT = 64  # per statement: the SQL and argument order for so many different list lengths


@dataclass(slots=True)
class _Plan:
    compiled: Any  # SQLCompiler
    row: Callable[..., tuple[Any, ...]]
    width: int
    processors: list[Any] | None = None  # per column, found at the first fetch (from the driver's types)
    expanding: tuple[str, ...] = ()  # the names of its expanding parameters (IN lists)
    record: type[Row] | None = (
        None  # its rows as the driver's records (none if a column is named like a method)
    )
    # the SQL and argument sources by the lengths of its lists (SQLAlchemy's expansion, done once each)
    expansions: dict[tuple[int, ...], tuple[str, list[_Source]]] = field(default_factory=dict)


_plans: weakref.WeakKeyDictionary[Executable, _Plan | int] = weakref.WeakKeyDictionary()


class Row(asyncpg.Record):
    """A driver record that reads as SQLAlchemy's ``Row`` does: by position, slice, column attribute and
    ``_mapping``. Each statement gets a subclass with one property per column (``_record_type``), so an
    attribute is found as fast as a named tuple's. Used for statements none of whose columns is named like
    a method of a record."""

    @property
    def _mapping(self) -> dict[str, Any]:
        return dict(self.items())


def _record_type(names: Sequence[str]) -> type[Row]:
    return type("Row", (Row,), {name: property(itemgetter(i)) for i, name in enumerate(names)})


_RECORD_METHODS = frozenset({"get", "items", "keys", "values"})


def _row_type(names: Sequence[str]) -> Callable[..., tuple[Any, ...]] | None:
    """A tuple with the columns as attributes and ``_mapping``, as SQLAlchemy's ``Row`` offers them."""
    if len(set(names)) != len(names) or any(
        not n.isidentifier() or n.startswith("_") or keyword.iskeyword(n) for n in names
    ):
        return None
    base = namedtuple("DirectRow", names)  # type: ignore[misc]

    class DirectRow(base):  # type: ignore[misc, valid-type]
        __slots__ = ()

        @property
        def _mapping(self) -> dict[str, Any]:
            return dict(zip(self._fields, self, strict=True))

    return DirectRow._make


def _plan(statement: Executable, dialect: Any) -> _Plan | None:
    known = _plans.get(statement)
    if isinstance(known, _Plan):
        return known
    if known is None:
        _plans[statement] = _SEEN_ONCE
        return None
    if known == _INELIGIBLE:
        return None
    compiled = statement.compile(dialect=dialect)
    columns = getattr(compiled, "_result_columns", None) or []
    row = _row_type([c.keyname for c in columns]) if columns else None
    if row is None or not compiled.positional or compiled.isinsert or compiled.isupdate or compiled.isdelete:
        _plans[statement] = _INELIGIBLE
        return None
    if compiled.literal_execute_params or any(p.type._is_tuple_type for p in compiled.post_compile_params):
        _plans[statement] = _INELIGIBLE
        return None
    expanding = tuple(compiled.bind_names[p] for p in compiled.post_compile_params)
    names = [c.keyname for c in columns]
    record = None if _RECORD_METHODS.intersection(names) else _record_type(names)
    plan = _Plan(compiled, row, len(columns), expanding=expanding, record=record)
    _plans[statement] = plan
    return plan


def _arguments(plan: _Plan, params: Mapping[str, Any] | None) -> tuple[str, list[Any]]:
    """The SQL and the positional arguments for ``params``, as SQLAlchemy's execution would send them."""
    compiled = plan.compiled
    values = compiled.construct_params(params, escape_names=False)
    if not plan.expanding:
        processors = compiled._bind_processors
        return compiled.string, [
            processors[k](values[k]) if k in processors else values[k] for k in compiled.positiontup
        ]
    lengths = tuple(len(values[name]) for name in plan.expanding)
    found = plan.expansions.get(lengths)
    if found is None:
        found = _expansion(compiled, dict(values))
        if len(plan.expansions) < EXPANSIONS_KEPT:
            plan.expansions[lengths] = found
    sql, sources = found
    arguments = []
    for name, index, processor in sources:
        value = values[name] if index is None else values[name][index]
        arguments.append(value if processor is None else processor(value))
    return sql, arguments


def _expansion(compiled: Any, values: dict[str, Any]) -> tuple[str, list[_Source]]:
    """SQLAlchemy's rendering of the ``IN`` lists for these lengths, and where each argument comes from."""
    expanded = compiled._process_parameters_for_postcompile(values)
    processors = {**compiled._bind_processors, **expanded.processors}
    origin = {
        name: (parameter, index)
        for parameter, names in (expanded.parameter_expansion or {}).items()
        for index, name in enumerate(names)
    }
    sources = [(*origin.get(name, (name, None)), processors.get(name)) for name in expanded.positiontup]
    return expanded.statement, sources


def _driver(session: AsyncSession) -> Any | None:
    """The asyncpg adapter of the session's held connection, when the direct path may use it."""
    held = getattr(session, "_held", None)
    if held is None or not getattr(session, "reads_only", False):
        return None
    connection = held.connection
    if connection.dialect.driver != "asyncpg" or connection.invalidated or connection.closed:
        return None
    engine = connection.sync_engine
    dispatch = engine.dispatch
    if dispatch.after_cursor_execute or not all(is_quiet_listener(f) for f in dispatch.before_cursor_execute):
        return None
    adapted = connection.sync_connection.connection.dbapi_connection  # type: ignore[union-attr]
    if not adapted.autocommit or adapted._transaction is not None:
        return None
    return adapted


TIMESTAMPTZ = 1184  # PostgreSQL's type oid of timestamp with time zone


def _returns_as_is(column_type: Any, oid: int) -> bool:
    """A result processor known to return the driver's value unchanged: ``DateTimeUTC`` only makes naive
    datetimes aware, and asyncpg returns every ``timestamptz`` aware (in UTC)."""
    return isinstance(column_type, DateTimeUTC) and oid == TIMESTAMPTZ


def _processors(plan: _Plan, dialect: Any, attributes: Sequence[Any]) -> list[Any] | None:
    """The result processor of each column for the driver's type of it (``[]`` when none has one), as
    SQLAlchemy looks them up; None when a type has none for what the driver returned."""
    types = [c.type for c in plan.compiled._result_columns]
    try:
        found = [
            None if _returns_as_is(t, a.type.oid) else t._cached_result_processor(dialect, a.type.oid)
            for t, a in zip(types, attributes, strict=True)
        ]
    except Exception:
        return None
    return found if any(found) else []


async def fetch(
    session: AsyncSession, statement: Executable, params: Mapping[str, Any] | None
) -> list[tuple[Any, ...]] | None:
    """The rows of a read ``statement`` fetched on the driver, or None: the caller runs it through
    SQLAlchemy (not eligible, first sight of the statement, or any error)."""
    adapted = _driver(session)
    if adapted is None:
        return None
    dialect = session.bind.dialect  # type: ignore[union-attr]
    plan = _plan(statement, dialect)
    if plan is None:
        return None
    try:
        sql, args = _arguments(plan, params)
    except Exception:
        return None
    if has_nul(args):
        raise ValidationFailed.non_field(NUL_IN_TEXT)
    processors = plan.processors
    try:
        async with adapted._execute_mutex:
            if processors == [] and plan.record is not None:
                # asyncpg's own statement cache, rows as records: no copy of each row
                return await adapted._connection.fetch(sql, *args, record_class=plan.record)  # type: ignore[no-any-return]
            prepared, attributes = await adapted._prepare(sql, dialect._invalidate_schema_cache_asof)
            records = await prepared.fetch(*args)
    except Exception:
        return None
    if processors is None:
        if len(attributes) != plan.width:
            _plans[statement] = _INELIGIBLE
            return None
        processors = plan.processors = _processors(plan, dialect, attributes)
        if processors is None:
            _plans[statement] = _INELIGIBLE
            return None
    make = plan.row
    if not processors:
        return [make(r) for r in records]
    return [make([p(v) if p else v for p, v in zip(processors, r, strict=True)]) for r in records]
