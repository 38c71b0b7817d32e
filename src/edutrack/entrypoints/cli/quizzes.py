"""``edutrack quizzes ...``: ``close-overdue`` runs the timer's sweep once (what the periodic job
``quizzes.close_overdue`` does every ~10 s) and prints how many attempts it closed; ``results`` writes a
quiz's results as the CSV of ``GET /learning/quizzes/{id}/results/?format=csv`` (acting as the site
owner)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from edutrack.core.actor import SYSTEM
from edutrack.core.use_cases.quizzes.attempts import CloseOverdueAttempts
from edutrack.core.use_cases.quizzes.results import ExportQuizResults
from edutrack.entrypoints.cli.common import (
    EXIT_OK,
    Commands,
    OutputFile,
    Progress,
    output_path,
    positive,
    with_container,
)

if TYPE_CHECKING:
    from edutrack.composition import Container
    from edutrack.settings import Settings

GROUP = "quizzes"
GROUP_HELP = "quiz attempts and results"


def _close_overdue(settings: Settings, args: argparse.Namespace) -> int:
    async def work(container: Container) -> int:
        return await container.get(CloseOverdueAttempts).execute()

    closed = with_container(settings, work)
    print(json.dumps({"closed": closed}))
    return EXIT_OK


def _results(settings: Settings, args: argparse.Namespace) -> int:
    async def work(container: Container) -> str:
        return (await container.get(ExportQuizResults).execute(SYSTEM, args.quiz)).text

    target: Path = args.csv
    with Progress("quizzes results") as progress, OutputFile(target) as out:
        progress.update("reading the results")
        text = with_container(settings, work)
        progress.update(f"writing {target}")
        out.write(lambda handle: handle.write(text))
    rows = max(0, len(text.splitlines()) - 1)
    print(json.dumps({"quiz": args.quiz, "csv": str(target), "rows": rows}))
    return EXIT_OK


def register(commands: Commands) -> None:
    actions = commands.group(GROUP, GROUP_HELP)
    sweep = actions.add_parser(
        "close-overdue",
        help="close every attempt past its deadline and the 30 s grace, with its saved answers, graded "
        '(the periodic sweep, once); prints {"closed": N}',
    )
    sweep.set_defaults(handler=_close_overdue)
    results = actions.add_parser(
        "results",
        help="write a quiz's results as CSV (one row per student with a closed attempt, scored per the "
        "quiz's attempt_scoring, one column per question with the points awarded in the scored attempt); "
        'closes overdue attempts first; prints {"quiz", "csv", "rows"}',
    )
    results.add_argument("--quiz", type=positive, required=True, metavar="ID", help="the quiz id")
    results.add_argument(
        "--csv", type=output_path, required=True, metavar="FILE", help="the file to write (replaced)"
    )
    results.set_defaults(handler=_results)
