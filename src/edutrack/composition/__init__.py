"""The composition root (``container.py``) and one wiring module per feature (``<feature>.py``, each with
``wire(container)``), listed in ``edutrack.features``."""

from edutrack.composition.container import Container, build_container

__all__ = ["Container", "build_container"]
