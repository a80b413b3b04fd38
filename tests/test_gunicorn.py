"""The service as users run it: a real gunicorn process on a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import requests

from tests.conftest import ROOT, SEED_PUBLISHED


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "NEWSX_HOST": "127.0.0.1", "NEWSX_PORT": str(port), "NEWSX_WORKERS": "2"}
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "serve"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/readyz", timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"gunicorn did not become ready: {process.stderr.read().decode()[-2000:]}")
    yield base
    process.terminate()  # SIGTERM: graceful shutdown
    assert process.wait(timeout=60) == 0


def test_gunicorn_serves_the_seed(server: str, seed_text: str) -> None:
    response = requests.post(
        f"{server}/v1/extract", json={"text": seed_text, "published": SEED_PUBLISHED}, timeout=60
    )
    assert response.status_code == 200
    names = {e["name"] for e in response.json()["entities"]}
    assert {"China", "Russia", "Vladimir Putin"} <= names


def test_gunicorn_answers_errors_as_problems(server: str) -> None:
    response = requests.post(
        f"{server}/v1/extract", data=b"{", headers={"Content-Type": "application/json"}, timeout=10
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    oversized = requests.post(
        f"{server}/v1/extract",
        data=b"x" * (3 * 1024 * 1024),
        headers={"Content-Type": "text/plain"},
        timeout=30,
    )
    assert oversized.status_code == 413
    assert requests.get(f"{server}/healthz", timeout=10).json() == {"status": "ok"}
