"""The tables, one module per feature on one shared metadata (``base.Base.metadata``).

``load_all()`` imports every module of this package so that the metadata is complete (Alembic, tests);
a new feature's module is picked up without editing this file."""

from __future__ import annotations

import importlib
import pkgutil

from edutrack.adapters.sql.tables.base import Base


def load_all() -> type[Base]:
    """Import every table module; answer the declarative base whose metadata now holds them all."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return Base


__all__ = ["Base", "load_all"]
