from __future__ import annotations

import msgspec
from litestar import Controller, Response, get

from edutrack.entrypoints.http.deps import Services


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
    async def ready(self, container: Services) -> Response[HealthOut]:
        if await container.health.database_ready():
            return Response(HealthOut(status="ready", database="ok"))
        return Response(HealthOut(status="unavailable", database="unreachable"), status_code=503)
