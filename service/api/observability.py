"""Per-request plumbing: request ids, security headers, access log lines and request metrics."""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

from service.api import metrics

access_log = logging.getLogger("service.access")

# An id from the caller is kept only if it is short and plain, so it cannot forge log lines.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def _begin() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    g.started = time.perf_counter()


def _finish(response: Response) -> Response:
    response.headers["X-Request-ID"] = g.get("request_id", "")
    for name, value in _SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith("/v1/"):
        # Results are computed from the caller's text: never cached by anyone in between.
        response.headers["Cache-Control"] = "no-store"
    seconds = time.perf_counter() - g.get("started", time.perf_counter())
    # The rule, not the path: unknown paths must not create a metric series each.
    endpoint = request.url_rule.rule if request.url_rule else "unmatched"
    metrics.observe_request(endpoint, request.method, response.status_code, seconds)
    access_log.info(
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "request_id": g.get("request_id"),
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 2),
            "request_bytes": request.content_length,
            "response_bytes": response.calculate_content_length(),
        },
    )
    return response


def init_app(app: Flask) -> None:
    app.before_request(_begin)
    app.after_request(_finish)
