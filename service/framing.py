"""Where an HTTP/1.1 request ends in the bytes received so far, found incrementally.

The serving worker (:mod:`service.worker`) reads every request whole, without blocking, before
the application sees it; this module tells it when a request is complete and refuses, as soon as
the bytes show it, one that is too large. Everything else about HTTP (header syntax, methods,
versions) is left to gunicorn's own parser, which reads the complete request afterwards.

Each call to :meth:`Framer.feed` scans only the bytes it has not seen: linear in the request's
size however the client splits it.
"""

from __future__ import annotations

import re
from http import HTTPStatus

#: Most bytes of request line and headers: gunicorn's own limits (4094-byte request line, 100
#: fields of 8190 bytes) allow about 800 KB; no client of this API needs more than a few KB.
MAX_HEAD_BYTES = 64 * 1024
#: Most bytes of one chunk-size line (hex size plus extensions).
_MAX_CHUNK_LINE = 1024
_HEX = re.compile(rb"[0-9A-Fa-f]{1,16}")


class Refused(Exception):
    """The request cannot be served: answer ``status`` and close the connection."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = HTTPStatus(status)
        self.detail = detail


class Framer:
    """Feed it the growing buffer of one connection; it returns the end offset of the first
    request once that request is complete, and raises :class:`Refused` when it never can be."""

    def __init__(self, max_body: int, max_request_line: int = 4094) -> None:
        self.max_body = max_body
        self.max_request_line = max_request_line
        self.head_end: int | None = None  # offset just past the blank line ending the headers
        self.expects_continue = False
        self._scanned = 0
        self._end: int | None = None  # known once the body's length is known
        self._chunked = False
        self._chunk_at = 0  # where the next chunk-size line starts
        self._decoded = 0

    @property
    def wants_body(self) -> bool:
        return self.head_end is not None and (self._chunked or (self._end or 0) > self.head_end)

    def feed(self, buf: bytes | bytearray) -> int | None:
        if self.head_end is None and not self._find_head(buf):
            return None
        if self._chunked:
            return self._feed_chunks(buf)
        assert self._end is not None
        return self._end if len(buf) >= self._end else None

    def _find_head(self, buf: bytes | bytearray) -> bool:
        start = max(0, self._scanned - 3)
        end = buf.find(b"\r\n\r\n", start)
        if end < 0:
            bare = buf.find(b"\n\n", start)  # gunicorn refuses bare LFs: let it say so, now
            if bare >= 0:
                self.head_end = self._end = bare + 2
                return True
            self._scanned = len(buf)
            if buf.find(b"\n") < 0 and len(buf) > self.max_request_line + 2:
                raise Refused(414, "The request line is too long.")
            if len(buf) > MAX_HEAD_BYTES:
                raise Refused(431, f"The request headers exceed {MAX_HEAD_BYTES} bytes.")
            return False
        self.head_end = end + 4
        if self.head_end > MAX_HEAD_BYTES:
            raise Refused(431, f"The request headers exceed {MAX_HEAD_BYTES} bytes.")
        lengths: set[bytes] = set()
        codings: list[bytes] = []
        for line in bytes(buf[:end]).split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                lengths.add(value.strip())
            elif name == b"transfer-encoding":
                codings.extend(c.strip().lower() for c in value.split(b","))
            elif name == b"expect" and value.strip().lower() == b"100-continue":
                self.expects_continue = True
        if codings or len(lengths) > 1:
            # Both framings, or a coding other than chunked last: gunicorn refuses these.
            if codings and codings[-1] == b"chunked" and not lengths:
                self._chunked = True
                self._chunk_at = self.head_end
                return True
            self._end = self.head_end
            return True
        length = lengths.pop() if lengths else b"0"
        if not length.isdigit():
            self._end = self.head_end  # gunicorn answers the malformed length with a 400
            return True
        if int(length) > self.max_body:
            raise Refused(
                413, f"The request body is {int(length)} bytes; the limit is {self.max_body}."
            )
        self._end = self.head_end + int(length)
        return True

    def _feed_chunks(self, buf: bytes | bytearray) -> int | None:
        # Framing overhead counts too: a body cut into one-byte chunks is six times its size.
        if len(buf) > self.max_body + MAX_HEAD_BYTES:
            raise Refused(413, f"The chunked request is larger than the limit of {self.max_body}.")
        while True:
            line_end = buf.find(b"\r\n", self._chunk_at)
            if line_end < 0:
                if len(buf) - self._chunk_at > _MAX_CHUNK_LINE:
                    raise Refused(400, "A chunk-size line is malformed.")
                return None
            size_field = bytes(buf[self._chunk_at : line_end]).split(b";", 1)[0].strip()
            if not _HEX.fullmatch(size_field):
                raise Refused(400, "A chunk-size line is malformed.")
            size = int(size_field, 16)
            if size == 0:
                # Then optional trailer fields, and the blank line that ends the request.
                if buf[line_end + 2 : line_end + 4] == b"\r\n":
                    return line_end + 4
                trailer_end = buf.find(b"\r\n\r\n", line_end)
                if trailer_end < 0:
                    if len(buf) - line_end > MAX_HEAD_BYTES:
                        raise Refused(431, "The chunked trailer fields are too large.")
                    return None
                return trailer_end + 4
            if self._decoded + size > self.max_body:
                raise Refused(
                    413, f"The chunked request body is larger than the limit of {self.max_body}."
                )
            data_end = line_end + 2 + size
            if len(buf) < data_end + 2:
                return None
            if buf[data_end : data_end + 2] != b"\r\n":
                raise Refused(400, "A chunk does not end where its size says.")
            self._decoded += size
            self._chunk_at = data_end + 2
