"""Dependencies every controller receives."""

from __future__ import annotations

from typing import TypeAlias

from litestar.di import NamedDependency
from litestar.params import SkipValidation

from edutrack.composition import Container

# The container is handed over as-is: validating it would make msgspec walk advanced-alchemy's types.
Services: TypeAlias = NamedDependency[SkipValidation[Container]]
