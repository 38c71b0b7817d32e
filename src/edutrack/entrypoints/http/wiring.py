"""How the features reach the HTTP app: their controllers, and their use cases as typed dependencies.

Every type the container provides becomes a Litestar dependency named after the type in snake case:
a handler declares ``purchase_lecture: PurchaseLecture`` and receives a fresh ``PurchaseLecture``
(with its own unit of work) per request. ``check_injections`` refuses, at start-up, a handler whose
parameter is typed with a provided class under another name (Litestar would read it as a query
parameter).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar

from litestar import Controller, Litestar
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ImproperlyConfiguredException
from litestar.params import SkipValidation

from edutrack.composition import Container
from edutrack.features import FEATURES

T = TypeVar("T")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def dependency_name(kind: type) -> str:
    """``PurchaseLecture`` → ``purchase_lecture``; ``HealthProbe`` → ``health_probe``."""
    return _CAMEL.sub("_", kind.__name__).lower()


def feature_controllers() -> list[type[Controller]]:
    """The ``CONTROLLERS`` of ``entrypoints/http/controllers/<feature>.py``, in feature order."""
    found: list[type[Controller]] = []
    for name in FEATURES:
        module = f"edutrack.entrypoints.http.controllers.{name}"
        if importlib.util.find_spec(module) is not None:
            found += importlib.import_module(module).CONTROLLERS
    return found


def _provider(registry: Container, kind: type) -> Callable[[], Any]:
    def provide() -> Any:
        return registry.get(kind)

    return provide


def dependencies(registry: Container) -> dict[str, Provide]:
    return {
        dependency_name(kind): Provide(_provider(registry, kind), sync_to_thread=False)
        for kind in registry.provided()
    }


def check_injections(app: Litestar, registry: Container) -> None:
    """Every handler parameter typed with a provided class is named after it."""
    provided = {kind: dependency_name(kind) for kind in registry.provided()}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            for name, parameter in handler.parsed_fn_signature.parameters.items():
                expected = provided.get(parameter.annotation)
                if expected is not None and expected != name:
                    raise ImproperlyConfiguredException(
                        f"{handler.handler_name}: parameter {name!r} of type "
                        f"{parameter.annotation.__name__} must be named {expected!r} to be injected"
                    )


# ``purchase_lecture: Inject[PurchaseLecture]``: Litestar injects by parameter name and wants the
# parameter marked as a dependency (until its 3.0 injects by type). The value is handed over as built:
# validating it would make msgspec check instances against ports (Protocols) and walk adapters' types.
Inject: TypeAlias = NamedDependency[SkipValidation[T]]


def resolve_plain_dependencies_in_turn() -> None:
    """Litestar resolves a handler's independent dependencies concurrently, in an anyio task group, even
    when every one of them is a plain function (ours: a container lookup). Spawning those tasks cost more
    than a lecture detail's SQL (litestar-org/litestar#4563, open). When every dependency of a handler is
    a plain synchronous callable, resolve them one after the other: the same values, in the same kwargs,
    without the tasks; anything else keeps Litestar's own resolution. Installed once, by ``create_app``;
    ``tests/unit/test_wiring.py`` pins the Litestar code it stands in for."""
    from litestar._kwargs.cleanup import DependencyCleanupGroup
    from litestar._kwargs.dependencies import resolve_dependency
    from litestar._kwargs.kwargs_model import KwargsModel

    concurrent = KwargsModel.resolve_dependencies
    if getattr(concurrent, "edutrack_in_turn", False):
        return

    async def resolve_dependencies(self: KwargsModel, connection: Any, kwargs: dict[str, Any]) -> Any:
        batches = self.dependency_batches
        if not all(d.provide.has_sync_callable for batch in batches for d in batch):
            return await concurrent(self, connection, kwargs)
        cleanup_group = DependencyCleanupGroup()
        for batch in batches:
            for dependency in batch:
                await resolve_dependency(dependency, connection, kwargs, cleanup_group)
        return cleanup_group

    resolve_dependencies.edutrack_in_turn = True  # type: ignore[attr-defined]
    resolve_dependencies.litestar_original = concurrent  # type: ignore[attr-defined]
    KwargsModel.resolve_dependencies = resolve_dependencies  # type: ignore[method-assign]
