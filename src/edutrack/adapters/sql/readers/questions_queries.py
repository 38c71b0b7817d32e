"""The statements of the question bank reader (adapters/sql/readers/questions.py): the chapter, lesson and
question selects (the port rows' columns) and the statements the reader runs, built once per shape (ADR
0016).

Every value is a named parameter (``params``): the scope's teacher (``scope_teacher``), a detail's id
(``id``), the lesson, chapter and subject filters, the escaped search needle (``search``), the excluded ids
(``exclude_ids``, expanding), the page (``offset``, ``limit``) and a draw's size (``count``). A statement
depends only on its filter's shape (``shape_of``: the given values replaced by stand-ins; the flags, the
question type, the difficulty and the ordering kept) and whether the page is limited.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Integer, Select, bindparam, case, exists, func, or_, select

from edutrack.adapters.sql.readers.counting import count_of
from edutrack.adapters.sql.readers.lessons_queries import ESCAPE, SEARCH, search_params
from edutrack.adapters.sql.tables.academics import SubjectModel
from edutrack.adapters.sql.tables.homework import HomeworkQuestionModel
from edutrack.adapters.sql.tables.questions import BankLessonModel, ChapterModel, ChoiceModel, QuestionModel
from edutrack.adapters.sql.tables.quizzes import QuizQuestionModel
from edutrack.ports.questions import BankScope, ChapterFilter, LessonFilter, QuestionFilter

C, L, Q = ChapterModel, BankLessonModel, QuestionModel
ID = bindparam("id", type_=Integer())
OFFSET = bindparam("offset", type_=Integer())
LIMIT = bindparam("limit", type_=Integer())
DIFFICULTY_RANK = case({"easy": 0, "medium": 1, "hard": 2}, value=Q.difficulty, else_=1)
QUESTION_ORDER = {"created_at": Q.created_at, "points": Q.points, "difficulty": DIFFICULTY_RANK, "id": Q.id}
KEPT = ("ordering", "mine", "is_global", "question_type", "difficulty")

F = TypeVar("F", ChapterFilter, LessonFilter, QuestionFilter)


def shape_of(filters: F) -> F:
    """``filters`` with each given value replaced by a stand-in (the scope's teacher, the ids, the search,
    the excluded ids); the flags, the question type, the difficulty and the ordering are kept."""
    stand_ins: dict[str, Any] = {}
    for f in dataclasses.fields(filters):
        value = getattr(filters, f.name)
        if f.name == "scope":
            stand_ins[f.name] = BankScope(value.everything, None if value.teacher_id is None else 0)
        elif f.name == "exclude_ids":
            stand_ins[f.name] = frozenset({0}) if value else frozenset()
        elif f.name == "search":
            stand_ins[f.name] = "x" if value else None
        elif f.name not in KEPT:
            stand_ins[f.name] = None if value is None else 0
    return dataclasses.replace(filters, **stand_ins)


def params(filters: ChapterFilter | LessonFilter | QuestionFilter, **values: Any) -> dict[str, Any]:
    """The parameters of ``filters`` (those a statement does not use are ignored), with ``values``."""
    exclude = getattr(filters, "exclude_ids", frozenset())
    return {
        "scope_teacher": filters.scope.teacher_id,
        "lesson": getattr(filters, "lesson", None),
        "chapter": getattr(filters, "chapter", None),
        "subject": filters.subject,
        "exclude_ids": sorted(exclude),
        **search_params(filters.search),
        **values,
    }


def _teacher(scope: BankScope) -> Any:
    """The scope's teacher as a parameter, or None (compared as ``IS NULL``) when it has none."""
    return None if scope.teacher_id is None else bindparam("scope_teacher", type_=Integer())


def _contains(column: Any) -> ColumnElement[bool]:
    return func.lower(column).contains(SEARCH, escape=ESCAPE)


def _chapter_scope(scope: BankScope) -> list[ColumnElement[bool]]:
    if scope.everything:
        return []
    return [or_(C.teacher_id == _teacher(scope), C.teacher_id.is_(None))]


def _paged(statement: Select[Any], limited: bool) -> Select[Any]:
    statement = statement.offset(OFFSET)
    return statement.limit(LIMIT) if limited else statement


# --- chapters ---------------------------------------------------------------------------------------------


def chapter_select() -> Select[Any]:
    """Columns: ChapterRow's fields."""
    lesson_count = select(func.count(L.id)).where(L.chapter_id == C.id).correlate(C).scalar_subquery()
    return (
        select(
            C.id,
            C.subject_id,
            SubjectModel.name.label("subject_name"),
            C.name,
            C.order,
            C.teacher_id,
            lesson_count.label("lesson_count"),
            C.created_at,
            C.updated_at,
        )
        .select_from(C)
        .join(SubjectModel, SubjectModel.id == C.subject_id)
    )


@lru_cache(maxsize=64)
def chapter_page(filters: ChapterFilter, limited: bool) -> tuple[Select[Any], Select[Any]]:
    """The count and page query of the chapters list; ``filters``: a ``shape_of``."""
    conditions = _chapter_scope(filters.scope)
    if filters.subject is not None:
        conditions.append(C.subject_id == bindparam("subject", type_=Integer()))
    if filters.search:
        conditions.append(_contains(C.name))
    count = select(func.count()).select_from(C).where(*conditions)
    return count, _paged(chapter_select().where(*conditions).order_by(C.order, C.id), limited)


# --- lessons ----------------------------------------------------------------------------------------------


