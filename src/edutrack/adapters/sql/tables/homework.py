"""Homework of a lecture, its questions (taken from the question bank), the students' submissions and
the snapshot of each submission: the questions, choices and points as they were at submit time, so a
later edit of a bank question never changes a submitted homework."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import Base, fk

SCORE = Numeric(8, 2)


class HomeworkModel(Base):
    __tablename__ = "homeworks"
    __table_args__ = (
        Index("ix_homeworks_lecture_created", "lecture_id", "created_at", "id"),
        Index("ix_homeworks_created", "created_at", "id"),
        CheckConstraint(
            "open_date IS NULL OR close_date IS NULL OR open_date < close_date", name="dates_in_order"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lecture_id: Mapped[int] = mapped_column(fk("lectures.id", cascade=True))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    model_answer: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    open_date: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    close_date: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class HomeworkQuestionModel(Base):
    __tablename__ = "homework_questions"
    __table_args__ = (
        UniqueConstraint("homework_id", "question_id", name="uq_homework_questions_homework_question"),
        Index("ix_homework_questions_homework_order", "homework_id", "order", "id"),
        # the bank's "in use" check and the RESTRICT key read it
        Index("ix_homework_questions_question", "question_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    homework_id: Mapped[int] = mapped_column(fk("homeworks.id", cascade=True))
    # RESTRICT: a question a homework uses is not deleted (400 "in use" before it gets here)
    question_id: Mapped[int] = mapped_column(fk("bank_questions.id"))
    order: Mapped[int] = mapped_column(Integer, default=0)
    points_override: Mapped[int | None] = mapped_column(Integer)


class HomeworkSubmissionModel(Base):
    __tablename__ = "homework_submissions"
    __table_args__ = (
        # the database's rule against double submits (a race of two requests)
        UniqueConstraint("homework_id", "student_id", name="uq_homework_submissions_homework_student"),
        Index("ix_homework_submissions_homework_submitted", "homework_id", "submitted_at", "id"),
        Index("ix_homework_submissions_homework_status", "homework_id", "status", "submitted_at", "id"),
        Index("ix_homework_submissions_student", "student_id", "submitted_at"),
        CheckConstraint("status IN ('submitted', 'graded')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    homework_id: Mapped[int] = mapped_column(fk("homeworks.id", cascade=True))
    student_id: Mapped[int] = mapped_column(fk("student_profiles.id", cascade=True))
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    submitted_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    graded_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    score: Mapped[Decimal] = mapped_column(SCORE, default=Decimal("0.00"))
    max_score: Mapped[Decimal] = mapped_column(SCORE, default=Decimal("0.00"))


class HomeworkAnswerModel(Base):
    """One row per question of the homework at submit time (answered or not): the question's snapshot
    and the student's answer with its grade."""

    __tablename__ = "homework_answers"
    __table_args__ = (Index("ix_homework_answers_submission_order", "submission_id", "order", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(fk("homework_submissions.id", cascade=True))
    question_id: Mapped[int] = mapped_column(Integer)  # no key: a snapshot outlives the bank question
    order: Mapped[int] = mapped_column(Integer, default=0)
    question_type: Mapped[str] = mapped_column(String(20))
    question_text: Mapped[str] = mapped_column(Text)
    question_image: Mapped[str | None] = mapped_column(String(500))
    explanation: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[int] = mapped_column(Integer)
    answered: Mapped[bool] = mapped_column(Boolean, default=False)
    written_answer: Mapped[str | None] = mapped_column(Text)
    is_correct: Mapped[bool | None] = mapped_column(Boolean)
    points_awarded: Mapped[Decimal | None] = mapped_column(SCORE)
    score_override: Mapped[Decimal | None] = mapped_column(SCORE)
    feedback: Mapped[str] = mapped_column(Text, default="")
    graded_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)


class HomeworkAnswerChoiceModel(Base):
    __tablename__ = "homework_answer_choices"
    __table_args__ = (Index("ix_homework_answer_choices_answer_order", "answer_id", "order", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(fk("homework_answers.id", cascade=True))
    choice_id: Mapped[int] = mapped_column(Integer)  # the bank choice's id at submit time
    text: Mapped[str] = mapped_column(Text)
    image: Mapped[str | None] = mapped_column(String(500))
    is_correct: Mapped[bool] = mapped_column(Boolean, default=False)
    order: Mapped[int] = mapped_column(Integer, default=0)
    selected: Mapped[bool] = mapped_column(Boolean, default=False)
