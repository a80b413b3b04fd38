"""Hostile and broken input: property-based tests of the core, schema-driven fuzzing of the API,
the time budget, and what an unexpected failure looks like from outside."""

from __future__ import annotations

import json
import time

import pytest
import schemathesis
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from service.api import create_app
from service.config import Settings
from service.extract import SECTIONS, ExtractionResult, extract
from service.extract import pipeline as pipeline_module

# Text that news pipelines actually send by mistake, mixed with anything Unicode allows.
_FRAGMENTS = st.sampled_from(
    [
        "\x00", "\x07", "\u200f", "\u202e", "\ud800", "\udfff", "e\u0301", "🇨🇳", "👍🏽",
        "<p>Putin</p>", '{"text": "x"}', "$147bn", "Feb. 24", "U.S.", "...", "—", "\n\n",
        "China", "Xi Jinping", "last year", "12%", "1,000,000", "مرحبا", "北京",
    ]
)  # fmt: skip
_TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(_FRAGMENTS, st.text(max_size=8)), max_size=40).map("".join),
    st.builds(lambda c, n: c * n, st.characters(), st.integers(1, 2000)),
    st.text(alphabet="!?.,;:'\"()[]-–—…", max_size=500),
)


def _spans(result: ExtractionResult):
    for entity in result.entities or []:
        yield from entity.mentions
    yield from result.dates or []
    for figure in result.trade_figures or []:
        yield figure
        if figure.change is not None:
            yield figure.change
    for stance in result.stances or []:
        for evidence in stance.evidence:
            yield evidence
            yield from evidence.cues


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS, published=st.sampled_from([None, "2022-06-15", "2020-02-29T23:59:59+05:00"]))
def test_core_never_fails_and_offsets_are_valid(nlp, text: str, published: str | None) -> None:
    result = extract(text, published=published)
    for span in _spans(result):
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text
    ids = {entity.id for entity in result.entities or []}
    for stance in result.stances or []:
        assert {stance.holder, stance.target} <= ids
        assert 0.0 <= stance.score <= 1.0
    for figure in result.trade_figures or []:
        assert set(figure.parties) <= ids


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS)
def test_core_is_deterministic(nlp, text: str) -> None:
    first, second = extract(text, "2022-06-15"), extract(text, "2022-06-15")
    for section in SECTIONS:
        assert getattr(first, section) == getattr(second, section)


def test_text_at_the_size_limit_is_processed(nlp) -> None:
    limit = Settings().max_text_chars
    for text in ("a" * limit, "China " * (limit // 6)):
        result = extract(text)
        assert all(text[s.start : s.end] == s.text for s in _spans(result))


# --- schema-driven fuzzing of the HTTP API, from the served openapi.yaml ---------------------

_fuzz_app = create_app(Settings())
_schema = schemathesis.openapi.from_wsgi("/openapi.yaml", _fuzz_app)


@pytest.fixture(scope="module", autouse=False)
def _loaded(nlp) -> None:
    """The fuzzed app shares the session's pipeline."""


@_schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_fuzz_conforms_to_openapi(case, _loaded) -> None:
    response = case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
    if response.status_code >= 400:
        # schemathesis' response: lower-case header names, each a list of values
        assert response.headers["content-type"] == ["application/problem+json"]
        assert "Traceback" not in response.text


# --- time budget and unexpected failures -------------------------------------------------


def test_request_over_the_time_budget_gets_503(nlp, monkeypatch) -> None:
    app = create_app(Settings(request_budget_seconds=0.2))
    parse = pipeline_module.parse

    def slow(nlp, texts, **kwargs):
        time.sleep(5)
        return parse(nlp, texts, **kwargs)

    monkeypatch.setattr(pipeline_module, "parse", slow)
    started = time.monotonic()
    response = app.test_client().post("/v1/extract", json={"text": "Putin met Xi."})
    assert time.monotonic() - started < 4
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert "time budget" in response.get_json()["detail"]


def test_unexpected_failure_is_a_bare_500_problem(client: FlaskClient, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal path /srv/app/model.bin")

    monkeypatch.setattr("service.api.routes.extract_documents", broken)
    response = client.post("/v1/extract", json={"text": "x"})
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert json.loads(body)["status"] == 500
    assert "secret" not in body and "RuntimeError" not in body and "Traceback" not in body
