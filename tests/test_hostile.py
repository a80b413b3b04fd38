"""Hostile and broken input: property-based tests of the core, schema-driven fuzzing of the API,
the time budget, and what an unexpected failure looks like from outside."""

from __future__ import annotations

import json
import time

import pytest
import schemathesis
from flask import Flask
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
from tests.conftest import ROOT

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


@pytest.mark.slow  # property-based
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


# A sentence every section reads, set between two odd texts: the checks above then have spans
# to check, and the sentence is still read whatever surrounds it.
_ANCHOR = "\n\nChina's exports to Russia rose 12% to $147bn last year.\n\n"


@pytest.mark.slow  # property-based
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=_TEXTS, after=_TEXTS)
def test_odd_text_around_a_real_sentence_leaves_it_read(nlp, before: str, after: str) -> None:
    text = before + _ANCHOR + after
    result = extract(text, published="2022-06-15")
    for span in _spans(result):
        assert text[span.start : span.end] == span.text
    at = len(before) + _ANCHOR.index("China")
    assert any(m.start == at for e in result.entities for m in e.mentions if m.text == "China")
    figures = [f for f in result.trade_figures if f.start == len(before) + _ANCHOR.index("$")]
    assert [f.text for f in figures] == ["$147bn"]


@pytest.mark.slow  # property-based
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS)
def test_core_is_deterministic(nlp, text: str) -> None:
    text += _ANCHOR  # something to find, so the comparison is not of two empty results
    first, second = extract(text, "2022-06-15"), extract(text, "2022-06-15")
    assert first.entities and first.trade_figures
    for section in SECTIONS:
        assert getattr(first, section) == getattr(second, section)


@pytest.mark.slow  # two texts at the size limit
def test_text_at_the_size_limit_is_processed(nlp) -> None:
    limit = Settings().max_text_chars
    checked = []
    for text in ("a" * limit, "China " * (limit // 6)):
        result = extract(text)
        checked.append([text[s.start : s.end] == s.text for s in _spans(result)])
    assert all(checked[0]) and all(checked[1])
    assert checked[1], "the repeated name gives spans to check"


# --- schema-driven fuzzing of the HTTP API, from the served openapi.yaml ---------------------

# The committed openapi.yaml (tests/test_openapi.py checks it is what the app serves): reading
# it is all that collecting these tests does; the app is made when they run.
_schema = schemathesis.openapi.from_path(ROOT / "openapi.yaml")
_schema.location = "/openapi.yaml"  # where the app serves it, as from_wsgi would set


@pytest.fixture(scope="module")
def fuzz_app(nlp) -> Flask:  # type: ignore[no-untyped-def]
    """The app with the default limits, sharing the session's pipeline."""
    return create_app(Settings())


@pytest.mark.slow  # schema-driven fuzzing
@_schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_fuzz_conforms_to_openapi(case, fuzz_app: Flask) -> None:
    response = case.call_and_validate(
        app=fuzz_app,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
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
