"""The OpenAPI document is a contract (issue #15): it validates as OpenAPI 3.1, and schemathesis drives every
documented operation with the document's examples, its coverage cases (boundary values, missing and
wrong-typed fields, every enum member) and a few fuzzed ones, against a real ``edutrack serve``.

- No request may get a 5xx (``not_a_server_error``), ever: bad input is a 400 with field errors.
- The responses must match the document (``status_code_conformance``, ``content_type_conformance``,
  ``response_schema_conformance``). ``EDUTRACK_FUZZ_CONFORMANCE`` says how strictly: ``known`` (default)
  fails on a mismatch not listed in ``api_fuzz_known.txt`` (today's mismatches, ``CODE METHOD /path`` a
  line), ``enforce`` on every mismatch, ``off`` does not check them. ``EDUTRACK_FUZZ_RECORD=1`` rewrites
  the list with the mismatches seen; ``EDUTRACK_FUZZ_SUMMARY=<file>`` writes the run's counts there.

The run is schemathesis's own command line (``st run``), one per role: the site owner, a teacher, a student
and an OAuth2 client, each on its own copy of a database holding the demo data, its own server, and the
operations whose role guard admits it (``tests/support/fuzz.py``); so what one role deletes or deactivates
changes nothing for another. Generation is deterministic (fixed seed): the same code sends the same
requests. Every role's report (text and JSON) is kept in the test's temporary directory.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from tests.support.fuzz import (
    INTEGRATION,
    ROLES,
    FuzzWorld,
    build_template,
    narrowed_document,
    roles_by_operation,
)
from tests.support.servers import serving

pytestmark = pytest.mark.xdist_group("api_fuzz")

KNOWN_FILE = Path(__file__).with_name("api_fuzz_known.txt")
MODE = os.environ.get("EDUTRACK_FUZZ_CONFORMANCE", "enforce").strip().lower()
SUMMARY_FILE = os.environ.get("EDUTRACK_FUZZ_SUMMARY", "").strip()
RECORD = os.environ.get("EDUTRACK_FUZZ_RECORD", "").strip().lower() in {"1", "true", "yes"}
SEED = 15
# Fuzzed cases per operation on top of the examples and coverage cases: none by default (Hypothesis's
# generation of these bodies costs about 60 ms a case, the coverage cases about a third of that).
FUZZED_PER_OPERATION = int(os.environ.get("EDUTRACK_FUZZ_EXAMPLES", "0"))
SERVER_ERRORS = {"ST101", "ST102"}  # not_a_server_error: a 5xx status, or a 5xx without the API's JSON
CONFORMANCE = ["status_code_conformance", "content_type_conformance", "response_schema_conformance"]
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")

if MODE not in {"known", "enforce", "off"}:
    raise pytest.UsageError(f"EDUTRACK_FUZZ_CONFORMANCE must be known, enforce or off, got {MODE!r}")


def read_known() -> set[str]:
    if not KNOWN_FILE.exists():
        return set()
    lines = (line.strip() for line in KNOWN_FILE.read_text().splitlines())
    return {line for line in lines if line and not line.startswith("#")}


def mismatches_of(report: dict[str, Any]) -> set[str]:
    """``CODE METHOD /path`` of every conformance failure in a JSON run report."""
    return {
        f"{failure['code']} {operation}"
        for failure in report["failures"]
        if failure["code"] not in SERVER_ERRORS
        for operation in failure["operations"]
    }


@dataclass
class Totals:
    """Every role's report, for the summary and the list of known mismatches."""

    reports: dict[str, dict[str, Any]] = field(default_factory=dict)

    def mismatches(self) -> set[str]:
        return set().union(*(mismatches_of(report) for report in self.reports.values()))

    def summary(self) -> dict[str, object]:
        return {
            "conformance": MODE,
            "seed": SEED,
            "fuzzed_per_operation": FUZZED_PER_OPERATION,
            "roles": {
                role: {
                    "operations": report["operations"],
                    "test_cases": report["test_cases"],
                    "running_time": round(report["running_time"], 1),
                    "failures": {f"{f['code']} {f['title']}": f["count"] for f in report["failures"]},
                    "errors": report["errors"],
                }
                for role, report in self.reports.items()
            },
            "mismatches": sorted(self.mismatches()),
        }


