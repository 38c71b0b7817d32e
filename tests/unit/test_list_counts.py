"""A paginator count joins a parent table only when a condition reads one of its columns (issue 16)."""

from __future__ import annotations

from sqlalchemy import select, true

from edutrack.adapters.sql.readers.counting import count_of, tables_read
from edutrack.adapters.sql.tables.courses import CourseModel as C
from edutrack.adapters.sql.tables.lessons import LectureModel as L
from edutrack.adapters.sql.tables.lessons import TopicModel as T


def _up(statement):  # type: ignore[no-untyped-def]
    return statement.join(T, T.id == L.topic_id).join(C, C.id == T.course_id)


def test_a_count_with_conditions_on_its_own_table_reads_only_that_table() -> None:
    sql = str(count_of(L, [true(), L.topic_id == 3, L.is_visible.is_(True)], _up))
    assert "JOIN" not in sql
    assert "FROM lectures" in sql


def test_a_condition_on_a_parent_keeps_the_joins() -> None:
    sql = str(count_of(L, [L.is_visible.is_(True), C.is_active.is_(True)], _up))
    assert "JOIN topics" in sql and "JOIN courses" in sql


def test_a_parent_read_inside_a_subquery_keeps_the_joins_too() -> None:
    """A false positive costs only the join; missing a correlated parent would change the total."""
    inner = select(T.id).where(T.is_active.is_(True)).correlate(None)
    assert tables_read([L.topic_id.in_(inner)]) == {L.__table__, T.__table__}
    assert "JOIN" in str(count_of(L, [L.topic_id.in_(inner)], _up))
