from __future__ import annotations

import pytest

from edutrack.settings import DEV_SECRET, Settings, SettingsError


def test_defaults_run_on_sqlite_with_a_development_secret() -> None:
    settings = Settings.from_env({})
    assert settings.is_sqlite
    assert settings.secret_key == DEV_SECRET
    assert settings.time_zone == "Africa/Cairo"


def test_production_refuses_to_start_without_a_secret() -> None:
    with pytest.raises(SettingsError, match="EDUTRACK_SECRET_KEY"):
        Settings.from_env({"EDUTRACK_ENV": "production"})
    with pytest.raises(SettingsError, match="at least 32"):
        Settings.from_env({"EDUTRACK_ENV": "production", "EDUTRACK_SECRET_KEY": "short"})


def test_production_refuses_the_fast_hashing_profile() -> None:
    with pytest.raises(SettingsError, match="PASSWORD_HASHING"):
        Settings.from_env(
            {
                "EDUTRACK_ENV": "production",
                "EDUTRACK_SECRET_KEY": "x" * 40,
                "EDUTRACK_PASSWORD_HASHING": "fast",
            }
        )


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"EDUTRACK_TIME_ZONE": "Mars/Olympus"}, "EDUTRACK_TIME_ZONE"),
        ({"EDUTRACK_DATABASE_URL": "mysql://x"}, "EDUTRACK_DATABASE_URL"),
        ({"EDUTRACK_DB_POOL_SIZE": "many"}, "EDUTRACK_DB_POOL_SIZE"),
        ({"EDUTRACK_COOKIE_SECURE": "maybe"}, "EDUTRACK_COOKIE_SECURE"),
        ({"EDUTRACK_ENV": "staging"}, "EDUTRACK_ENV"),
        ({"EDUTRACK_FORWARDED_ALLOW_IPS": "proxy.local"}, "EDUTRACK_FORWARDED_ALLOW_IPS"),
        ({"EDUTRACK_DB_POOL_TIMEOUT": "soon"}, "EDUTRACK_DB_POOL_TIMEOUT"),
        ({"EDUTRACK_DB_POOL_TIMEOUT": "0"}, "EDUTRACK_DB_POOL_TIMEOUT"),
        ({"EDUTRACK_DB_POOL_TIMEOUT": "nan"}, "EDUTRACK_DB_POOL_TIMEOUT"),
        ({"EDUTRACK_FORWARDED_ALLOW_IPS": "10.0.0.1,300.1.1.1"}, "EDUTRACK_FORWARDED_ALLOW_IPS"),
        ({"EDUTRACK_FORWARDED_ALLOW_IPS": "10.0.0.1/8"}, "EDUTRACK_FORWARDED_ALLOW_IPS"),
        ({"EDUTRACK_FORWARDED_ALLOW_IPS": "10.0.0.1,*"}, "EDUTRACK_FORWARDED_ALLOW_IPS"),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], name: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env(env)


def test_plain_postgres_urls_get_the_asyncpg_driver() -> None:
    settings = Settings.from_env({"EDUTRACK_DATABASE_URL": "postgresql://u@h/db"})
    assert settings.database_url == "postgresql+asyncpg://u@h/db"
    assert not settings.is_sqlite


def test_forwarded_headers_are_trusted_from_nobody_by_default() -> None:
    assert Settings.from_env({}).forwarded_allow_ips == ()
    settings = Settings.from_env({"EDUTRACK_FORWARDED_ALLOW_IPS": " 127.0.0.1, 10.0.0.0/8 ,::1,"})
    assert settings.forwarded_allow_ips == ("127.0.0.1", "10.0.0.0/8", "::1")
    assert Settings.from_env({"EDUTRACK_FORWARDED_ALLOW_IPS": "*"}).forwarded_allow_ips == ("*",)


def test_the_pool_timeout_defaults_to_two_seconds() -> None:
    assert Settings.from_env({}).db_pool_timeout == 2.0
    assert Settings.from_env({"EDUTRACK_DB_POOL_TIMEOUT": "0.5"}).db_pool_timeout == 0.5
