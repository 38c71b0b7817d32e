"""The endpoints the API benchmark drives (issue 16's table, plus the student catalogue), with fixed ids on
the data set of ``bench/dataset.py``, and the fixed list of URLs whose responses the equality check hashes."""

from __future__ import annotations

from dataclasses import dataclass

TRENDS = "/payments/revenue/trends/?start_date=2026-10-01&end_date=2026-10-30"


@dataclass(frozen=True)
class Endpoint:
    name: str
    user: str  # "owner" (bench_owner, the site owner) or "student" (student1)
    path: str


ENDPOINTS = [
    Endpoint("lectures list", "owner", "/courses/lectures/"),
    Endpoint("lecture detail", "owner", "/courses/lectures/1/"),
    Endpoint("topic detail", "owner", "/courses/topics/1/"),
    Endpoint("course revenue", "owner", "/payments/revenue/course/1/"),
    Endpoint("course detail", "owner", "/courses/1/"),
    Endpoint("revenue summary", "owner", "/payments/revenue/summary/"),
    Endpoint("revenue trends", "owner", TRENDS),
    Endpoint("student catalogue", "student", "/courses/?page_size=10"),
    Endpoint("quiz detail", "owner", "/learning/quizzes/1/"),
    Endpoint("homework detail", "owner", "/learning/homeworks/1/"),
]

USERNAMES = {"owner": "bench_owner", "student": "student1"}

# every benchmarked endpoint, then other pages and ids of the same readers (full data set: 1,000 pages of
# lectures, 5,000 topics, 500 courses)
EQUALITY = [(e.user, e.path) for e in ENDPOINTS] + [
    ("owner", "/courses/lectures/?page=2"),
    ("owner", "/courses/lectures/?page=1000"),
    ("owner", "/courses/lectures/?page_size=10&page=7"),
    ("owner", "/courses/lectures/49999/"),
    ("owner", "/courses/topics/4321/"),
    ("owner", "/payments/revenue/course/250/"),
    ("owner", "/courses/250/"),
    ("owner", "/courses/?page=3"),
    ("owner", "/payments/revenue/trends/?start_date=2025-12-01&end_date=2026-11-30"),
    ("owner", "/payments/revenue/lecture/1/"),
    ("student", "/courses/"),
    ("student", "/courses/?page=2"),
    ("student", "/courses/lectures/1/"),
    ("student", "/courses/topics/1/"),
    ("student", "/courses/1/"),
    ("student", "/courses/lectures/"),
]
