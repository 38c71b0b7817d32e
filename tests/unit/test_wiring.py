"""The feature list, the container and the injection of use cases into handlers (ADR 0006)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from litestar import Controller, Litestar, get
from litestar.di import Provide
from litestar.exceptions import ImproperlyConfiguredException

import edutrack.core.use_cases as use_cases
from edutrack.composition import Container
from edutrack.core.use_cases.purchases.purchase_lecture import PurchaseLecture
from edutrack.entrypoints.http.wiring import Inject, check_injections, dependency_name, feature_controllers
from edutrack.features import FEATURES
from edutrack.ports.purchases import PurchaseReader

pytestmark = pytest.mark.anyio
SRC = Path(__file__).resolve().parents[2] / "src" / "edutrack"


def _modules(folder: Path) -> set[str]:
    return {p.stem for p in folder.glob("*.py") if not p.stem.startswith("_")} | {
        p.name for p in folder.iterdir() if p.is_dir() and (p / "__init__.py").exists()
    }


def test_every_feature_has_a_wiring_module_and_every_room_is_listed() -> None:
    for name in FEATURES:
        assert callable(importlib.import_module(f"edutrack.composition.{name}").wire)
    assert _modules(SRC / "composition") - {"container"} == set(FEATURES)
    assert _modules(SRC / "entrypoints" / "http" / "controllers") <= set(FEATURES)
    cli_rooms = {
        name
        for name in _modules(SRC / "entrypoints" / "cli")
        if hasattr(importlib.import_module(f"edutrack.entrypoints.cli.{name}"), "register")
    }
    assert cli_rooms <= set(FEATURES)


async def test_every_use_case_is_provided_by_the_container(container: Container) -> None:
    provided = set(container.provided())
    missing = []
    for info in pkgutil.walk_packages(use_cases.__path__, f"{use_cases.__name__}."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and callable(getattr(cls, "execute", None)):
                shared_base = any(issubclass(kind, cls) for kind in provided if kind is not cls)
                if cls not in provided and not shared_base:
                    missing.append(cls.__qualname__)
    assert missing == []


async def test_use_cases_are_built_per_call_and_components_once(container: Container) -> None:
    assert container.get(PurchaseLecture) is not container.get(PurchaseLecture)
    assert container.get(PurchaseReader) is container.get(PurchaseReader)
    with pytest.raises(LookupError, match="nothing provides int"):
        container.get(int)
    with pytest.raises(ValueError, match="PurchaseLecture is provided twice"):
        container.use_case(PurchaseLecture, lambda c: c.get(PurchaseLecture))


async def test_a_handler_parameter_must_be_named_after_the_use_case_it_receives(container: Container) -> None:
    assert dependency_name(PurchaseLecture) == "purchase_lecture"

    class Misnamed(Controller):
        path = "/misnamed"

        @get("/")
        async def handler(self, buy: Inject[PurchaseLecture]) -> None:
            return None

    app = Litestar([Misnamed], dependencies={"buy": Provide(lambda: None, sync_to_thread=False)})
    with pytest.raises(ImproperlyConfiguredException, match="must be named 'purchase_lecture'"):
        check_injections(app, container)


def test_the_app_serves_the_controllers_of_every_feature_in_order() -> None:
    names = [c.__name__ for c in feature_controllers()]
    assert names[:2] == ["HealthController", "AuthController"]
    assert "RechargeCodeController" in names


# --- plain dependencies resolved in turn (litestar-org/litestar#4563) ---------------------------------


def _tasks_of(app: Litestar, path: str) -> dict[str, object]:
    from litestar.testing import TestClient

    with TestClient(app) as client:
        response = client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


def _app_with(**providers: Provide) -> Litestar:
    @get("/")
    async def handler(first: Inject[str], second: Inject[str], third: Inject[str]) -> dict[str, object]:
        import asyncio

        return {"values": [first, second, third], "handler": id(asyncio.current_task())}

    return Litestar([handler], dependencies=providers)


def _recording(name: str, seen: dict[str, int]) -> Provide:
    import asyncio

    def provide() -> str:
        seen[name] = id(asyncio.current_task())
        return name

    return Provide(provide, sync_to_thread=False)


def test_plain_dependencies_are_resolved_in_the_request_task_with_the_same_values() -> None:
    from edutrack.entrypoints.http.wiring import resolve_plain_dependencies_in_turn

    resolve_plain_dependencies_in_turn()
    seen: dict[str, int] = {}
    app = _app_with(**{n: _recording(n, seen) for n in ("first", "second", "third")})
    body = _tasks_of(app, "/")
    assert body["values"] == ["first", "second", "third"]
    # no task group: each was called in the task that then ran the handler
    assert set(seen.values()) == {body["handler"]}


def test_a_handler_with_an_async_dependency_keeps_litestars_concurrent_resolution() -> None:
    from edutrack.entrypoints.http.wiring import resolve_plain_dependencies_in_turn

    resolve_plain_dependencies_in_turn()
    seen: dict[str, int] = {}

    async def third() -> str:
        import asyncio

        seen["third"] = id(asyncio.current_task())
        return "third"

    app = _app_with(first=_recording("first", seen), second=_recording("second", seen), third=Provide(third))
    body = _tasks_of(app, "/")
    assert body["values"] == ["first", "second", "third"]
    assert body["handler"] not in set(seen.values())  # Litestar's task group ran them


def test_the_litestar_code_resolved_in_turn_is_the_one_reviewed() -> None:
    """A Litestar upgrade that changes how it resolves dependencies fails here: review
    ``resolve_plain_dependencies_in_turn`` against the new code, then update the digest."""
    import hashlib

    from litestar._kwargs.kwargs_model import KwargsModel

    from edutrack.entrypoints.http.wiring import resolve_plain_dependencies_in_turn

    resolve_plain_dependencies_in_turn()
    original = KwargsModel.resolve_dependencies.litestar_original  # type: ignore[attr-defined]
    digest = hashlib.sha256(inspect.getsource(original).encode()).hexdigest()
    assert digest == "f5e60119abf69eff695b2287a6e46a44688f06a70157c4292243fa09080e44fa"
