"""OAuth2 client credentials (API_SUPPLEMENT §11): random secrets and tokens, kept only as SHA-256
digests. They are 256-bit random values, not passwords, so a fast digest is enough: nobody can guess the
preimage of a digest of 256 random bits, and the token check stays one indexed lookup."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32


def new_client_id() -> str:
    return secrets.token_hex(16)


def new_secret() -> str:
    """A client secret or an access token: 256 random bits, URL-safe text."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def same_secret(secret: str, secret_hash: str) -> bool:
    """Constant-time comparison of a presented secret with the stored digest."""
    return secrets.compare_digest(digest(secret), secret_hash)
