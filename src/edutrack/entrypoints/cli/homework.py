"""``edutrack homework results --homework ID --csv FILE``: a homework's results as the CSV of
``GET /learning/homeworks/{id}/results/?format=csv``, written by the operator (acting as the site owner)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from edutrack.core.actor import SYSTEM
from edutrack.core.use_cases.homework.read_submissions import ExportHomeworkResults
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


def _results(settings: Settings, args: argparse.Namespace) -> int:
    async def work(container: Container) -> str:
        return (await container.get(ExportHomeworkResults).execute(SYSTEM, args.homework)).text

    target: Path = args.csv
    with Progress("homework results") as progress, OutputFile(target) as out:
        progress.update("reading the results")
        text = with_container(settings, work)
        progress.update(f"writing {target}")
        out.write(lambda handle: handle.write(text))
    rows = max(0, len(text.splitlines()) - 1)
    print(json.dumps({"homework": args.homework, "csv": str(target), "rows": rows}))
    return EXIT_OK


def register(commands: Commands) -> None:
    actions = commands.group("homework", "homework results")
    results = actions.add_parser(
        "results",
        help="write a homework's results as CSV (one row per student who submitted, one column per "
        'question with the points awarded); prints {"homework", "csv", "rows"}',
    )
    results.add_argument("--homework", type=positive, required=True, metavar="ID", help="the homework id")
    results.add_argument(
        "--csv", type=output_path, required=True, metavar="FILE", help="the file to write (replaced)"
    )
    results.set_defaults(handler=_results)
