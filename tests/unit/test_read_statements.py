"""The readers' hot statements are built once per shape, with every value a parameter, so SQLAlchemy
computes their cache keys once (issue 16); and the HTTP schemas' ``struct_from`` fast path fills a Struct
exactly as the keyword path does."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import msgspec
from sqlalchemy import column, func, select, table

from edutrack.adapters.sql.readers import lessons_queries as q
from edutrack.adapters.sql.readers import revenue_queries
from edutrack.core.policies.content import Viewer
from edutrack.entrypoints.http.conventions import struct_from
from edutrack.ports.lessons import LectureFilter, TopicFilter, VideoFilter
from edutrack.ports.revenue import StudentSpendingRow


def test_a_list_statement_depends_on_which_filters_are_given_not_on_their_values() -> None:
    shape = q.shape_of(Viewer(student=True))
    first = q.lecture_page(shape, q.shape_of_filter(LectureFilter(topic=1, search="abc")), True)
    again = q.lecture_page(shape, q.shape_of_filter(LectureFilter(topic=99, search="x%y")), True)
    assert first is again
    other = q.lecture_page(shape, q.shape_of_filter(LectureFilter(topic=1)), True)
    assert other is not first
    assert q.shape_of_filter(TopicFilter(is_active=False)) == q.shape_of_filter(TopicFilter(is_active=True))
    assert q.shape_of_filter(VideoFilter(search="")) == VideoFilter()
    ordered = LectureFilter(ordering=(("price", True),))
    assert q.shape_of_filter(ordered).ordering == ordered.ordering


def test_the_viewers_teacher_is_a_parameter() -> None:
    one, two = Viewer(own_teacher_id=1), Viewer(own_teacher_id=2)
    assert q.shape_of(one) == q.shape_of(two)
    assert q.params(two, id=5) == {"own_teacher_id": 2, "id": 5}
    assert "own_teacher_id" in str(q.lecture_by_id(q.shape_of(one)))


def test_the_search_needle_is_escaped_as_autoescape_does() -> None:
    names = table("t", column("name"))
    for needle in ["100%", "BIG_", "a/b", "%_/", "Plain"]:
        literal = select(names).where(func.lower(names.c.name).contains(needle.lower(), autoescape=True))
        sql = str(literal.compile(compile_kwargs={"literal_binds": True}))
        match = re.search(r"\|\| '(.*)' \|\|", sql)
        assert match is not None
        assert q.search_params(needle) == {"search": match.group(1)}
    assert q.search_params(None) == {} and q.search_params("") == {}


def test_the_fixed_statements_keep_their_cache_key() -> None:
    for statement in [revenue_queries.COURSE_SPENDING, q.topic_by_id((False, False))]:
        key = statement._generate_cache_key()
        assert statement._generate_cache_key() is key  # memoized: built once, keyed once


class SpendingOut(msgspec.Struct):
    student_id: int
    student_name: str
    student_code: str
    total_spent: str
    lectures_purchased: int


class StampOut(msgspec.Struct, kw_only=True):
    at: datetime
    amount: str = "0.00"


def test_struct_from_reads_fields_in_order_and_formats_money() -> None:
    row = StudentSpendingRow(7, "Mona", "S1", Decimal("12.5"), 3)
    fast = struct_from(SpendingOut, row)
    slow = struct_from(SpendingOut, row, lectures_purchased=3)
    assert fast == slow == SpendingOut(7, "Mona", "S1", "12.50", 3)


def test_struct_from_fills_keyword_only_structs_by_name() -> None:
    class Stamp:
        at = datetime(2026, 1, 1, tzinfo=UTC)
        amount = Decimal("1")

    assert struct_from(StampOut, Stamp()) == StampOut(at=Stamp.at, amount="1.00")
