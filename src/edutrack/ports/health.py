"""The database probe behind ``/health/ready``."""

from __future__ import annotations

from typing import Protocol


class HealthProbe(Protocol):
    async def database_ready(self) -> bool: ...
