"""The CLI's progress line: drawn in place on a terminal, nothing at all anywhere else."""

from __future__ import annotations

import io

from edutrack.entrypoints.cli.common import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_one_line_redrawn_in_place_and_ended() -> None:
    stream = Terminal()
    with Progress("codes generate", stream) as progress:
        progress.update("generating 3 codes")
        for n in range(1, 4):
            progress.count(n, 3, "writing x.csv")
    text = stream.getvalue()
    assert text.startswith("\r\x1b[Kcodes generate: generating 3 codes (")
    assert "\r\x1b[Kcodes generate: writing x.csv 3/3 (100%) (" in text  # the last count is always drawn
    assert text.endswith(")\n") and text.count("\n") == 1


def test_a_pipe_or_file_gets_nothing() -> None:
    stream = io.StringIO()
    with Progress("demo-data", stream) as progress:
        progress.update("[1/8] reference data")
        progress.count(5, 5, "rows")
    assert stream.getvalue() == ""
