from __future__ import annotations

import msgspec
from litestar import Controller, Response, get

from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.health import HealthProbe


class HealthOut(msgspec.Struct):
    status: str
    database: str | None = None


class HealthController(Controller):
    path = "/health"
    tags = ["operations"]

    @get("/", summary="Liveness: the process answers")
    async def live(self) -> HealthOut:
        return HealthOut(status="ok")

    @get("/ready", summary="Readiness: the database answers (503 when it does not)")
    async def ready(self, health_probe: Inject[HealthProbe]) -> Response[HealthOut]:
        if await health_probe.database_ready():
            return Response(HealthOut(status="ready", database="ok"))
        return Response(HealthOut(status="unavailable", database="unreachable"), status_code=503)


CONTROLLERS: list[type[Controller]] = [HealthController]
