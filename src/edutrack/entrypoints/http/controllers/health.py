from __future__ import annotations

import msgspec
from litestar import Controller, Response, get

from edutrack.entrypoints.http.wiring import Inject
from edutrack.ports.health import HealthProbe


class HealthOut(msgspec.Struct):
    status: str
    database: str | None = None


class ReadyWithReplicaOut(HealthOut):
    """With a read replica (EDUTRACK_DATABASE_READ_URL) the readiness answer also says how it is; without
    one it is the plain ``HealthOut`` as before."""

    replica: str | None = None


def _state(answers: bool) -> str:
    return "ok" if answers else "unreachable"


class HealthController(Controller):
    path = "/health"
    tags = ["operations"]

    @get("/", summary="Liveness: the process answers")
    async def live(self) -> HealthOut:
        return HealthOut(status="ok")

    @get("/ready", summary="Readiness: the database answers (503 when it does not)")
    async def ready(self, health_probe: Inject[HealthProbe]) -> Response[HealthOut]:
        # The status follows the primary only: writes and authentication need it. A replica that does not
        # answer is reported (its reads fail meanwhile) but does not take every instance out of rotation.
        primary = await health_probe.database_ready()
        replica = await health_probe.replica_ready()
        status, code = ("ready", 200) if primary else ("unavailable", 503)
        if replica is None:
            return Response(HealthOut(status=status, database=_state(primary)), status_code=code)
        body = ReadyWithReplicaOut(status=status, database=_state(primary), replica=_state(replica))
        return Response(body, status_code=code)


CONTROLLERS: list[type[Controller]] = [HealthController]
