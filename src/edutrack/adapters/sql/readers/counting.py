"""Paginator counts that read only the table they count.

A list's page query joins the parent tables for the names it returns, and its count used to repeat those
joins. Each of those joins follows a NOT NULL foreign key to a primary key, so it neither drops nor
duplicates a row: the count is the same without it. The join is kept only when a condition (a visibility
rule, a filter on a parent's column, a search over a parent's name) reads a column of another table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Column, ColumnElement, FromClause, Select, func, select
from sqlalchemy.sql import visitors


def tables_read(conditions: Iterable[ColumnElement[bool]]) -> set[FromClause]:
    """Every table a column of ``conditions`` belongs to (subqueries included: a false positive only keeps
    a join)."""
    found: set[FromClause] = set()
    for condition in conditions:
        for element in visitors.iterate(condition):
            if isinstance(element, Column) and element.table is not None:
                found.add(element.table)
    return found


def count_of(
    model: Any, conditions: list[ColumnElement[bool]], joined: Callable[[Select[Any]], Select[Any]]
) -> Select[Any]:
    """``count(*)`` of ``model``'s rows that meet ``conditions``; ``joined`` adds the inner joins along NOT
    NULL foreign keys the page query makes, and is applied only when a condition needs another table."""
    table = model.__table__
    statement = select(func.count()).select_from(model)
    if tables_read(conditions) - {table}:
        statement = joined(statement)
    return statement.where(*conditions)
