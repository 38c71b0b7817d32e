"""The JWT codec (adapters/security/tokens.py): what it accepts, and that remembering verified tokens
(ADR 0017) changes none of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from edutrack.adapters.security.tokens import VERIFIED_KEPT, JwtCodec

NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=1)  # PyJWT refuses an iat to come
SECRET = "s" * 64


def test_a_remembered_token_still_expires_on_time() -> None:
    codec = JwtCodec(SECRET, timedelta(minutes=5))
    token = codec.issue_access(7, "student", NOW)
    assert codec.decode_access(token, NOW + timedelta(minutes=1)).user_id == 7  # type: ignore[union-attr]
    assert codec.decode_access(token, NOW + timedelta(minutes=4, seconds=59)) is not None
    assert codec.decode_access(token, NOW + timedelta(minutes=5)) is None


def test_a_remembered_token_is_still_only_an_access_token() -> None:
    codec = JwtCodec(SECRET, timedelta(minutes=5))
    refresh = codec.issue_refresh(7, "jti", "family", NOW, NOW + timedelta(days=1))
    assert codec.decode_refresh(refresh, NOW) is not None  # now remembered
    assert codec.decode_access(refresh, NOW) is None
    access = codec.issue_access(7, "student", NOW)
    assert codec.decode_access(access, NOW) is not None
    assert codec.decode_refresh(access, NOW) is None


def test_a_token_signed_with_another_secret_or_altered_is_refused_every_time() -> None:
    codec = JwtCodec(SECRET, timedelta(minutes=5))
    foreign = JwtCodec("t" * 64, timedelta(minutes=5)).issue_access(7, "student", NOW)
    good = codec.issue_access(7, "student", NOW)
    assert codec.decode_access(good, NOW) is not None
    altered = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    for _ in range(2):
        assert codec.decode_access(foreign, NOW) is None
        assert codec.decode_access(altered, NOW) is None


def test_the_memo_is_bounded() -> None:
    codec = JwtCodec(SECRET, timedelta(minutes=5))
    tokens = [codec.issue_access(i, "student", NOW) for i in range(1, VERIFIED_KEPT + 10)]
    assert all(codec.decode_access(t, NOW) is not None for t in tokens)
    assert len(codec._verified) <= VERIFIED_KEPT
    assert codec.decode_access(tokens[0], NOW).user_id == 1  # type: ignore[union-attr]
