"""Health: the database probe behind ``/health/ready`` (the primary, and the read replica if any)."""

from __future__ import annotations

from edutrack.adapters.memory.health import MemoryHealthProbe
from edutrack.adapters.sql.readers.health import SqlHealthProbe
from edutrack.composition.container import Container
from edutrack.ports.health import HealthProbe


def wire(c: Container) -> None:
    c.component(
        HealthProbe,
        lambda c: c.pick(lambda _: MemoryHealthProbe(), lambda s: SqlHealthProbe(s, c.replica_sessions)),
    )
