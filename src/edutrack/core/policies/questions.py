"""Who sees and who changes the question bank (API_SUPPLEMENT §2, §7).

- The site owner sees and changes everything.
- A teacher and the teacher's assistants see and change their teacher's chapters, lessons and questions;
  they also see (read-only) the site owner's chapters and lessons, and every question marked
  ``is_global``. Anything else of another teacher is 403, never data.
- Students never see the bank.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from edutrack.core import messages as m
from edutrack.core.actor import Actor, Role
from edutrack.core.entities.questions import Question, QuestionType
from edutrack.core.errors import PermissionDenied
from edutrack.core.policies.access import require_active

STAFF = (Role.SITE_OWNER, Role.TEACHER, Role.ASSISTANT)


def require_bank_user(actor: Actor) -> None:
    """The bank is for the site owner, teachers and assistants (a student: PermissionDenied)."""
    require_active(actor)
    if actor.role not in STAFF:
        raise PermissionDenied()
    if actor.role is not Role.SITE_OWNER and actor.teacher_id is None:
        raise PermissionDenied()


def may_read_question(actor: Actor, owner_teacher_id: int | None, is_global: bool) -> bool:
    """Site owner: every question; staff of a teacher: their teacher's and every global question."""
    if actor.role is Role.SITE_OWNER:
        return True
    if actor.role not in (Role.TEACHER, Role.ASSISTANT) or actor.teacher_id is None:
        return False
    return is_global or owner_teacher_id == actor.teacher_id


def may_write_owned(actor: Actor, owner_teacher_id: int | None) -> bool:
    """Changing a chapter, a lesson or a question: the site owner, or the owning teacher's staff."""
    if actor.role is Role.SITE_OWNER:
        return True
    return (
        actor.role in (Role.TEACHER, Role.ASSISTANT)
        and actor.teacher_id is not None
        and owner_teacher_id == actor.teacher_id
    )


def may_read_chapter(actor: Actor, owner_teacher_id: int | None) -> bool:
    """Chapters and lessons: the site owner all; a teacher's staff their own and the shared ones."""
    return may_write_owned(actor, owner_teacher_id) or (
        owner_teacher_id is None and actor.role in (Role.TEACHER, Role.ASSISTANT)
    )


def require_question_write(actor: Actor, owner_teacher_id: int | None) -> None:
    require_bank_user(actor)
    if not may_write_owned(actor, owner_teacher_id):
        raise PermissionDenied()


def require_question_read(actor: Actor, owner_teacher_id: int | None, is_global: bool) -> None:
    require_bank_user(actor)
    if not may_read_question(actor, owner_teacher_id, is_global):
        raise PermissionDenied()


def bank_scope_of(actor: Actor) -> tuple[bool, int | None]:
    """(sees everything, own teacher) of a bank user: the site owner everything; staff their teacher's."""
    require_bank_user(actor)
    if actor.role is Role.SITE_OWNER:
        return True, None
    return False, actor.teacher_id


def owner_for_new(actor: Actor) -> int | None:
    """The teacher a new chapter or question belongs to: the actor's teacher (None for the site owner)."""
    return None if actor.role is Role.SITE_OWNER else actor.teacher_id


# --- the rules of a question (API_SUPPLEMENT §7), checked on the question as it will be stored -----------

SINGLE_NEEDS_ONE = "A single-answer question (mcq_single) needs exactly one correct choice."
MULTIPLE_NEEDS_ONE = "A multiple-answer question (mcq_multiple) needs at least one correct choice."
MCQ_NEEDS_TWO = "A multiple-choice question needs at least two choices."
WRITTEN_HAS_NONE = "A written question has no choices."
POINTS_AT_LEAST_ONE = m.min_value(1)
CHAPTER_IN_USE = "Cannot delete: questions use this chapter."
LESSON_IN_USE = "Cannot delete: questions use this lesson."
QUESTION_IN_USE = "Cannot delete: this question is used by a homework or quiz."


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL with a host and no blanks."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return (
        parts.scheme.lower() in ("http", "https")
        and bool(parts.hostname)
        and not any(c.isspace() for c in url)
    )


def question_problems(question: Question) -> dict[str, list[str]]:
    """Every rule ``question`` breaks, as field errors (empty: none): a text that is not blank, points >= 1,
    images that are http(s) URLs or none, and the choices its type needs: ``mcq_single`` at least two with
    exactly one correct, ``mcq_multiple`` at least two with at least one correct, ``written`` none. Each
    choice needs a text (or an image); choice problems are reported under ``choices`` with the choice's
    position (1-based)."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if not question.text.strip():
        add("text", m.BLANK)
    if question.points < 1:
        add("points", POINTS_AT_LEAST_ONE)
    if question.image is not None and not is_web_url(question.image):
        add("image", m.INVALID_URL)
    for position, choice in enumerate(question.choices, start=1):
        if not choice.text.strip() and choice.image is None:
            add("choices", f"Choice {position}: {m.BLANK}")
        if choice.image is not None and not is_web_url(choice.image):
            add("choices", f"Choice {position}: {m.INVALID_URL}")
    correct = sum(1 for c in question.choices if c.is_correct)
    if question.question_type is QuestionType.WRITTEN:
        if question.choices:
            add("choices", WRITTEN_HAS_NONE)
        return problems
    if len(question.choices) < 2:
        add("choices", MCQ_NEEDS_TWO)
    if question.question_type is QuestionType.MCQ_SINGLE and correct != 1:
        add("choices", SINGLE_NEEDS_ONE)
    if question.question_type is QuestionType.MCQ_MULTIPLE and correct < 1:
        add("choices", MULTIPLE_NEEDS_ONE)
    return problems
