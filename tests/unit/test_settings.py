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
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], name: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env(env)


def test_plain_postgres_urls_get_the_asyncpg_driver() -> None:
    settings = Settings.from_env({"EDUTRACK_DATABASE_URL": "postgresql://u@h/db"})
    assert settings.database_url == "postgresql+asyncpg://u@h/db"
    assert not settings.is_sqlite
