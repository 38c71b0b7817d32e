"""The database probe behind ``/health/ready``."""

from __future__ import annotations

from typing import Protocol


class HealthProbe(Protocol):
    async def database_ready(self) -> bool: ...

    async def replica_ready(self) -> bool | None:
        """Whether the read replica (EDUTRACK_DATABASE_READ_URL) answers; None when there is none."""
        ...
