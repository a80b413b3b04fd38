"""What the HTTP server writes itself, outside the app: problem documents and a bannerless
response (used by :mod:`service.worker`)."""

from __future__ import annotations

import json
from email.utils import formatdate
from http import HTTPStatus

from gunicorn.http import wsgi

_HEADERS = (
    "Content-Type: application/problem+json\r\n"
    "X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\n"
    "Referrer-Policy: no-referrer\r\nCache-Control: no-store\r\nConnection: close\r\n"
)
# Generic details: gunicorn's messages quote the request back and name its internals.
DETAILS = {
    400: "The request is not valid HTTP/1.1.",
    403: "The request is forbidden.",
    408: "The request did not arrive in time.",
    414: "The request line is too long.",
    417: "The expectation in the Expect header cannot be met.",
    431: "The request headers are too large.",
    500: "The service failed to process this request.",
    501: "The transfer coding is not supported.",
    503: "The server is busy; retry the request.",
}


def problem_bytes(status: int, detail: str | None = None) -> bytes:
    """A complete HTTP/1.1 response with an RFC 9457 problem document, closing the connection."""
    phrase = HTTPStatus(status).phrase
    body = json.dumps(
        {
            "type": "about:blank",
            "title": phrase,
            "status": status,
            "detail": detail or DETAILS.get(status, phrase),
        }
    ).encode()
    head = (
        f"HTTP/1.1 {status} {phrase}\r\n{_HEADERS}Date: {formatdate(usegmt=True)}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class QuietResponse(wsgi.Response):
    """gunicorn's response without its ``Server: gunicorn/<version>`` banner."""

    def default_headers(self) -> list[str]:
        return [h for h in super().default_headers() if not h.startswith("Server:")]


class Capture:
    """Stands in for the client while gunicorn writes its HTML error page."""

    def __init__(self) -> None:
        self.data = b""

    def gettimeout(self) -> float:
        return 0.0

    def sendall(self, data: bytes) -> None:
        self.data += data

    def setblocking(self, flag: bool) -> None:
        pass
