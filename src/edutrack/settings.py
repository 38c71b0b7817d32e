"""Settings read from ``EDUTRACK_*`` environment variables and validated once at start-up.

Only the standard library is used, so the CLI can report a bad setting before anything heavy loads.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEV_SECRET = "edutrack-development-secret-do-not-use-in-production"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./edutrack.db"
DEFAULT_MAIL_FROM = "EduTrack <no-reply@edutrack.local>"
READ_URL_NEEDS_POSTGRESQL = (
    "EDUTRACK_DATABASE_READ_URL (a read replica) needs PostgreSQL, but EDUTRACK_DATABASE_URL is SQLite: "
    "unset EDUTRACK_DATABASE_READ_URL or move to PostgreSQL"
)


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def _int(name: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _proxies(name: str, raw: str) -> tuple[str, ...]:
    """Comma-separated IP addresses or networks (``10.0.0.0/8``), or ``*`` alone for any address."""
    entries = tuple(entry.strip() for entry in raw.split(",") if entry.strip())
    if entries == ("*",):
        return entries
    for entry in entries:
        try:
            ipaddress.ip_network(entry) if "/" in entry else ipaddress.ip_address(entry)
        except ValueError:
            raise SettingsError(
                f"{name} must be comma-separated IP addresses or networks, or * alone, got {entry!r}"
            ) from None
    return entries


def _cors_origins(name: str, raw: str) -> tuple[str, ...]:
    """Comma-separated explicit origins (``scheme://host[:port]``), as a browser writes its Origin header:
    lower case, default port dropped. No wildcard: the CORS answers allow credentials (cookies)."""
    origins: list[str] = []
    for entry in (e.strip() for e in raw.split(",") if e.strip()):
        problem = f"{name}: {entry!r} must be an origin like http://localhost:3000 (scheme, host[:port])"
        if "*" in entry:
            raise SettingsError(f"{name}: {entry!r}: no wildcard, credentials are allowed; list each origin")
        try:
            parts = urlsplit(entry.removesuffix("/"))
            port = parts.port
        except ValueError:
            raise SettingsError(problem) from None
        if (
            parts.scheme.lower() not in {"http", "https"}
            or not parts.hostname
            or parts.username is not None
            or parts.password is not None
            or parts.path
            or parts.query
            or parts.fragment
            or entry.endswith("?")  # urlsplit drops an empty query or fragment
            or entry.endswith("#")
        ):
            raise SettingsError(problem)
        scheme = parts.scheme.lower()
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        default_port = {"http": 80, "https": 443}[scheme]
        origin = f"{scheme}://{host}" + (f":{port}" if port is not None and port != default_port else "")
        if origin not in origins:
            origins.append(origin)
    return tuple(origins)


@dataclass(frozen=True, slots=True)
class Settings:
    environment: str = "development"
    database_url: str = DEFAULT_DATABASE_URL
    # a PostgreSQL read replica for lists, dashboards, analytics and exports (ADR 0015); empty: none
    database_read_url: str = ""
    secret_key: str = DEV_SECRET
    time_zone: str = "Africa/Cairo"
    media_dir: Path = Path("media")
    cookie_secure: bool = False
    trusted_origins: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()  # a frontend on another origin (CORS with credentials; CSRF-trusted)
    forwarded_allow_ips: tuple[str, ...] = ()  # proxies whose X-Forwarded-For/-Proto count; none by default
    access_token_minutes: int = 15
    refresh_token_days: int = 7
    password_hashing: str = "argon2id"  # "fast" is a cheap argon2id profile, refused in production
    db_pool_size: int = 5
    db_max_overflow: int = 5
    db_pool_timeout: float = 2.0  # seconds a request may wait for connections in all, then 503
    db_echo: bool = False
    log_level: str = "INFO"
    log_json: bool = True
    # "inline": the web processes run the periodic jobs themselves; "queue": `edutrack worker` processes do,
    # through the PostgreSQL job queue (docs/adr/0009-background-jobs.md). Empty: by the database.
    jobs: str = ""
    # mail (issue 14): "console" logs each mail, "file" writes one .eml file per mail under mail_dir,
    # "smtp" sends through the SMTP server below
    mail_backend: str = "console"
    mail_dir: Path = Path("mail")
    mail_from: str = DEFAULT_MAIL_FROM
    smtp_host: str = "localhost"
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    # object storage (issue 15): "local" keeps uploads under media_dir; "s3" puts them in an S3-compatible
    # bucket (AWS, MinIO, R2, ...): docs/adr/0011-object-storage.md
    storage: str = "local"
    s3_bucket: str = ""
    s3_endpoint: str = ""  # empty: AWS itself; else the S3-compatible server's URL
    s3_region: str = "us-east-1"
    s3_access_key_id: str = ""  # empty (both): the AWS_* variables or the instance's role
    s3_secret_access_key: str = ""
    s3_prefix: str = ""  # key prefix inside the bucket ("edutrack/"), so one bucket can hold several sites
    s3_public_url: str = ""  # base URL serving <prefix>public/ (bucket or CDN); empty: /media/ via the API
    s3_downloads: str = (
        "stream"  # material downloads: "stream" through the API, or "redirect" to a signed URL
    )
    s3_signed_url_seconds: int = 300
    # operations (issue 15): /metrics (open unless a token is set), SQLite in production only on purpose
    metrics_enabled: bool = True
    metrics_token: str = ""
    allow_sqlite_in_production: bool = False

    def __post_init__(self) -> None:
        if self.database_read_url and self.is_sqlite:
            raise SettingsError(READ_URL_NEEDS_POSTGRESQL)
        if not self.jobs:
            object.__setattr__(self, "jobs", "inline" if self.is_sqlite else "queue")

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read and validate the ``EDUTRACK_*`` variables; raise SettingsError with a clear message."""
        env = dict(os.environ if env is None else env)
        get = env.get
        environment = get("EDUTRACK_ENV", "development").strip().lower()
        if environment not in {"development", "production", "test"}:
            raise SettingsError(f"EDUTRACK_ENV must be development, production or test, got {environment!r}")
        database_url = _database_url(get("EDUTRACK_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL)
        if not database_url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise SettingsError(
                "EDUTRACK_DATABASE_URL must be a sqlite+aiosqlite:// or postgresql+asyncpg:// URL"
            )
        read_url = _read_url(database_url, get("EDUTRACK_DATABASE_READ_URL", "").strip())
        secret = get("EDUTRACK_SECRET_KEY", "")
        if not secret:
            if environment == "production":
                raise SettingsError("EDUTRACK_SECRET_KEY must be set when EDUTRACK_ENV=production")
            secret = DEV_SECRET
        elif environment == "production" and len(secret) < 32:
            raise SettingsError("EDUTRACK_SECRET_KEY must be at least 32 characters in production")
        time_zone = get("EDUTRACK_TIME_ZONE", "Africa/Cairo")
        try:
            ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(f"EDUTRACK_TIME_ZONE is not a known time zone: {time_zone!r}") from None
        hashing = get("EDUTRACK_PASSWORD_HASHING", "argon2id").strip().lower()
        if hashing not in {"argon2id", "fast"}:
            raise SettingsError("EDUTRACK_PASSWORD_HASHING must be argon2id or fast")
        if hashing == "fast" and environment == "production":
            raise SettingsError("EDUTRACK_PASSWORD_HASHING=fast is for tests only, not production")
        origins = tuple(
            o.strip().rstrip("/") for o in get("EDUTRACK_TRUSTED_ORIGINS", "").split(",") if o.strip()
        )
        log_level = get("EDUTRACK_LOG_LEVEL", "INFO").upper()
        if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise SettingsError("EDUTRACK_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
        try:
            pool_timeout = float(get("EDUTRACK_DB_POOL_TIMEOUT", "2"))
        except ValueError:
            raise SettingsError("EDUTRACK_DB_POOL_TIMEOUT must be a number of seconds") from None
        if not 0.1 <= pool_timeout <= 60:  # also refuses nan and inf
            raise SettingsError(
                f"EDUTRACK_DB_POOL_TIMEOUT must be between 0.1 and 60 seconds, got {pool_timeout}"
            )
        jobs = get("EDUTRACK_JOBS", "").strip().lower()
        if jobs not in {"", "inline", "queue"}:
            raise SettingsError(f"EDUTRACK_JOBS must be inline or queue, got {jobs!r}")
        if jobs == "queue" and database_url.startswith("sqlite"):
            raise SettingsError("EDUTRACK_JOBS=queue needs PostgreSQL; on SQLite jobs run inline")
        mail_backend = get("EDUTRACK_MAIL_BACKEND", "console").strip().lower()
        if mail_backend not in {"console", "file", "smtp"}:
            raise SettingsError(f"EDUTRACK_MAIL_BACKEND must be console, file or smtp, got {mail_backend!r}")
        operations = _operations(environment, database_url, get)
        return cls(
            **operations,
            environment=environment,
            database_url=database_url,
            database_read_url=read_url,
            secret_key=secret,
            time_zone=time_zone,
            media_dir=Path(get("EDUTRACK_MEDIA_DIR", "media")),
            cookie_secure=_bool("EDUTRACK_COOKIE_SECURE", get("EDUTRACK_COOKIE_SECURE", "false")),
            trusted_origins=origins,
            cors_origins=_cors_origins("EDUTRACK_CORS_ORIGINS", get("EDUTRACK_CORS_ORIGINS", "")),
            forwarded_allow_ips=_proxies(
                "EDUTRACK_FORWARDED_ALLOW_IPS", get("EDUTRACK_FORWARDED_ALLOW_IPS", "")
            ),
            access_token_minutes=_int(
                "EDUTRACK_ACCESS_TOKEN_MINUTES", get("EDUTRACK_ACCESS_TOKEN_MINUTES", "15"), 1, 1440
            ),
            refresh_token_days=_int(
                "EDUTRACK_REFRESH_TOKEN_DAYS", get("EDUTRACK_REFRESH_TOKEN_DAYS", "7"), 1, 90
            ),
            password_hashing=hashing,
            db_pool_size=_int("EDUTRACK_DB_POOL_SIZE", get("EDUTRACK_DB_POOL_SIZE", "5"), 1, 100),
            db_max_overflow=_int("EDUTRACK_DB_MAX_OVERFLOW", get("EDUTRACK_DB_MAX_OVERFLOW", "5"), 0, 100),
            db_pool_timeout=pool_timeout,
            db_echo=_bool("EDUTRACK_DB_ECHO", get("EDUTRACK_DB_ECHO", "false")),
            log_level=log_level,
            log_json=_bool("EDUTRACK_LOG_JSON", get("EDUTRACK_LOG_JSON", "true")),
            jobs=jobs,
            mail_backend=mail_backend,
            mail_dir=Path(get("EDUTRACK_MAIL_DIR", "mail")),
            mail_from=get("EDUTRACK_MAIL_FROM", "").strip() or DEFAULT_MAIL_FROM,
            smtp_host=get("EDUTRACK_SMTP_HOST", "localhost").strip(),
            smtp_port=_int("EDUTRACK_SMTP_PORT", get("EDUTRACK_SMTP_PORT", "587"), 1, 65535),
            smtp_username=get("EDUTRACK_SMTP_USERNAME", ""),
            smtp_password=get("EDUTRACK_SMTP_PASSWORD", ""),
            smtp_starttls=_bool("EDUTRACK_SMTP_STARTTLS", get("EDUTRACK_SMTP_STARTTLS", "true")),
            **_storage(env),
        )


def _database_url(url: str) -> str:
    """``postgres://`` and ``postgresql://`` (what hosting providers hand out) mean asyncpg."""
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    return url


def _read_url(database_url: str, raw: str) -> str:
    """EDUTRACK_DATABASE_READ_URL: a PostgreSQL read replica of EDUTRACK_DATABASE_URL, or empty (none)."""
    if not raw:
        return ""
    if database_url.startswith("sqlite"):  # refused here too, before the URL's own form is judged
        raise SettingsError(READ_URL_NEEDS_POSTGRESQL)
    read_url = _database_url(raw)
    if not read_url.startswith("postgresql+asyncpg://"):
        raise SettingsError("EDUTRACK_DATABASE_READ_URL must be a postgresql+asyncpg:// or postgresql:// URL")
    return read_url


def _http_url(name: str, raw: str) -> str:
    url = raw.strip().rstrip("/")
    if url and not (url.startswith(("http://", "https://")) and len(url.split("://", 1)[1]) > 0):
        raise SettingsError(f"{name} must be an http:// or https:// URL, got {raw!r}")
    return url


def _storage(env: dict[str, str]) -> dict[str, object]:
    """The object-storage settings (issue 15): EDUTRACK_STORAGE=local (default) or s3 and the bucket."""
    get = env.get
    storage = get("EDUTRACK_STORAGE", "local").strip().lower()
    if storage not in {"local", "s3"}:
        raise SettingsError(f"EDUTRACK_STORAGE must be local or s3, got {storage!r}")
    bucket = get("EDUTRACK_S3_BUCKET", "").strip()
    if storage == "s3" and not bucket:
        raise SettingsError("EDUTRACK_STORAGE=s3 needs EDUTRACK_S3_BUCKET")
    key_id = get("EDUTRACK_S3_ACCESS_KEY_ID", "").strip()
    secret = get("EDUTRACK_S3_SECRET_ACCESS_KEY", "").strip()
    if bool(key_id) != bool(secret):
        raise SettingsError(
            "EDUTRACK_S3_ACCESS_KEY_ID and EDUTRACK_S3_SECRET_ACCESS_KEY are set together or not at all"
        )
    prefix = get("EDUTRACK_S3_PREFIX", "").strip().strip("/")
    if prefix and any(part in {"", ".", ".."} for part in prefix.split("/")):
        raise SettingsError(f"EDUTRACK_S3_PREFIX must be a plain key prefix such as edutrack, got {prefix!r}")
    downloads = get("EDUTRACK_S3_DOWNLOADS", "stream").strip().lower()
    if downloads not in {"stream", "redirect"}:
        raise SettingsError(f"EDUTRACK_S3_DOWNLOADS must be stream or redirect, got {downloads!r}")
    return {
        "storage": storage,
        "s3_bucket": bucket,
        "s3_endpoint": _http_url("EDUTRACK_S3_ENDPOINT", get("EDUTRACK_S3_ENDPOINT", "")),
        "s3_region": get("EDUTRACK_S3_REGION", "").strip() or "us-east-1",
        "s3_access_key_id": key_id,
        "s3_secret_access_key": secret,
        "s3_prefix": f"{prefix}/" if prefix else "",
        "s3_public_url": _http_url("EDUTRACK_S3_PUBLIC_URL", get("EDUTRACK_S3_PUBLIC_URL", "")),
        "s3_downloads": downloads,
        "s3_signed_url_seconds": _int(
            "EDUTRACK_S3_SIGNED_URL_SECONDS", get("EDUTRACK_S3_SIGNED_URL_SECONDS", "300"), 10, 3600
        ),
    }


# --- operations (issue 15) --------------------------------------------------------------------------


def _operations(environment: str, database_url: str, get: Any) -> dict[str, Any]:
    """The metrics and production-safety settings; SQLite in production only when explicitly allowed."""
    allow_sqlite = _bool(
        "EDUTRACK_ALLOW_SQLITE_IN_PRODUCTION", get("EDUTRACK_ALLOW_SQLITE_IN_PRODUCTION", "false")
    )
    if environment == "production" and database_url.startswith("sqlite") and not allow_sqlite:
        raise SettingsError(
            "EDUTRACK_DATABASE_URL is SQLite while EDUTRACK_ENV=production: use PostgreSQL, or set "
            "EDUTRACK_ALLOW_SQLITE_IN_PRODUCTION=true to accept a single-host database"
        )
    return {
        "metrics_enabled": _bool("EDUTRACK_METRICS_ENABLED", get("EDUTRACK_METRICS_ENABLED", "true")),
        "metrics_token": get("EDUTRACK_METRICS_TOKEN", "").strip(),
        "allow_sqlite_in_production": allow_sqlite,
    }


def insecure_settings(settings: Settings) -> list[str]:
    """What is unsafe in ``settings``, in a fixed order; empty when all is fine. ``test`` reports nothing
    (its settings are cheap on purpose); ``development`` the secret and the hashing; ``production`` also
    what only matters on a public host."""
    found: list[str] = []
    if settings.environment == "test":
        return found
    if settings.secret_key == DEV_SECRET:
        found.append("the development secret key (set EDUTRACK_SECRET_KEY)")
    if settings.password_hashing == "fast":
        found.append("fast password hashing (EDUTRACK_PASSWORD_HASHING=fast)")
    if not settings.is_production:
        return found
    if not settings.cookie_secure:
        found.append("cookies without Secure (EDUTRACK_COOKIE_SECURE=false)")
    if settings.is_sqlite:
        found.append("SQLite (EDUTRACK_ALLOW_SQLITE_IN_PRODUCTION=true)")
    plain = [o for o in settings.trusted_origins if o.startswith("http://")]
    if plain:
        found.append("http:// trusted origins (" + ", ".join(plain) + ")")
    plain_cors = [o for o in settings.cors_origins if o.startswith("http://")]
    if plain_cors:
        found.append("http:// CORS origins (" + ", ".join(plain_cors) + ")")
    if "*" in settings.forwarded_allow_ips:
        found.append("X-Forwarded-* believed from any address (EDUTRACK_FORWARDED_ALLOW_IPS=*)")
    return found
