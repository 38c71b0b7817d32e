"""The purchase edge: the reopen body turned into a command; shape, type and range are the Struct's."""

from __future__ import annotations

import pytest

from edutrack.core.errors import ValidationFailed
from edutrack.core.use_cases.purchases.reopen_purchase import ReopenCommand
from edutrack.entrypoints.http.schemas.purchases import ReopenIn, reopen_command
from edutrack.entrypoints.http.validation import decode


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"extra_days": 0}, {"extra_days": ["Ensure this value is greater than or equal to 1."]}),
        ({"extra_days": -3}, {"extra_days": ["Ensure this value is greater than or equal to 1."]}),
        ({"extra_days": 3651}, {"extra_days": ["Ensure this value is less than or equal to 3650."]}),
        ({"extra_days": "x"}, {"extra_days": ["A valid integer is required."]}),
        ({"extra_days": True}, {"extra_days": ["A valid integer is required."]}),
        ({"note": 7}, {"extra_days": ["This field is required."], "note": ["Not a valid string."]}),
        (
            {"extra_days": 1, "note": "x" * 1001},
            {"note": ["Ensure this field has no more than 1000 characters."]},
        ),
    ],
)
def test_the_edge_checks_a_reopen(body: dict[str, object], errors: dict[str, list[str]]) -> None:
    """Shape, type and range are the edge's (the body's Struct), every problem at once."""
    with pytest.raises(ValidationFailed) as caught:
        decode(ReopenIn, body)
    assert caught.value.body() == errors
    assert reopen_command(7, decode(ReopenIn, {"extra_days": 5, "note": "  Exams  "})) == ReopenCommand(
        7, 5, "Exams"
    )
    assert reopen_command(7, ReopenIn(extra_days=1)) == ReopenCommand(7, 1, "")
