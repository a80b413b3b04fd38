"""The real server on 127.0.0.1 against hostile clients: slow and stalled clients, chunked
bodies over the limit, gunicorn's own errors, batch slots that fail, calendar edges.

Every test starts gunicorn with two workers and sends only to 127.0.0.1; loops are bounded in
count and time. The slow-client test takes about 30 s (marked ``slow_clients``).
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest
import requests

from service.testing import slow_client_siege, start_server
from tests.conftest import SEED_PUBLISHED
from tests.faulty_app import MARKER

# A real server on a free port: out of the fast lane.
pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"


def _start(**kwargs) -> tuple[object, str]:
    try:
        return start_server(2, **kwargs)
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Short limits so that timeouts and refusals are quick to reach."""
    env = {"NEWSX_MAX_BODY_BYTES": "100000", "NEWSX_IDLE_TIMEOUT": "1",
           "NEWSX_HEADER_TIMEOUT": "3", "NEWSX_BODY_TIMEOUT": "3",
           "NEWSX_REQUEST_BUDGET_SECONDS": "3"}  # fmt: skip
    process, base = _start(env=env, app="tests.faulty_app:app")
    yield base
    process.terminate()
    assert process.wait(timeout=60) == 0


def _raw(base: str, data: bytes, wait: float = 10) -> bytes:
    """Send raw bytes, return everything the server answers before closing."""
    host, port = base.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(data)
        out = b""
        while chunk := sock.recv(65536):
            out += chunk
    return out


def _problem_of(raw: bytes) -> tuple[int, dict[str, str], dict]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, json.loads(body)


@pytest.mark.slow_clients
def test_fifty_slow_clients_do_not_stop_the_service(seed_text: str) -> None:
    """50 connections dribbling their headers for 30 s; the seed is posted every second."""
    process, base = _start()
    try:
        seed = {"text": seed_text, "published": SEED_PUBLISHED}
        report = slow_client_siege(base, clients=50, seconds=30, canary_body=seed)
    finally:
        process.terminate()
        process.wait(timeout=60)
    assert report["canary_requests"] >= 20 and report["canary_ok"] == report["canary_requests"]
    assert report["canary_p99_s"] < 2.0, report
    assert report["slow_connections_opened"] >= 50


def test_a_stalled_header_or_body_is_answered_408(server: str) -> None:
    began = time.monotonic()
    status, headers, problem = _problem_of(
        _raw(server, b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: appl")
    )
    assert status == 408 and headers["content-type"] == PROBLEM and problem["status"] == 408
    stalled_body = (b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                    b"Content-Length: 1000\r\n\r\nPutin met")  # fmt: skip
    status, headers, problem = _problem_of(_raw(server, stalled_body))
    assert status == 408 and "body" in problem["detail"]
    assert time.monotonic() - began < 10  # idle timeout 1 s each, not the worker's 120 s


def _chunks(size: int, piece: bytes = b"Putin met Xi in Moscow. ") -> Iterator[bytes]:
    sent = 0
    while sent < size:
        yield piece
        sent += len(piece)


def test_a_chunked_body_over_the_limit_is_413_and_under_it_is_read_whole(server: str) -> None:
    over = requests.post(f"{server}/v1/extract", data=_chunks(150_000),
                         headers={"Content-Type": "text/plain"}, timeout=30)  # fmt: skip
    assert over.status_code == 413 and over.headers["Content-Type"] == PROBLEM
    text = b"".join(_chunks(20_000)).decode()
    under = requests.post(f"{server}/v1/extract", data=_chunks(20_000),
                          headers={"Content-Type": "text/plain"}, timeout=60)  # fmt: skip
    assert under.status_code == 200
    ends = [m["end"] for e in under.json()["entities"] for m in e["mentions"]]
    assert max(ends) > len(text) - 30  # the last sentence's names: nothing was cut
    declared = requests.post(f"{server}/v1/extract", data=b"x" * 150_000,
                             headers={"Content-Type": "text/plain"}, timeout=30)  # fmt: skip
    assert declared.status_code == 413


def test_the_http_servers_own_errors_are_problems_without_a_banner(server: str) -> None:
    cases = {
        414: b"GET /" + b"x" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        431: b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"y" * 70_000 + b"\r\n\r\n",
        400: b"NOT HTTP AT ALL\r\n\r\n",
    }
    for expected, raw in cases.items():
        status, headers, problem = _problem_of(_raw(server, raw))
        assert (status, problem["status"]) == (expected, expected)
        assert headers["content-type"] == PROBLEM and "server" not in headers
        assert "gunicorn" not in json.dumps(problem).lower()
    ok = requests.get(f"{server}/healthz", timeout=10)
    assert ok.status_code == 200 and "Server" not in ok.headers


def test_every_batch_slot_gets_its_own_answer(server: str) -> None:
    documents = [
        {"id": "good", "text": "Putin met Xi in Moscow.", "published": SEED_PUBLISHED},
        None,
        {"id": "fails", "text": f"{MARKER} Putin met Xi."},
        {"id": "also-good", "text": "Xi met Putin in Beijing."},
        {"id": "slow", "text": "a\n" * 30_000},  # about 9 s of parsing; the budget is 3 s
        {"id": "after", "text": "Putin met Xi."},
    ]
    began = time.monotonic()
    response = requests.post(f"{server}/v1/extract/batch", json={"documents": documents},
                             timeout=60)  # fmt: skip
    assert time.monotonic() - began < 15
    assert response.status_code == 200
    good, null, fails, also_good, slow, after = response.json()["results"]
    assert "entities" in good and "entities" in also_good
    assert null["error"]["status"] == 422
    assert fails["id"] == "fails" and fails["error"]["status"] == 500
    assert "planted" not in response.text and "/srv" not in response.text
    for slot in (slow, after):
        assert slot["error"]["status"] == 503
        assert slot["error"]["type"] == "/problems/time-budget-exceeded"


@pytest.mark.parametrize(
    ("text", "published"),
    [("Last year.", "0001-01-01"), ("Yesterday.", "0001-01-01"), ("Next week.", "9999-12-31"),
     ("Tomorrow.", "9999-12-31"), ("12,000 years ago.", "2022-06-15")],
)  # fmt: skip
def test_calendar_edges_are_answered(server: str, text: str, published: str) -> None:
    response = requests.post(f"{server}/v1/extract", json={"text": text, "published": published},
                             timeout=30)  # fmt: skip
    assert response.status_code == 200
    (date,) = response.json()["dates"]
    assert date["value"]


def test_a_worker_killed_for_its_timeout_answers_a_problem() -> None:
    """No time budget and a 2 s worker timeout: gunicorn aborts the worker mid-request."""
    process, base = _start(env={"NEWSX_REQUEST_BUDGET_SECONDS": "0", "NEWSX_TIMEOUT": "2"})
    try:
        response = requests.post(f"{base}/v1/extract", json={"text": "a\n" * 100_000}, timeout=60)
        assert response.status_code == 500
        assert response.headers["Content-Type"] == PROBLEM and "Server" not in response.headers
        assert response.json()["status"] == 500
    finally:
        process.terminate()
        process.wait(timeout=60)
