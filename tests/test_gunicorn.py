"""The service as users run it: a real gunicorn process on a free port, and its faults."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from service.testing import children, start_server
from tests.conftest import SEED_PUBLISHED

# A real gunicorn process per test: out of the fast lane.
pytestmark = pytest.mark.integration


def _start(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    try:
        return start_server(workers)
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    process, base = _start(workers=2)
    yield process, base
    process.terminate()  # SIGTERM: graceful shutdown
    assert process.wait(timeout=60) == 0


def test_gunicorn_serves_the_seed(server, seed_text: str) -> None:
    _, base = server
    response = requests.post(
        f"{base}/v1/extract", json={"text": seed_text, "published": SEED_PUBLISHED}, timeout=60
    )
    assert response.status_code == 200
    assert response.headers["X-Request-ID"]
    names = {e["name"] for e in response.json()["entities"]}
    assert {"China", "Russia", "Vladimir Putin"} <= names


def test_gunicorn_answers_errors_as_problems(server) -> None:
    _, base = server
    response = requests.post(
        f"{base}/v1/extract", data=b"{", headers={"Content-Type": "application/json"}, timeout=10
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    oversized = requests.post(
        f"{base}/v1/extract",
        data=b"x" * (3 * 1024 * 1024),
        headers={"Content-Type": "text/plain"},
        timeout=30,
    )
    assert oversized.status_code == 413
    assert requests.get(f"{base}/healthz", timeout=10).json() == {"status": "ok"}


def test_metrics_are_summed_over_workers(server) -> None:
    _, base = server
    for _ in range(4):
        requests.post(f"{base}/v1/extract", json={"text": "Putin met Xi."}, timeout=30)
    text = requests.get(f"{base}/metrics", timeout=10).text
    (line,) = [row for row in text.splitlines() if row.startswith("newsx_documents_total ")]
    assert float(line.split()[1]) >= 4


def test_a_killed_worker_is_replaced(server) -> None:
    process, base = server
    victim = children(process.pid)[0]
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = children(process.pid)
        if victim not in workers and len(workers) == 2:
            break
        time.sleep(0.2)
    assert victim not in children(process.pid) and len(children(process.pid)) == 2
    for _ in range(4):
        response = requests.post(f"{base}/v1/extract", json={"text": "Xi met Putin."}, timeout=30)
        assert response.status_code == 200


def test_sigterm_answers_the_batch_in_flight(seed_text: str) -> None:
    process, base = _start(workers=1)
    outcome: dict[str, object] = {}
    documents = [{"text": seed_text, "published": SEED_PUBLISHED}] * 8

    def post() -> None:
        response = requests.post(
            f"{base}/v1/extract/batch", json={"documents": documents}, timeout=120
        )
        outcome["status"] = response.status_code
        outcome["results"] = len(response.json()["results"])

    thread = threading.Thread(target=post)
    thread.start()
    time.sleep(0.5)  # the batch is being processed
    process.terminate()
    thread.join(timeout=120)
    assert outcome == {"status": 200, "results": 8}
    assert process.wait(timeout=60) == 0