def lesson_select() -> Select[Any]:
    """Columns: LessonRow's fields."""
    question_count = select(func.count(Q.id)).where(Q.lesson_id == L.id).correlate(L).scalar_subquery()
    return (
        select(
            L.id,
            L.chapter_id,
            C.name.label("chapter_name"),
            C.subject_id,
            SubjectModel.name.label("subject_name"),
            L.name,
            L.order,
            C.teacher_id,
            question_count.label("question_count"),
            L.created_at,
            L.updated_at,
        )
        .select_from(L)
        .join(C, C.id == L.chapter_id)
        .join(SubjectModel, SubjectModel.id == C.subject_id)
    )


@lru_cache(maxsize=64)
def lesson_page(filters: LessonFilter, limited: bool) -> tuple[Select[Any], Select[Any]]:
    conditions = _chapter_scope(filters.scope)
    if filters.chapter is not None:
        conditions.append(L.chapter_id == bindparam("chapter", type_=Integer()))
    if filters.subject is not None:
        conditions.append(C.subject_id == bindparam("subject", type_=Integer()))
    if filters.search:
        conditions.append(_contains(L.name))
    count = count_of(L, conditions, lambda s: s.join(C, C.id == L.chapter_id))
    return count, _paged(lesson_select().where(*conditions).order_by(L.order, L.id), limited)


# --- questions --------------------------------------------------------------------------------------------


def question_joins(statement: Select[Any]) -> Select[Any]:
    return statement.join(L, L.id == Q.lesson_id).join(C, C.id == L.chapter_id)


def question_select(*extra: Any) -> Select[Any]:
    """Columns: QuestionRow's fields, then ``extra``."""
    choice_count = (
        select(func.count(ChoiceModel.id))
        .where(ChoiceModel.question_id == Q.id)
        .correlate(Q)
        .scalar_subquery()
    )
    return question_joins(
        select(
            Q.id,
            Q.lesson_id,
            L.name.label("lesson_name"),
            L.chapter_id,
            C.name.label("chapter_name"),
            C.subject_id,
            SubjectModel.name.label("subject_name"),
            Q.question_type,
            Q.text,
            Q.image,
            Q.difficulty,
            Q.points,
            choice_count.label("choice_count"),
            Q.is_global,
            Q.teacher_id,
            Q.created_by,
            Q.created_at,
            Q.updated_at,
            *extra,
        ).select_from(Q)
    ).join(SubjectModel, SubjectModel.id == C.subject_id)


def _question_conditions(filters: QuestionFilter) -> list[ColumnElement[bool]]:
    scope = filters.scope
    conditions: list[ColumnElement[bool]] = []
    if not scope.everything:
        conditions.append(or_(Q.teacher_id == _teacher(scope), Q.is_global.is_(True)))
    if filters.mine:
        conditions.append(Q.teacher_id.is_(None) if scope.everything else Q.teacher_id == _teacher(scope))
    if filters.lesson is not None:
        conditions.append(Q.lesson_id == bindparam("lesson", type_=Integer()))
    if filters.chapter is not None:
        conditions.append(L.chapter_id == bindparam("chapter", type_=Integer()))
    if filters.subject is not None:
        conditions.append(C.subject_id == bindparam("subject", type_=Integer()))
    if filters.question_type is not None:
        conditions.append(Q.question_type == filters.question_type.value)
    if filters.difficulty is not None:
        conditions.append(Q.difficulty == filters.difficulty.value)
    if filters.is_global is not None:
        conditions.append(Q.is_global.is_(filters.is_global))
    if filters.search:
        conditions.append(_contains(Q.text))
    if filters.exclude_ids:
        conditions.append(Q.id.not_in(bindparam("exclude_ids", expanding=True, type_=Integer())))
    return conditions


@lru_cache(maxsize=256)
def question_page(filters: QuestionFilter, limited: bool) -> tuple[Select[Any], Select[Any]]:
    conditions = _question_conditions(filters)
    order = [
        QUESTION_ORDER[name].desc() if descending else QUESTION_ORDER[name].asc()
        for name, descending in filters.ordering
    ]
    page = question_select().where(*conditions).order_by(*order, Q.created_at.desc(), Q.id.desc())
    return count_of(Q, conditions, question_joins), _paged(page, limited)


@lru_cache(maxsize=64)
def question_draw(filters: QuestionFilter) -> tuple[Select[Any], Select[Any]]:
    """The count of the questions ``filters`` match and a random draw of ``count`` of their ids."""
    conditions = _question_conditions(filters)
    total = question_joins(select(func.count()).select_from(Q)).where(*conditions)
    draw = question_joins(select(Q.id).select_from(Q)).where(*conditions).order_by(func.random())
    return total, draw.limit(bindparam("count", type_=Integer()))


CHAPTER = chapter_select().where(C.id == ID)
LESSON = lesson_select().where(L.id == ID)
IN_USE = or_(
    exists(select(HomeworkQuestionModel.id).where(HomeworkQuestionModel.question_id == Q.id)),
    exists(select(QuizQuestionModel.id).where(QuizQuestionModel.question_id == Q.id)),
)
QUESTION = question_select(Q.explanation, IN_USE.label("in_use")).where(Q.id == ID)
CHOICES = (
    select(ChoiceModel.text, ChoiceModel.is_correct, ChoiceModel.order, ChoiceModel.image, ChoiceModel.id)
    .where(ChoiceModel.question_id == ID)
    .order_by(ChoiceModel.order, ChoiceModel.id)
)
