"""Refresh-token rotation (API_SUPPLEMENT §3, RFC 9700 §4.14.2): a grace window for parallel refreshes."""

from __future__ import annotations

from datetime import timedelta

# A refresh token presented again this soon after its rotation (several tabs, a retried request) gets
# the same successor and revokes nothing; later it is reuse and the family is revoked. At most 10 s.
REFRESH_GRACE = timedelta(seconds=10)
