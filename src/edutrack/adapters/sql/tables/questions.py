"""The question bank: chapters of a subject, their lessons, questions and their choices."""

from __future__ import annotations

from datetime import datetime

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import Base, fk


class ChapterModel(Base):
    __tablename__ = "bank_chapters"
    __table_args__ = (
        Index("ix_bank_chapters_subject_order", "subject_id", "order", "id"),
        Index("ix_bank_chapters_teacher_order", "teacher_id", "order", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_id: Mapped[int] = mapped_column(fk("subjects.id"))
    teacher_id: Mapped[int | None] = mapped_column(fk("teacher_profiles.id", cascade=True))
    name: Mapped[str] = mapped_column(String(200))
    order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class BankLessonModel(Base):
    __tablename__ = "bank_lessons"
    __table_args__ = (Index("ix_bank_lessons_chapter_order", "chapter_id", "order", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chapter_id: Mapped[int] = mapped_column(fk("bank_chapters.id", cascade=True))
    name: Mapped[str] = mapped_column(String(200))
    order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class QuestionModel(Base):
    __tablename__ = "bank_questions"
    __table_args__ = (
        Index("ix_bank_questions_lesson", "lesson_id", "id"),
        Index("ix_bank_questions_teacher_created", "teacher_id", "created_at", "id"),
        Index("ix_bank_questions_global_created", "is_global", "created_at", "id"),
        Index("ix_bank_questions_created", "created_at", "id"),  # the owner's list, by type or difficulty
        # deleting a user sets created_by to NULL: find its rows without a scan
        Index("ix_bank_questions_created_by", "created_by"),
        CheckConstraint("points >= 1", name="points_positive"),
        CheckConstraint(
            "question_type IN ('mcq_single', 'mcq_multiple', 'written')", name="question_type_known"
        ),
        CheckConstraint("difficulty IN ('easy', 'medium', 'hard')", name="difficulty_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # RESTRICT: a lesson questions use is not deleted (400 "in use" before it gets here)
    lesson_id: Mapped[int] = mapped_column(fk("bank_lessons.id"))
    teacher_id: Mapped[int | None] = mapped_column(fk("teacher_profiles.id", cascade=True))
    # the user who created it; kept when that user (an assistant, say) is deleted
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    question_type: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    image: Mapped[str | None] = mapped_column(String(500))
    difficulty: Mapped[str] = mapped_column(String(10))
    points: Mapped[int] = mapped_column(Integer)
    explanation: Mapped[str] = mapped_column(Text, default="")
    is_global: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class ChoiceModel(Base):
    __tablename__ = "bank_choices"
    __table_args__ = (Index("ix_bank_choices_question_order", "question_id", "order", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(fk("bank_questions.id", cascade=True))
    text: Mapped[str] = mapped_column(Text)
    image: Mapped[str | None] = mapped_column(String(500))
    is_correct: Mapped[bool] = mapped_column(Boolean, default=False)
    order: Mapped[int] = mapped_column(Integer, default=0)
