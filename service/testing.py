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
    workers: int, env: dict[str, str] | None = None, ready_within: float = 120
) -> tuple[subprocess.Popen[bytes], str]:
    """``python -m service serve`` on 127.0.0.1 and a free port; (process, base URL) once
    ``/readyz`` answers. ``RuntimeError`` with the end of its log if it never does."""
    port = free_port()
    environ = {**os.environ, "NEWSX_HOST": "127.0.0.1", "NEWSX_PORT": str(port),
               "NEWSX_WORKERS": str(workers), **(env or {})}  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "serve"],
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
