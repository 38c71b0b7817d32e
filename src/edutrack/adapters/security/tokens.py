from __future__ import annotations

from datetime import datetime, timedelta

import jwt

from edutrack.ports.security import AccessClaims, RefreshClaims

ALGORITHM = "HS256"
VERIFIED_KEPT = 4096  # tokens whose signature check is remembered (about 2 MB at most)


class JwtCodec:
    """HS256 JWTs. Access tokens carry the user id and role; refresh tokens a ``jti`` and a family id."""

    def __init__(self, secret: str, access_ttl: timedelta) -> None:
        self._secret = secret
        self._access_ttl = access_ttl
        # token -> its verified claims: every request of a session repeats the same access token, and
        # checking its signature costs more than the request's SQL. Only the signature check is cached:
        # the type and expiry are checked on every use; the holder is still loaded on every request.
        self._verified: dict[str, dict] = {}

    def issue_access(self, user_id: int, role: str, now: datetime) -> str:
        payload = {
            "sub": str(user_id),
            "role": role,
            "type": "access",
            "iat": int(now.timestamp()),
            "exp": int((now + self._access_ttl).timestamp()),
        }
        return jwt.encode(payload, self._secret, algorithm=ALGORITHM)

    def issue_refresh(
        self, user_id: int, jti: str, family_id: str, now: datetime, expires_at: datetime
    ) -> str:
        # Deterministic on purpose (fixed claims and order, HS256): the refresh grace window hands back a
        # successor by re-signing it from its row (core/use_cases/auth/refresh.py).
        payload = {
            "sub": str(user_id),
            "type": "refresh",
            "jti": jti,
            "fam": family_id,
            "iat": int(now.timestamp()),
            "exp": int(expires_at.timestamp()),
        }
        return jwt.encode(payload, self._secret, algorithm=ALGORITHM)

    def _decode(self, token: str, kind: str, now: datetime) -> dict | None:
        if not token or len(token) > 4096:
            return None
        payload = self._verified.get(token)
        if payload is None:
            try:
                payload = jwt.decode(
                    token,
                    self._secret,
                    algorithms=[ALGORITHM],
                    options={"require": ["sub", "exp", "iat", "type"], "verify_exp": False},
                )
            except jwt.PyJWTError:
                return None
            if len(self._verified) >= VERIFIED_KEPT:
                self._verified.clear()
            self._verified[token] = payload
        if payload.get("type") != kind or int(payload["exp"]) <= int(now.timestamp()):
            return None
        try:
            int(payload["sub"])
        except (TypeError, ValueError):
            return None
        return payload

    def decode_access(self, token: str, now: datetime) -> AccessClaims | None:
        payload = self._decode(token, "access", now)
        if payload is None:
            return None
        return AccessClaims(
            user_id=int(payload["sub"]), issued_at=datetime.fromtimestamp(payload["iat"], now.tzinfo)
        )

    def decode_refresh(self, token: str, now: datetime) -> RefreshClaims | None:
        payload = self._decode(token, "refresh", now)
        if (
            payload is None
            or not isinstance(payload.get("jti"), str)
            or not isinstance(payload.get("fam"), str)
        ):
            return None
        return RefreshClaims(user_id=int(payload["sub"]), jti=payload["jti"], family_id=payload["fam"])
