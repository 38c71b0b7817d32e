"""What the quiz and homework readers (adapters/sql/readers/quizzes.py, homework.py) share: a list's
conditions, ordering and paging from its filter (``QuizFilter`` and ``HomeworkFilter`` have the same
fields), as statements built once per shape (ADR 0016); and a detail's questions, each with its choices, in
one statement.

Every value is a named parameter (``list_params``): the teacher, the accessible lectures (``lecture_ids``,
expanding), the student, the lecture, the course, the escaped search needle, the page (``offset``,
``limit``), a detail's id (``id``). A statement therefore depends only on its ``ListShape`` (which filters
are given, the two flags' values, the ordering, whether the page is limited).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Integer, Select, String, bindparam, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql.readers.counting import count_of
from edutrack.adapters.sql.readers.lessons_queries import ESCAPE, SEARCH, search_params
from edutrack.adapters.sql.rows import fetch_all
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.adapters.sql.tables.questions import ChoiceModel, QuestionModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.core.entities.questions import QuestionType
from edutrack.core.policies.digits import is_ascii_number
from edutrack.ports.homework import ChoiceRow, HomeworkFilter, HomeworkQuestionRow
from edutrack.ports.quizzes import QuizFilter
from edutrack.ports.readers import PageRequest

ID = bindparam("id", type_=Integer())
STUDENT = bindparam("student_id", type_=Integer())
OFFSET = bindparam("offset", type_=Integer())
LIMIT = bindparam("limit", type_=Integer())
ORDER_FIELDS = ("created_at", "title", "open_date", "close_date", "id")


class ListShape(NamedTuple):
    """Which of a list's filters are given (their values are parameters), the values of the two flags,
    the ordering and whether the page is limited: what a list's statements depend on."""

    teacher: bool
    lecture_ids: bool | None  # None: any lecture; False: none accessible; True: the ones listed
    student_open: bool
    student: bool
    lecture: bool
    course: bool
    is_published: bool | None
    is_active: bool | None
    search: bool
    ordering: tuple[tuple[str, bool], ...]
    limited: bool


def list_shape(f: QuizFilter | HomeworkFilter, page: PageRequest) -> ListShape:
    return ListShape(
        f.teacher is not None,
        None if f.lecture_ids is None else bool(f.lecture_ids),
        f.student_open,
        f.student_id is not None,
        f.lecture is not None,
        f.course is not None,
        f.is_published,
        f.is_active,
        bool(f.search),
        f.ordering,
        page.limit is not None,
    )


def list_params(f: QuizFilter | HomeworkFilter, page: PageRequest) -> dict[str, Any]:
    """The parameters of a list's statements (those a shape does not use are ignored)."""
    return {
        "teacher": f.teacher,
        "lecture_ids": sorted(f.lecture_ids) if f.lecture_ids else [],
        "student_id": f.student_id,
        "lecture": f.lecture,
        "course": f.course,
        "offset": page.offset,
        "limit": page.limit,
        **search_params(f.search),
    }


def joined(model: Any) -> Callable[[Select[Any]], Select[Any]]:
    """``model`` (a quiz or homework) joined up to its lecture, topic and course."""

    def up(statement: Select[Any]) -> Select[Any]:
        return (
            statement.join(LectureModel, LectureModel.id == model.lecture_id)
            .join(TopicModel, TopicModel.id == LectureModel.topic_id)
            .join(CourseModel, CourseModel.id == TopicModel.course_id)
        )

    return up


def _conditions(model: Any, shape: ListShape) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if shape.teacher:
        conditions.append(CourseModel.teacher_id == bindparam("teacher", type_=Integer()))
    if shape.lecture_ids is not None:
        ids = bindparam("lecture_ids", expanding=True, type_=Integer())
        conditions.append(model.lecture_id.in_(ids) if shape.lecture_ids else false())
    if shape.student_open:
        conditions += [model.is_published.is_(True), model.is_active.is_(True)]
    if shape.lecture:
        conditions.append(model.lecture_id == bindparam("lecture", type_=Integer()))
    if shape.course:
        conditions.append(TopicModel.course_id == bindparam("course", type_=Integer()))
    if shape.is_published is not None:
        conditions.append(model.is_published.is_(shape.is_published))
    if shape.is_active is not None:
        conditions.append(model.is_active.is_(shape.is_active))
    if shape.search:
        conditions.append(func.lower(model.title).contains(SEARCH, escape=ESCAPE))
    return conditions


