"""The investor's link: a random token, of which only a digest is kept."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits
# The longest token a link may carry; longer ones are not hashed (they cannot be ours).
TOKEN_MAX_LENGTH = 100


def token_new() -> tuple[str, str]:
    """A new token for a link and the digest to store."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    """SHA-256 of the token, hex. Any text gets a digest of the same length, so that a
    lookup costs the same whether the token is ours, was ours, or never was."""
    return hashlib.sha256(token[:TOKEN_MAX_LENGTH].encode("utf-8", "replace")).hexdigest()
