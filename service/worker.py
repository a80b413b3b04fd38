"""The gunicorn worker class: requests are read whole, without blocking, before the app runs.

gunicorn's sync worker reads a request on the process's only thread: a client that sends half its
headers, or stalls in its body, holds the worker until the 120 s timeout, and two such clients
stop a two-worker server. Here each worker runs an event loop over its connections. It accepts,
reads whatever each client has sent, and keeps the bytes; only a request that has arrived
complete is handed to the WSGI app, which then runs on the main thread as under the sync worker
(so the SIGALRM time budget and the CPU-bound parse behave as before). A slow client costs a
buffer and a file descriptor, never the worker.

Limits, from :class:`service.config.Settings`:

- ``header_timeout``: the request line and headers complete within this many seconds of the
  connection being accepted, else 408;
- ``body_timeout``: the body complete within this many seconds of the headers, else 408;
- ``idle_timeout``: no pause longer than this between two reads (before the first byte the
  connection is closed silently, later it gets a 408);
- a body over ``max_body_bytes`` is refused with 413 as soon as its length shows it, announced
  or chunked; at most ``max_connections`` connections per worker (more wait in the listen
  backlog for another worker), each buffering at most the body limit plus 64 KB.

Every response the worker writes itself (408, 413, 414, 431, 400 for a request gunicorn cannot
parse, 500 when the worker is aborted mid-request) is problem+json, and no
response carries a ``Server`` header.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import selectors
import socket
import time
from collections import deque
from datetime import datetime
from typing import Any

from gunicorn import http
from gunicorn.http import wsgi
from gunicorn.workers.sync import SyncWorker

from service.config import Settings
from service.framing import Framer, Refused
from service.server_answers import DETAILS, Capture, QuietResponse, problem_bytes

#: Seconds a response may take to leave (a client that stops reading is dropped after it).
SEND_TIMEOUT = 10.0
#: Seconds a closed connection is drained for the client's FIN, in the event loop.
LINGER = 2.0


class _Buffered:
    """The socket as gunicorn's parser sees it: the request already read, then the real socket
    for writing the response."""

    def __init__(self, sock: socket.socket, data: bytes) -> None:
        self._sock = sock
        self._data = io.BytesIO(data)

    def recv(self, size: int, *args: Any) -> bytes:
        return self._data.read(size)

    def send(self, data: bytes, *args: Any) -> int:
        # Only gunicorn's "100 Continue" goes through send(): the worker sent it already.
        return len(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class _Conn:
    __slots__ = ("addr", "buf", "deadline", "framer", "last", "listener", "opened", "sock")

    def __init__(self, sock: socket.socket, addr: Any, listener: Any, max_body: int) -> None:
        self.sock, self.addr, self.listener = sock, addr, listener
        self.buf = bytearray()
        self.framer = Framer(max_body)
        self.opened = self.last = time.monotonic()
        self.deadline = 0.0


class BufferingWorker(SyncWorker):
    """See the module's docstring."""

    def init_process(self) -> None:
        settings = Settings.from_env()
        self.max_body = settings.max_body_bytes
        self.header_timeout = settings.header_timeout
        self.body_timeout = settings.body_timeout
        self.idle_timeout = settings.idle_timeout
        self.max_connections = settings.max_connections
        super().init_process()

    # ------------------------------------------------------------------ the event loop

    def run(self) -> None:
        for listener in self.sockets:
            listener.setblocking(False)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.PIPE[0], selectors.EVENT_READ, "wakeup")
        self.conns: dict[int, _Conn] = {}
        self.lingering: dict[int, tuple[socket.socket, float]] = {}
        self.ready: deque[tuple[_Conn, int]] = deque()
        self.accepting = False
        stop_by: float | None = None
        while True:
            self.notify()
            now = time.monotonic()
            if not self.alive:
                # Stopping (SIGTERM, max_requests): accept nothing more, finish the requests
                # already complete, give the ones arriving until the graceful timeout.
                stop_by = stop_by or now + self.cfg.graceful_timeout
                if (not self.conns and not self.ready) or now > stop_by:
                    break
            self._set_accepting(
                self.alive and not self.ready and len(self.conns) < self.max_connections
            )
            timeout = 0.0 if self.ready else self._next_timeout(now)
            try:
                events = self.selector.select(timeout)
            except OSError as exc:  # pragma: no cover (EINTR is retried by Python)
                if exc.errno != errno.EINTR:
                    raise
                events = []
            for key, _ in events:
                if key.data == "wakeup":
                    self._drain_pipe()
                elif key.data == "listener":
                    self._accept(key.fileobj)  # type: ignore[arg-type]
                elif key.data == "linger":
                    self._linger_read(key.fd)
                else:
                    self._read(key.data)
            self._expire(time.monotonic())
            if self.ready:
                conn, end = self.ready.popleft()
                self._serve(conn, end)
            if not self.is_parent_alive():
                break
        for conn in list(self.conns.values()):
            self._close(conn)
        for fd in list(self.lingering):
            self._end_linger(fd)

    def _set_accepting(self, wanted: bool) -> None:
        if wanted == self.accepting:
            return
        for listener in self.sockets:
            if wanted:
                self.selector.register(listener, selectors.EVENT_READ, "listener")
            else:
                self.selector.unregister(listener)
        self.accepting = wanted

    def _next_timeout(self, now: float) -> float:
        soonest = now + 1.0  # heartbeat
        for conn in self.conns.values():
            soonest = min(soonest, conn.deadline, conn.last + self.idle_timeout)
        for _, until in self.lingering.values():
            soonest = min(soonest, until)
        return max(0.0, soonest - now)

    def _drain_pipe(self) -> None:
        try:
            while os.read(self.PIPE[0], 4096):
                pass
        except OSError:
            pass

    def _accept(self, listener: Any) -> None:
        while len(self.conns) < self.max_connections:
            try:
                sock, addr = listener.accept()
            except OSError as exc:
                if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.ECONNABORTED):
                    return
                raise
            sock.setblocking(False)
            conn = _Conn(sock, addr, listener, self.max_body)
            conn.deadline = conn.opened + self.header_timeout
            self.conns[sock.fileno()] = conn
            self.selector.register(sock, selectors.EVENT_READ, conn)

    def _read(self, conn: _Conn) -> None:
        try:
            data = conn.sock.recv(256 * 1024)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._close(conn)
            return
        if not data:  # the client went away before its request was complete
            self._close(conn)
            return
        conn.buf += data
        conn.last = time.monotonic()
        had_head = conn.framer.head_end is not None
        try:
            end = conn.framer.feed(conn.buf)
        except Refused as refused:
            self.log.warning("refused a request from %s: %s", _ip(conn), refused.detail)
            self._answer_and_close(conn, refused.status, refused.detail)
            return
        if not had_head and conn.framer.head_end is not None:
            conn.deadline = conn.last + self.body_timeout
            if end is None and conn.framer.expects_continue and conn.framer.wants_body:
                _send_now(conn.sock, b"HTTP/1.1 100 Continue\r\n\r\n")
        if end is not None:
            self.selector.unregister(conn.sock)
            del self.conns[conn.sock.fileno()]
            self.ready.append((conn, end))

    def _expire(self, now: float) -> None:
        for fd, conn in list(self.conns.items()):
            if now < conn.deadline and now - conn.last < self.idle_timeout:
                continue
            self._read(conn)  # bytes may have arrived while a request was being served
            if self.conns.get(fd) is not conn:
                continue
            if not conn.buf:
                self._close(conn)  # connected and said nothing: nothing to answer
            else:
                what = "headers" if conn.framer.head_end is None else "body"
                self.log.info("request %s from %s timed out", what, _ip(conn))
                self._answer_and_close(conn, 408, f"The request {what} did not arrive in time.")
        for fd, (_, until) in list(self.lingering.items()):
            if now >= until:
                self._end_linger(fd)

    # ------------------------------------------------------------------ answering

    def _serve(self, conn: _Conn, end: int) -> None:
        """Run the app on a complete request, as the sync worker would, then linger-close."""
        sock = conn.sock
        sock.setblocking(True)
        sock.settimeout(SEND_TIMEOUT)
        client = _Buffered(sock, bytes(conn.buf[:end]))
        conn.buf = bytearray()
        req = None
        try:
            parser = http.get_parser(self.cfg, client, conn.addr)
            req = next(parser)
            self.handle_request(conn.listener, req, client, conn.addr)
        except StopIteration:
            pass
        except http.errors.NoMoreData:
            self.handle_error(req, client, conn.addr, ValueError("incomplete request"))
        except OSError as exc:
            if exc.errno not in (errno.EPIPE, errno.ECONNRESET, errno.ENOTCONN, None):
                self.log.exception("Socket error processing request.")
        except BaseException as exc:
            self.handle_error(req, client, conn.addr, exc)
            if isinstance(exc, SystemExit):  # the worker is being aborted
                raise
        self._start_linger(sock)

    def handle_request(self, listener: Any, req: Any, client: Any, addr: Any) -> None:
        # gunicorn's SyncWorker.handle_request, with the bannerless response class.
        environ: dict[str, Any] = {}
        resp = None
        try:
            self.cfg.pre_request(self, req)
            request_start = datetime.now()
            resp, environ = wsgi.create(
                req, client, addr, listener.getsockname(), self.cfg, response_class=QuietResponse
            )
            resp.force_close()
            self.nr += 1
            if self.nr >= self.max_requests:
                self.log.info("Autorestarting worker after current request.")
                self.alive = False
            respiter = self.wsgi(environ, resp.start_response)
            try:
                if isinstance(respiter, environ["wsgi.file_wrapper"]):
                    resp.write_file(respiter)
                else:
                    for item in respiter:
                        resp.write(item)
                resp.close()
            finally:
                self.log.access(resp, req, environ, datetime.now() - request_start)
                if hasattr(respiter, "close"):
                    respiter.close()
        except OSError:
            raise
        except (Exception, SystemExit):
            if resp and resp.headers_sent:
                # Part of a response is out: another one on the same socket would corrupt it.
                self.log.exception("Error handling request")
                raise StopIteration() from None
            raise
        finally:
            try:
                self.cfg.post_request(self, req, environ, resp)
            except Exception:
                self.log.exception("Exception in post_request hook")

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        """gunicorn's classification and logging of the failure, answered as a problem."""
        captured = Capture()
        super().handle_error(req, captured, addr, exc)
        try:
            status = int(captured.data.split(b" ", 2)[1])
        except (IndexError, ValueError):
            status = 500
        try:
            client.sendall(problem_bytes(status if status in DETAILS else 500))
        except OSError:
            self.log.debug("Failed to send error message.")

    # ------------------------------------------------------------------ closing

    def _answer_and_close(self, conn: _Conn, status: int, detail: str) -> None:
        _send_now(conn.sock, problem_bytes(status, detail))
        self._unregister(conn)
        self._start_linger(conn.sock)

    def _close(self, conn: _Conn) -> None:
        self._unregister(conn)
        _close(conn.sock)

    def _unregister(self, conn: _Conn) -> None:
        fd = conn.sock.fileno()
        if self.conns.pop(fd, None) is not None:
            self.selector.unregister(conn.sock)

    def _start_linger(self, sock: socket.socket) -> None:
        """Half-close and wait, in the loop, for the client to close (RFC 9112 section 9.6):
        closing with unread bytes would reset the connection and lose the response."""
        try:
            sock.shutdown(socket.SHUT_WR)
            sock.setblocking(False)
        except OSError:
            _close(sock)
            return
        fd = sock.fileno()
        self.lingering[fd] = (sock, time.monotonic() + LINGER)
        self.selector.register(sock, selectors.EVENT_READ, "linger")

    def _linger_read(self, fd: int) -> None:
        sock, _ = self.lingering[fd]
        try:
            if sock.recv(64 * 1024):
                return
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            pass
        self._end_linger(fd)

    def _end_linger(self, fd: int) -> None:
        sock, _ = self.lingering.pop(fd)
        self.selector.unregister(sock)
        _close(sock)


def _send_now(sock: socket.socket, data: bytes) -> None:
    """Best effort, never blocking: a short answer fits the socket's send buffer."""
    with contextlib.suppress(OSError):
        sock.send(data)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.close()


def _ip(conn: _Conn) -> str:
    return str(conn.addr[0]) if isinstance(conn.addr, tuple) and conn.addr else "?"
