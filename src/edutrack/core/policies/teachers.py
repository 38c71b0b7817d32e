"""Rules of a teacher (SiteOwner §1), shared by create and update.

Shape, type and range (required fields, text length, the grades list, the gender choice) are checked at
the edge, once. The account rules (username, gmail, password) and the phone rules are the domain's and
live in ``accounts``, ``passwords`` and ``people``; the rules that need the database (uniqueness,
referenced ids exist, grades of the subject) live with the use cases.
"""

from __future__ import annotations

PICTURE_FOLDER = "teachers"


def grade_not_in_subject(grade: str, subject: str) -> str:
    return f"Grade {grade} is not taught in subject {subject}."
