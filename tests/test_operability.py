"""What operators rely on: API keys, security headers, request ids, JSON logs and metrics."""

from __future__ import annotations

import json
import logging

import pytest
from flask.testing import FlaskClient

from service.api import create_app
from service.config import Settings
from service.logs import JsonFormatter, RequestIdFilter


@pytest.fixture()
def keyed_client(nlp, tmp_path) -> FlaskClient:
    key_file = tmp_path / "keys"
    key_file.write_text("# rotated 2026-11\nfile-key-2\n", encoding="utf-8")
    settings = Settings(api_keys="env-key-1, env-key-3", api_keys_file=str(key_file))
    return create_app(settings).test_client()


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer env-key-1"},
        {"Authorization": "bearer env-key-3"},
        {"X-API-Key": "file-key-2"},
    ],
)
def test_a_configured_key_is_accepted(keyed_client: FlaskClient, headers) -> None:
    response = keyed_client.post("/v1/extract", json={"text": "Putin met Xi."}, headers=headers)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer env-key"},
        {"Authorization": "Basic env-key-1"},
        {"X-API-Key": "# rotated 2026-11"},
        {"X-API-Key": ""},
    ],
)
def test_missing_or_wrong_key_is_401(keyed_client: FlaskClient, headers) -> None:
    response = keyed_client.post("/v1/extract", json={"text": "x"}, headers=headers)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert keyed_client.get("/v1/info", headers=headers).status_code == 401


def test_health_and_metrics_stay_open_with_keys(keyed_client: FlaskClient) -> None:
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.yaml"):
        assert keyed_client.get(path).status_code == 200, path


def test_keys_are_off_by_default_and_said_so(nlp, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="service"):
        app = create_app(Settings())
    assert not app.extensions["newsx.api_keys"]
    assert any("authentication is disabled" in r.getMessage() for r in caplog.records)


def test_security_headers(client: FlaskClient) -> None:
    result = client.post("/v1/extract", json={"text": "x"})
    error = client.post("/v1/extract", json={})
    for response in (result, error, client.get("/healthz")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert result.headers["Cache-Control"] == "no-store"
    assert error.headers["Cache-Control"] == "no-store"


def test_request_id_is_echoed_or_generated(client: FlaskClient) -> None:
    given = client.get("/healthz", headers={"X-Request-ID": "feed-42.a"})
    assert given.headers["X-Request-ID"] == "feed-42.a"
    made = client.get("/healthz").headers["X-Request-ID"]
    assert len(made) == 32
    forged = client.get("/healthz", headers={"X-Request-ID": 'x" "level": "error'})
    assert len(forged.headers["X-Request-ID"]) == 32


def test_access_log_is_json_with_request_id_and_never_the_body(client: FlaskClient, caplog):
    secret = "Confidential draft about Putin"
    with caplog.at_level(logging.INFO, logger="service.access"):
        client.post("/v1/extract", json={"text": secret}, headers={"X-Request-ID": "req-7"})
    (record,) = [r for r in caplog.records if r.name == "service.access"]
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-7"
    assert line["status"] == 200 and line["path"] == "/v1/extract"
    assert secret not in json.dumps(line)


def test_metrics_count_requests_documents_and_sections(client: FlaskClient) -> None:
    def sample(text: str, name: str) -> float:
        rows = [row for row in text.splitlines() if row.startswith(name + " ")]
        return float(rows[0].rsplit(" ", 1)[1]) if rows else 0.0

    before = client.get("/metrics").get_data(as_text=True)
    client.post("/v1/extract/batch", json={"documents": [{"text": "Xi met Putin."}] * 3})
    after = client.get("/metrics").get_data(as_text=True)
    assert sample(after, "newsx_documents_total") == sample(before, "newsx_documents_total") + 3
    assert 'newsx_requests_total{endpoint="/v1/extract/batch",method="POST",status="200"}' in after
    assert 'newsx_section_duration_seconds_count{section="entities"}' in after
    assert "newsx_request_duration_seconds_bucket" in after
