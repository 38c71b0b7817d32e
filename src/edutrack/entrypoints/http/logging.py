"""Structured JSON logs: one line per request, never a body, a cookie, a token or a password."""

from __future__ import annotations

import logging
import sys
import time
import uuid
from typing import Any

import structlog
from litestar.logging.config import LoggingConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from edutrack.settings import Settings, insecure_settings

REQUEST_ID_HEADER = b"x-request-id"


def _shared_processors() -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def stdlib_formatter(json: bool = True) -> logging.Formatter:
    """The formatter of every standard-library log record (uvicorn's, SQLAlchemy's, procrastinate's,
    warnings): the same fields and renderer as the application's own lines, the logger's name added."""
    renderer: Any = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*_shared_processors(), structlog.stdlib.add_logger_name],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )


def uvicorn_log_config(settings: Settings) -> dict[str, Any]:
    """``uvicorn.run(log_config=...)``: uvicorn applies it in the supervisor and in every worker, so its
    start-up, shutdown and error lines go through ``stdlib_formatter`` like everything else. Plain
    strings only: the dictionary is pickled into the worker processes."""
    handler = {"class": "logging.StreamHandler", "formatter": "edutrack", "stream": "ext://sys.stdout"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"edutrack": {"()": f"{__name__}.stdlib_formatter", "json": settings.log_json}},
        "handlers": {"default": handler},
        "root": {"handlers": ["default"], "level": settings.log_level},
        "loggers": {
            "uvicorn": {"handlers": [], "level": settings.log_level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": settings.log_level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": True},
        },
    }


def configure_logging(settings: Settings) -> None:
    """structlog for the application's lines; the standard library's records (the root logger) rendered
    the same way, so with ``EDUTRACK_LOG_JSON=true`` every line of the process is one JSON object."""
    level = getattr(logging, settings.log_level)
    renderer: Any = (
        structlog.processors.JSONRenderer() if settings.log_json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*_shared_processors(), structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(),  # sys.stdout as it is at each write
        cache_logger_on_first_use=False,
    )
    root = logging.getLogger()
    if not root.handlers:  # as logging.basicConfig; under `edutrack serve` uvicorn_log_config set it up
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(stdlib_formatter(settings.log_json))
        root.addHandler(handler)
        root.setLevel(level)
    logging.captureWarnings(True)
    for noisy in ("httpx", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class RequestLogMiddleware:
    """The outermost ASGI layer: gives each request an id (``X-Request-ID``, echoed back) and logs one
    line when the response starts: request id, user id, method, path (no query string), status, duration."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.log = structlog.get_logger("edutrack.request")

    def __getattr__(self, name: str) -> Any:  # let callers reach the Litestar app (lifespan, state, ...)
        return getattr(self.app, name)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers", [])).get(REQUEST_ID_HEADER, b"").decode("latin-1")
        request_id = incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        state = scope.setdefault("state", {})  # type: ignore[typeddict-item]
        state["request_id"] = request_id
        started = time.perf_counter()
        status = 500
        path = scope.get("path")  # as the client sent it: Litestar strips the trailing slash in place
        method = scope.get("method")

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (REQUEST_ID_HEADER, request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            self.log.info(
                "request",
                request_id=request_id,
                user_id=state.get("user_id"),
                method=method,
                path=path,
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
            )


def report_insecure(settings: Settings) -> None:
    """One warning line at start-up naming what is unsafe in the settings; nothing when all is fine."""
    problems = insecure_settings(settings)
    if problems:
        structlog.get_logger("edutrack.settings").warning(
            "insecure settings: " + "; ".join(problems), environment=settings.environment
        )


def litestar_logging_config(settings: Settings) -> LoggingConfig:
    """Litestar's own logger propagates to the root handler (``configure_logging``) instead of getting a
    plain-text handler of its own, and the root logger is left alone."""
    return LoggingConfig(
        configure_root_logger=False,
        loggers={"litestar": {"level": settings.log_level, "handlers": [], "propagate": True}},
    )
