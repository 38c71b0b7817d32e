"""EDUTRACK_STORAGE and the EDUTRACK_S3_* settings: local disk by default, a bucket when asked, and the
wiring each choice gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from edutrack.adapters.storage.local import LocalMediaStorage
from edutrack.adapters.storage.private import LocalPrivateFiles
from edutrack.adapters.storage.s3 import S3MediaStorage, S3PrivateFiles
from edutrack.composition.container import build_storage
from edutrack.settings import Settings, SettingsError

S3 = {"EDUTRACK_STORAGE": "s3", "EDUTRACK_S3_BUCKET": "uploads"}


def test_local_disk_is_the_default() -> None:
    settings = Settings.from_env({"EDUTRACK_MEDIA_DIR": "/srv/media"})
    assert (settings.storage, settings.s3_downloads) == ("local", "stream")
    media, private = build_storage(settings)
    assert isinstance(media, LocalMediaStorage) and media.root == Path("/srv/media/public")
    assert isinstance(private, LocalPrivateFiles) and private.root == Path("/srv/media/private")


def test_a_bucket_is_read_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            **S3,
            "EDUTRACK_S3_ENDPOINT": "http://minio:9000/",
            "EDUTRACK_S3_REGION": "eu-central-1",
            "EDUTRACK_S3_ACCESS_KEY_ID": "key",
            "EDUTRACK_S3_SECRET_ACCESS_KEY": "secret",
            "EDUTRACK_S3_PREFIX": "/edutrack/",
            "EDUTRACK_S3_PUBLIC_URL": "https://cdn.example.com/edutrack/public/",
            "EDUTRACK_S3_DOWNLOADS": "Redirect",
            "EDUTRACK_S3_SIGNED_URL_SECONDS": "60",
        }
    )
    assert (settings.storage, settings.s3_bucket, settings.s3_endpoint) == (
        "s3",
        "uploads",
        "http://minio:9000",
    )
    assert (settings.s3_region, settings.s3_access_key_id, settings.s3_secret_access_key) == (
        "eu-central-1",
        "key",
        "secret",
    )
    assert (settings.s3_prefix, settings.s3_public_url) == (
        "edutrack/",
        "https://cdn.example.com/edutrack/public",
    )
    assert (settings.s3_downloads, settings.s3_signed_url_seconds) == ("redirect", 60)
    media, private = build_storage(settings)
    assert isinstance(media, S3MediaStorage) and isinstance(private, S3PrivateFiles)
    assert media.url_path("teachers/a.png") == "https://cdn.example.com/edutrack/public/teachers/a.png"


@pytest.mark.parametrize(
    "env, message",
    [
        ({"EDUTRACK_STORAGE": "ftp"}, "EDUTRACK_STORAGE must be local or s3"),
        ({"EDUTRACK_STORAGE": "s3"}, "EDUTRACK_STORAGE=s3 needs EDUTRACK_S3_BUCKET"),
        ({**S3, "EDUTRACK_S3_ACCESS_KEY_ID": "key"}, "set together or not at all"),
        ({**S3, "EDUTRACK_S3_SECRET_ACCESS_KEY": "secret"}, "set together or not at all"),
        ({**S3, "EDUTRACK_S3_ENDPOINT": "minio:9000"}, "EDUTRACK_S3_ENDPOINT must be an http"),
        ({**S3, "EDUTRACK_S3_PUBLIC_URL": "ftp://cdn"}, "EDUTRACK_S3_PUBLIC_URL must be an http"),
        ({**S3, "EDUTRACK_S3_PREFIX": "a/../b"}, "EDUTRACK_S3_PREFIX must be a plain key prefix"),
        ({**S3, "EDUTRACK_S3_DOWNLOADS": "proxy"}, "EDUTRACK_S3_DOWNLOADS must be stream or redirect"),
        ({**S3, "EDUTRACK_S3_SIGNED_URL_SECONDS": "86400"}, "EDUTRACK_S3_SIGNED_URL_SECONDS must be between"),
    ],
)
def test_bad_storage_settings_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)
