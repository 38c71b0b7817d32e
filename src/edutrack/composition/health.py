"""Health: the database probe behind ``/health/ready``."""

from __future__ import annotations

from edutrack.adapters.memory.health import MemoryHealthProbe
from edutrack.adapters.sql.readers.health import SqlHealthProbe
from edutrack.composition.container import Container
from edutrack.ports.health import HealthProbe


def wire(c: Container) -> None:
    c.component(HealthProbe, lambda c: c.pick(lambda _: MemoryHealthProbe(), SqlHealthProbe))
