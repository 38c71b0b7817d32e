"""Health: the database probe behind ``/health/ready``."""

from __future__ import annotations

from edutrack.adapters.memory.readers import MemoryHealthProbe
from edutrack.adapters.sql.readers.accounts import SqlHealthProbe
from edutrack.composition.container import Container
from edutrack.ports.readers import HealthProbe


def wire(c: Container) -> None:
    c.component(HealthProbe, lambda c: c.pick(lambda _: MemoryHealthProbe(), SqlHealthProbe))
