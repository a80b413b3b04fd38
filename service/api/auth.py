"""Optional API-key authentication for the ``/v1`` endpoints (health and metrics stay open)."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from flask import request

from service.config import Settings
from service.contract import ProblemError


def load_keys(settings: Settings) -> tuple[bytes, ...]:
    """SHA-256 digests of the configured keys: from ``api_keys`` (comma-separated) and from
    ``api_keys_file`` (one per line, ``#`` comments). Digests have one length, so comparing them
    takes the same time whatever the key."""
    keys = [k.strip() for k in settings.api_keys.split(",")]
    if settings.api_keys_file:
        for line in Path(settings.api_keys_file).read_text(encoding="utf-8").splitlines():
            keys.append(line.split("#", 1)[0].strip())
    return tuple(hashlib.sha256(k.encode()).digest() for k in keys if k)


def presented_key() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.headers.get("X-API-Key") or None


def require_key(digests: tuple[bytes, ...]) -> None:
    """401 unless the request carries one of the keys. Every key is compared, match or not."""
    key = presented_key()
    candidate = hashlib.sha256((key or "").encode()).digest()
    matched = False
    for digest in digests:
        matched |= hmac.compare_digest(candidate, digest)
    if not (key and matched):
        raise Unauthorized()


class Unauthorized(ProblemError):
    def __init__(self) -> None:
        super().__init__(
            401,
            "A valid API key is required: send `Authorization: Bearer <key>` or `X-API-Key`.",
            headers={"WWW-Authenticate": 'Bearer realm="news-extract"'},
        )
