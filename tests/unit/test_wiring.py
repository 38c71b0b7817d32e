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
