"""``EDUTRACK_CORS_ORIGINS``: explicit origins only, written as a browser writes its Origin header."""

from __future__ import annotations

import pytest

from edutrack.settings import Settings, SettingsError

NAME = "EDUTRACK_CORS_ORIGINS"


def test_no_origin_by_default() -> None:
    assert Settings.from_env({}).cors_origins == ()


def test_origins_are_normalised_as_browsers_send_them() -> None:
    raw = " http://localhost:3000 , HTTPS://App.Example.com:443/, http://[::1]:3000,http://localhost:3000"
    assert Settings.from_env({NAME: raw}).cors_origins == (
        "http://localhost:3000",
        "https://app.example.com",
        "http://[::1]:3000",
    )


@pytest.mark.parametrize("raw", ["*", "https://*.example.com", "http://localhost:3000,*"])
def test_a_wildcard_is_refused_because_credentials_are_allowed(raw: str) -> None:
    with pytest.raises(SettingsError, match=f"{NAME}.*no wildcard"):
        Settings.from_env({NAME: raw})


@pytest.mark.parametrize(
    "raw",
    [
        "localhost:3000",  # no scheme
        "ftp://example.com",
        "http://example.com/app",  # a path
        "http://example.com/?next=1",
        "http://example.com#top",
        "http://user:secret@example.com",
        "http://example.com:99999",
        "http://:3000",
        "null",
    ],
)
def test_anything_but_scheme_host_and_port_is_refused(raw: str) -> None:
    with pytest.raises(SettingsError, match=f"{NAME}: .* must be an origin"):
        Settings.from_env({NAME: raw})