def schemathesis_run(document: Path, base_url: str, headers: dict[str, str], reports: Path) -> str:
    """``st run`` over the document's operations; returns its text output (the JSON report is in
    ``reports/run.json``)."""
    checks = ["not_a_server_error", *(CONFORMANCE if MODE != "off" else [])]
    config = reports / "schemathesis.toml"
    config.write_text("")  # schemathesis's defaults, not a schemathesis.toml found above the directory
    command = [
        str(SCHEMATHESIS), "--config-file", str(config), "run", str(document), "--url", base_url,
        "--phases", "examples,coverage" + (",fuzzing" if FUZZED_PER_OPERATION else ""),
        "--max-examples", str(max(FUZZED_PER_OPERATION, 1)),
        "--checks", ",".join(checks), "--continue-on-failure",
        "--seed", str(SEED), "--generation-deterministic", "--workers", "1",
        "--no-color", "--report", "json", "--report-json-path", str(reports / "run.json"),
    ]  # fmt: skip
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=reports)
    output = done.stdout + done.stderr
    (reports / "run.txt").write_text(output)
    assert (reports / "run.json").exists(), f"st run wrote no report (exit {done.returncode}):\n{output}"
    return output


def failure_blocks(output: str, operations: list[str]) -> str:
    """The text report's sections of the given operations (``____ GET /path/ ____`` headed)."""
    sections = re.split(r"\n_{3,} (?=[A-Z]+ /)", output)
    wanted = [s for s in sections if any(s.startswith(f"{op} _") for op in operations)]
    return "\n".join(wanted)[:20000]


@pytest.fixture(scope="module")
def fuzz_world(tmp_path_factory: pytest.TempPathFactory) -> FuzzWorld:
    return build_template(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module")
def totals() -> Iterator[Totals]:
    totals = Totals()
    yield totals
    if SUMMARY_FILE:
        Path(SUMMARY_FILE).write_text(json.dumps(totals.summary(), indent=2) + "\n")
    if RECORD and MODE != "off" and set(totals.reports) == set(ROLES):
        header = "# Conformance mismatches of today's document; EDUTRACK_FUZZ_RECORD=1 rewrites this file.\n"
        KNOWN_FILE.write_text(header + "".join(f"{key}\n" for key in sorted(totals.mismatches())))


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_without_a_server_error_and_as_documented(
    role: str, fuzz_world: FuzzWorld, totals: Totals, tmp_path: Path
) -> None:
    database = tmp_path / "fuzz.db"
    shutil.copyfile(fuzz_world.template, database)
    media = tmp_path / "media"
    table = roles_by_operation(database, media)
    headers = fuzz_world.headers[role]
    with serving(fuzz_world.server_env(database, media), workers=None, log=tmp_path / "server.log") as base:
        served = httpx.get(f"{base}/schema/openapi.json", timeout=30).json()
        document = tmp_path / f"openapi-{role}.json"
        document.write_text(json.dumps(narrowed_document(served, table, role)))
        output = schemathesis_run(document, base, headers, tmp_path)
        if role != INTEGRATION:  # the run was not hollow: the role's token still opens its account
            me = httpx.get(f"{base}/accounts/me/", headers=headers, timeout=10)
            assert me.status_code == 200, f"the {role} lost its login during the run: {me.text}"
    report = json.loads((tmp_path / "run.json").read_text())
    totals.reports[role] = report

    assert report["complete"] and report["stop_reason"] == "completed", output[-5000:]
    assert report["errors"] == [], output[-5000:]
    assert report["operations"]["tested"] == report["operations"]["selected"] > 0, report["operations"]
    server_errors = sorted(
        {op for f in report["failures"] if f["code"] in SERVER_ERRORS for op in f["operations"]}
    )
    assert server_errors == [], f"5xx answers:\n{failure_blocks(output, server_errors)}"
    if MODE == "off":
        return
    mismatches = mismatches_of(report)
    unexpected = sorted(mismatches if MODE == "enforce" else mismatches - read_known())
    operations = sorted({key.split(" ", 1)[1] for key in unexpected})
    assert unexpected == [], (
        f"responses that do not match the document ({MODE}):\n" + "\n".join(unexpected) + "\n\n"
        + failure_blocks(output, operations)
    )  # fmt: skip


def test_the_served_document_is_valid_openapi_3_1(fuzz_world: FuzzWorld, tmp_path: Path) -> None:
    database = tmp_path / "doc.db"
    shutil.copyfile(fuzz_world.template, database)
    with serving(fuzz_world.server_env(database, tmp_path / "media"), workers=None) as base_url:
        document = httpx.get(f"{base_url}/schema/openapi.json", timeout=30).json()
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises OpenAPIValidationError on the first problem, with its place in the document
