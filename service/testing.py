"""Helpers for tests, scripts and benchmarks that run the real server: start gunicorn on a free
127.0.0.1 port and wait until it is ready, and read process facts from Linux's /proc (the
children of a gunicorn master are its workers). Like ``flask.testing``, shipped with the package
so every caller uses the same code; nothing in the service itself imports it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        found.extend(int(child) for child in text.split())
    return sorted(found)


def rss_bytes(pid: int) -> int:
    """Resident set size now (VmRSS), 0 if the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def pss_bytes(pid: int) -> int:
    """Proportional set size: shared pages (the preloaded model) divided among their users, so
    summing PSS over master and workers gives the server's real footprint."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    workers: int,
    env: dict[str, str] | None = None,
    ready_within: float = 120,
    app: str | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    """``python -m service serve`` on 127.0.0.1 and a free port; (process, base URL) once
    ``/readyz`` answers. ``RuntimeError`` with the end of its log if it never does. ``app``
    (``module:attribute``) serves another WSGI app with the same gunicorn configuration."""
    port = free_port()
    environ = {**os.environ, "NEWSX_HOST": "127.0.0.1", "NEWSX_PORT": str(port),
               "NEWSX_WORKERS": str(workers), **(env or {})}  # fmt: skip
    command = [sys.executable, "-m", "service", "serve"]
    if app is not None:
        command = [sys.executable, "-m", "gunicorn", "--config=python:service.gunicorn_conf", app]
    process = subprocess.Popen(
        command,
        cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + ready_within
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    log = process.stderr.read().decode(errors="replace")[-2000:] if process.stderr else ""
    raise RuntimeError(f"the server did not become ready: {log}")


def slow_client_siege(
    base: str, clients: int, seconds: float, canary_body: dict[str, object]
) -> dict[str, object]:
    """Hold ``clients`` connections that send their headers one line every 2 s (reconnecting
    when the server closes one) for ``seconds``, while a canary POSTs ``canary_body`` to
    ``/v1/extract`` once a second. Bounded in count and time; only ``base`` (127.0.0.1) is sent
    to. Returns the canary's statuses and latencies and how many slow connections were made."""
    import json
    import threading

    host, port = base.removeprefix("http://").rsplit(":", 1)
    stop = threading.Event()
    opened = [0]

    def slow() -> None:
        while not stop.is_set():
            try:
                with socket.create_connection((host, int(port)), timeout=5) as sock:
                    opened[0] += 1
                    sock.sendall(b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: appl")
                    while not stop.wait(2):
                        sock.sendall(b"\r\nX-Slow: 1")
            except OSError:
                stop.wait(0.2)

    threads = [threading.Thread(target=slow, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(1)  # every slow connection is open before the canary starts
    body = json.dumps(canary_body).encode()
    latencies: list[float] = []
    statuses: list[int | str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        began = time.monotonic()
        request = urllib.request.Request(
            f"{base}/v1/extract", data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                statuses.append(response.status)
        except OSError as exc:  # HTTPError, timeouts, refused connections
            statuses.append(getattr(exc, "code", None) or type(exc).__name__)
        latencies.append(time.monotonic() - began)
        time.sleep(max(0.0, 1.0 - (time.monotonic() - began)))
    stop.set()
    for thread in threads:
        thread.join(timeout=10)
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else None
    return {
        "canary_requests": len(latencies),
        "canary_ok": sum(1 for s in statuses if s == 200),
        "canary_statuses": sorted({str(s) for s in statuses}),
        "canary_p50_s": ordered[len(ordered) // 2] if ordered else None,
        "canary_p99_s": p99,
        "canary_max_s": ordered[-1] if ordered else None,
        "slow_connections_opened": opened[0],
    }
