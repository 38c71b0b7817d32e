from __future__ import annotations

from typing import Annotated

import msgspec

# Ids in bodies: the resource's own id, bounded so a huge number is a 400, never a database error.
Id = Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]
# Short free text: bounded so a 10 kB string is a clear 400.
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
# Money input: a string or a number, parsed exactly by the core (never float arithmetic).
MoneyIn = str | int | float


class DetailOut(msgspec.Struct):
    detail: str


class MessageOut(msgspec.Struct):
    message: str