def list_statements(model: Any, rows: Select[Any], shape: ListShape) -> tuple[Select[Any], Select[Any]]:
    """The count and the page query of a list of ``model``'s ``rows`` (its select, joined up to the
    course): the requested fields (nulls sort as the largest value), then newest first."""
    conditions = _conditions(model, shape)
    order = []
    for name, descending in shape.ordering:
        if name not in ORDER_FIELDS:
            raise KeyError(name)
        column = getattr(model, name)
        order.append(column.desc().nulls_first() if descending else column.asc().nulls_last())
    page = rows.where(*conditions).order_by(*order, model.created_at.desc(), model.id.desc())
    page = page.offset(OFFSET)
    if shape.limited:
        page = page.limit(LIMIT)
    return count_of(model, conditions, joined(model)), page


def linked_questions(link: Any, owner: Any) -> Select[Any]:
    """The questions linked to the quiz or homework ``id`` (``link``: the link table, ``owner``: its
    column naming the quiz or homework), each joined with its choices: the columns of
    ``HomeworkQuestionRow`` but ``choices``, then those of ``ChoiceRow`` (NULL for a question without
    choices), in the links' ``(order, id)`` and each question's choices' ``(order, id)``."""
    return (
        select(
            link.id,
            link.question_id,
            link.order,
            link.points_override,
            QuestionModel.points,
            QuestionModel.question_type,
            QuestionModel.text,
            QuestionModel.image,
            ChoiceModel.id,
            ChoiceModel.text,
            ChoiceModel.image,
            ChoiceModel.is_correct,
            ChoiceModel.order,
        )
        .join(QuestionModel, QuestionModel.id == link.question_id)
        .outerjoin(ChoiceModel, ChoiceModel.question_id == link.question_id)
        .where(owner == ID)
        .order_by(link.order, link.id, ChoiceModel.order, ChoiceModel.id)
    )


def _question(rows: list[Any]) -> HomeworkQuestionRow:
    """One question of a ``linked_questions`` result (its rows: one per choice, or one without)."""
    r = rows[0]
    choices = tuple(ChoiceRow(*c[8:13]) for c in rows if c[8] is not None)
    return HomeworkQuestionRow(*r[:5], QuestionType(r[5]), r[6], r[7], choices)  # type: ignore[arg-type]


async def questions_with_choices(
    session: AsyncSession, statement: Select[Any], owner_id: int
) -> list[HomeworkQuestionRow]:
    """The questions of a ``linked_questions`` statement for ``owner_id``, each built once with its
    choices."""
    rows = await fetch_all(session, statement, {"id": owner_id})
    return [_question(list(group)) for _, group in groupby(rows, key=itemgetter(0))]


def student_filter(raw: str | None) -> tuple[bool | None, dict[str, Any]]:
    """The shape (None: no student filter; else whether the text may be a profile id) and the parameters
    of a submission or attempt list's student filter: ``raw`` stripped is a student code, or (ASCII
    digits, fewer than 10) also a profile id."""
    if raw is None:
        return None, {}
    text = raw.strip()
    by_id = is_ascii_number(text) and len(text) < 10
    return by_id, {"student_code": text, "student_number": int(text) if by_id else None}


def student_matches(column: Any, by_id: bool) -> ColumnElement[bool]:
    """``column`` (a student profile id) is the student of ``student_filter``'s parameters."""
    code = bindparam("student_code", type_=String())
    by_code = column.in_(select(StudentProfileModel.id).where(StudentProfileModel.student_code == code))
    return or_(column == bindparam("student_number", type_=Integer()), by_code) if by_id else by_code
