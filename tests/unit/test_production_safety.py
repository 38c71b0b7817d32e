"""Production safety in the settings: SQLite only when allowed, and the one start-up line naming what is
insecure (``insecure_settings``)."""

from __future__ import annotations

import pytest

from edutrack.settings import DEV_SECRET, Settings, SettingsError, insecure_settings

SECRET = "s" * 40
PG = "postgresql+asyncpg://edutrack@db/edutrack"


def production(**overrides: object) -> Settings:
    fields: dict[str, object] = {
        "environment": "production",
        "database_url": PG,
        "secret_key": SECRET,
        "cookie_secure": True,
        "trusted_origins": ("https://app.example.eg",),
        "forwarded_allow_ips": ("10.0.0.0/8",),
    }
    return Settings(**{**fields, **overrides})  # type: ignore[arg-type]


def test_production_refuses_sqlite_unless_allowed() -> None:
    env = {"EDUTRACK_ENV": "production", "EDUTRACK_SECRET_KEY": SECRET}
    with pytest.raises(SettingsError, match="EDUTRACK_ALLOW_SQLITE_IN_PRODUCTION"):
        Settings.from_env(env)
    allowed = Settings.from_env({**env, "EDUTRACK_ALLOW_SQLITE_IN_PRODUCTION": "true"})
    assert allowed.is_sqlite and allowed.allow_sqlite_in_production
    assert Settings.from_env({**env, "EDUTRACK_DATABASE_URL": PG}).database_url == PG
    assert Settings.from_env({}).is_sqlite  # development keeps its SQLite default


def test_metrics_settings() -> None:
    assert (Settings.from_env({}).metrics_enabled, Settings.from_env({}).metrics_token) == (True, "")
    chosen = Settings.from_env({"EDUTRACK_METRICS_ENABLED": "false", "EDUTRACK_METRICS_TOKEN": " t0k "})
    assert (chosen.metrics_enabled, chosen.metrics_token) == (False, "t0k")
    with pytest.raises(SettingsError, match="EDUTRACK_METRICS_ENABLED"):
        Settings.from_env({"EDUTRACK_METRICS_ENABLED": "sometimes"})


def test_a_safe_production_configuration_reports_nothing() -> None:
    assert insecure_settings(production()) == []


def test_each_unsafe_production_setting_is_named() -> None:
    unsafe = production(
        secret_key=DEV_SECRET,
        cookie_secure=False,
        database_url="sqlite+aiosqlite:///./edutrack.db",
        trusted_origins=("https://app.example.eg", "http://app.example.eg"),
        forwarded_allow_ips=("*",),
    )
    assert insecure_settings(unsafe) == [
        "the development secret key (set EDUTRACK_SECRET_KEY)",
        "cookies without Secure (EDUTRACK_COOKIE_SECURE=false)",
        "SQLite (EDUTRACK_ALLOW_SQLITE_IN_PRODUCTION=true)",
        "http:// trusted origins (http://app.example.eg)",
        "X-Forwarded-* believed from any address (EDUTRACK_FORWARDED_ALLOW_IPS=*)",
    ]


def test_development_hears_about_the_secret_and_hashing_only_and_test_hears_nothing() -> None:
    development = Settings(environment="development", password_hashing="fast", forwarded_allow_ips=("*",))
    assert insecure_settings(development) == [
        "the development secret key (set EDUTRACK_SECRET_KEY)",
        "fast password hashing (EDUTRACK_PASSWORD_HASHING=fast)",
    ]
    assert insecure_settings(Settings(environment="development", secret_key=SECRET)) == []
    assert insecure_settings(Settings(environment="test", password_hashing="fast")) == []


def test_app_creation_logs_one_line_naming_the_problems(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from edutrack.composition import build_container
    from edutrack.entrypoints.http.app import create_app

    unsafe = production(cookie_secure=False, forwarded_allow_ips=("*",))
    create_app(unsafe, build_container(unsafe, backend="memory"))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    warnings = [line for line in lines if line["event"].startswith("insecure settings")]
    assert [w["event"] for w in warnings] == [
        "insecure settings: cookies without Secure (EDUTRACK_COOKIE_SECURE=false); "
        "X-Forwarded-* believed from any address (EDUTRACK_FORWARDED_ALLOW_IPS=*)"
    ]
    create_app(production(), build_container(production(), backend="memory"))
    assert "insecure settings" not in capsys.readouterr().out
