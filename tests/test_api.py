"""The HTTP contract through Flask's test client: shapes, content types and every error path."""

from __future__ import annotations

import json
import time

import pytest
from flask.testing import FlaskClient

from service.api import create_app
from service.config import Settings
from service.extract import SECTIONS
from tests.conftest import SEED_PUBLISHED

PROBLEM = "application/problem+json"


def _assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert body["status"] == status
    assert {"type", "title", "detail"} <= body.keys()
    assert "Traceback" not in response.get_data(as_text=True)
    return body


def _assert_offsets(text: str, result: dict) -> None:
    for entity in result.get("entities", []):
        for mention in entity["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
    for section in ("dates", "trade_figures"):
        for item in result.get(section, []):
            assert text[item["start"] : item["end"]] == item["text"]
    for stance in result.get("stances", []):
        for evidence in stance["evidence"]:
            assert text[evidence["start"] : evidence["end"]] == evidence["text"]


def test_health_and_readiness(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ready"}


def test_info_reports_versions_sections_and_limits(client: FlaskClient, settings) -> None:
    info = client.get("/v1/info").get_json()
    assert info["sections"] == list(SECTIONS)
    assert {"supportive", "critical", "neutral"} == set(info["stance_labels"])
    assert info["limits"]["max_batch_documents"] == settings.max_batch_documents
    assert any(model["name"].startswith("en_core_web_sm") for model in info["models"])


def test_extract_seed_returns_four_sections(client: FlaskClient, seed_text: str) -> None:
    response = client.post(
        "/v1/extract", json={"text": seed_text, "published": SEED_PUBLISHED, "id": "seed"}
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    result = response.get_json()
    assert result["id"] == "seed"
    assert set(SECTIONS) <= result.keys()
    assert result["meta"]["anchor_date"] == {"value": SEED_PUBLISHED, "source": "published"}
    assert result["meta"]["warnings"] == []
    _assert_offsets(seed_text, result)
    names = {(e["name"], e["type"]) for e in result["entities"]}
    assert {("China", "GPE"), ("Russia", "GPE"), ("Ukraine", "GPE")} <= names
    assert ("Vladimir Putin", "PERSON") in names
    assert ("CCTV", "ORG") in names
    amounts = [(f["value"], f["currency"]) for f in result["trade_figures"]]
    assert (147_000_000_000, "USD") in amounts


def test_plain_text_body_with_query_options(client: FlaskClient, seed_text: str) -> None:
    response = client.post(
        "/v1/extract?published=2022-06-15T08:00:00%2B02:00&include=entities,dates",
        data=seed_text.encode(),
        content_type="text/plain; charset=utf-8",
    )
    assert response.status_code == 200
    result = response.get_json()
    assert set(result) == {"entities", "dates", "meta"}
    assert result["meta"]["anchor_date"]["value"] == "2022-06-15"


def test_include_limits_sections(client: FlaskClient) -> None:
    result = client.post("/v1/extract", json={"text": "Putin met Xi.", "include": ["stances"]})
    assert set(result.get_json()) == {"stances", "meta"}


# A linked pair whose only cue is negated: neutral, listed only on request.
_NEUTRAL_TEXT = "France did not condemn Germany on Monday over the fishing quotas."


def _pairs(result: dict) -> set[tuple[str, str, str]]:
    names = {e["id"]: e["name"] for e in result["entities"]}
    return {(names[s["holder"]], names[s["target"]], s["label"]) for s in result["stances"]}


def test_neutral_pairs_only_on_request(client: FlaskClient) -> None:
    body = {"text": _NEUTRAL_TEXT, "published": "2022-06-13", "include": ["entities", "stances"]}
    assert client.post("/v1/extract", json=body).get_json()["stances"] == []
    asked = client.post("/v1/extract", json={**body, "include_neutral": True}).get_json()
    assert ("France", "Germany", "neutral") in _pairs(asked)
    plain = client.post(
        "/v1/extract?include=entities,stances&include_neutral=true",
        data=_NEUTRAL_TEXT,
        content_type="text/plain",
    ).get_json()
    assert _pairs(plain) == _pairs(asked)


def test_missing_anchor_is_a_warning(client: FlaskClient) -> None:
    result = client.post("/v1/extract", json={"text": "It happened on February 24."}).get_json()
    assert result["meta"]["anchor_date"] == {"value": None, "source": "none"}
    assert [w["code"] for w in result["meta"]["warnings"]] == ["anchor_missing"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "nul\x00byte and \x07bell \x1b[31m",
        "lone \ud800 surrogate in China",
        "e\u0301\u0301\u0301 combining marks in Russia",
        "emoji 🇨🇳🤝🇷🇺 in Beijing",
        "right to left: موسكو وبكين مع Putin",
        "<html><body>Xi Jinping</body></html>",
        "x" * 5000,
        "!?.," * 500,
    ],
)
def test_odd_text_is_processed_with_valid_offsets(client: FlaskClient, text: str) -> None:
    response = client.post("/v1/extract", json={"text": text})
    assert response.status_code == 200
    _assert_offsets(text, response.get_json())
    # Followed by a sentence every section reads, the odd text leaves it read, at its offsets.
    framed = f"{text}\n\nChina's exports to Russia rose 12% to $147bn last year."
    result = client.post("/v1/extract", json={"text": framed, "published": "2022-06-15"})
    _assert_offsets(framed, result.get_json())
    assert {"China", "Russia"} <= {e["name"] for e in result.get_json()["entities"]}
    assert "$147bn" in [f["text"] for f in result.get_json()["trade_figures"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": 5}, "text"),
        ({"text": None}, "text"),
        ({"text": "x", "published": "yesterday"}, "published"),
        ({"text": "x", "published": "2022-02-30"}, "published"),
        ({"text": "x", "include": ["entities", "gossip"]}, "include"),
        ({"text": "x", "include": "entities"}, "include"),
        ({"text": "x", "colour": "blue"}, "colour"),
        ({"text": "x", "include_neutral": "perhaps"}, "include_neutral"),
    ],
)
def test_invalid_fields_are_422_with_errors_by_field(client: FlaskClient, body, field) -> None:
    problem = _assert_problem(client.post("/v1/extract", json=body), 422)
    assert field in problem["errors"]


def test_text_over_the_character_limit_is_422(client: FlaskClient, settings) -> None:
    text = "a " * (settings.max_text_chars // 2 + 1)
    problem = _assert_problem(client.post("/v1/extract", json={"text": text}), 422)
    assert "limit" in problem["errors"]["text"][0]


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "3", "null"])
def test_json_that_is_not_an_object_is_422(client: FlaskClient, body: str) -> None:
    _assert_problem(client.post("/v1/extract", data=body, content_type="application/json"), 422)


@pytest.mark.parametrize(
    "body", ['{"text": ', "{'text': 'x'}", "\xff\xfe", "[" * 100_000 + "]" * 100_000]
)
def test_malformed_json_is_400(client: FlaskClient, body: str) -> None:
    raw = body.encode("latin-1") if body == "\xff\xfe" else body.encode()
    _assert_problem(client.post("/v1/extract", data=raw, content_type="application/json"), 400)


def test_invalid_utf8_plain_text_is_400(client: FlaskClient) -> None:
    _assert_problem(client.post("/v1/extract", data=b"\xc3\x28", content_type="text/plain"), 400)


def test_body_over_the_limit_is_413(client: FlaskClient, settings) -> None:
    body = json.dumps({"text": "a" * (settings.max_body_bytes + 10)})
    _assert_problem(client.post("/v1/extract", data=body, content_type="application/json"), 413)


@pytest.mark.parametrize("content_type", ["application/xml", "multipart/form-data", None])
def test_unsupported_content_type_is_415(client: FlaskClient, content_type) -> None:
    response = client.post("/v1/extract", data=b"<text/>", content_type=content_type)
    _assert_problem(response, 415)


def test_unknown_path_is_404_and_wrong_method_is_405(client: FlaskClient) -> None:
    _assert_problem(client.get("/v1/nothing"), 404)
    problem = client.get("/v1/extract")
    _assert_problem(problem, 405)
    assert "POST" in problem.headers["Allow"]


def test_batch_answers_in_order_and_isolates_bad_documents(client: FlaskClient) -> None:
    documents = [
        {"id": "one", "text": "Putin spoke to Xi.", "published": "2022-06-15"},
        {"id": "two", "text": 42},
        "not an object",
        {"id": "four", "text": "Trade reached $147bn last year.", "include": ["trade_figures"]},
    ]
    response = client.post("/v1/extract/batch", json={"documents": documents})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r.get("id") for r in results] == ["one", "two", None, "four"]
    assert "entities" in results[0] and "error" not in results[0]
    assert results[1]["error"]["status"] == 422 and "text" in results[1]["error"]["errors"]
    assert results[2]["error"]["status"] == 422
    assert set(results[3]) == {"id", "trade_figures", "meta"}


def test_a_null_document_is_its_own_422(client: FlaskClient) -> None:
    documents = [None, {"id": "b", "text": "Putin spoke to Xi."}]
    response = client.post("/v1/extract/batch", json={"documents": documents})
    assert response.status_code == 200
    first, second = response.get_json()["results"]
    assert first["error"]["status"] == 422 and first["id"] is None
    assert second["id"] == "b" and "entities" in second


def _fail_on(marker: str, monkeypatch, action) -> None:
    """Make the stance section misbehave on documents that contain ``marker``."""
    from service.extract import components

    real = components.extract_stances

    def stances(doc, *args, **kwargs):
        if marker in doc.text:
            action()
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(components, "extract_stances", stances)


def test_a_failing_document_is_its_own_500(client: FlaskClient, monkeypatch) -> None:
    def boom() -> None:
        raise RuntimeError("internal detail /srv/secret")

    _fail_on("BOOM", monkeypatch, boom)
    documents = [{"id": "a", "text": "Xi met Putin."}, {"id": "b", "text": "BOOM Xi met Putin."},
                 {"id": "c", "text": "Putin met Xi."}]  # fmt: skip
    response = client.post("/v1/extract/batch", json={"documents": documents})
    assert response.status_code == 200
    a, b, c = response.get_json()["results"]
    assert "entities" in a and "entities" in c
    assert b["id"] == "b" and b["error"]["status"] == 500 and "secret" not in response.text


def test_a_document_over_the_time_budget_is_its_own_503(nlp, monkeypatch) -> None:
    app = create_app(Settings(request_budget_seconds=0.5))
    _fail_on("SLOW", monkeypatch, lambda: time.sleep(5))
    documents = [{"id": "a", "text": "Xi met Putin."}, {"id": "b", "text": "SLOW Xi met Putin."},
                 {"id": "c", "text": "Putin met Xi."}]  # fmt: skip
    started = time.monotonic()
    response = app.test_client().post("/v1/extract/batch", json={"documents": documents})
    assert time.monotonic() - started < 3
    assert response.status_code == 200
    a, b, c = response.get_json()["results"]
    assert "entities" in a  # answered before the budget ran out: kept
    for slot, name in ((b, "b"), (c, "c")):
        assert slot["id"] == name and slot["error"]["status"] == 503
        assert slot["error"]["type"] == "/problems/time-budget-exceeded"


@pytest.mark.parametrize(
    "body", [{"documents": []}, {"documents": {"text": "x"}}, {}, {"documents": [{}] * 5}]
)
def test_batch_shape_errors_are_422(client: FlaskClient, body) -> None:
    problem = _assert_problem(client.post("/v1/extract/batch", json=body), 422)
    assert "documents" in problem["errors"]


def test_batch_equals_single_calls(client: FlaskClient, seed_text: str) -> None:
    """nlp.pipe must not change answers: a batch gives what single calls give."""
    texts = [seed_text, "Moscow and Beijing signed a deal worth $3bn on Monday."]
    batch = client.post(
        "/v1/extract/batch",
        json={"documents": [{"text": t, "published": SEED_PUBLISHED} for t in texts]},
    ).get_json()["results"]
    for text, batched in zip(texts, batch, strict=True):
        single = client.post(
            "/v1/extract", json={"text": text, "published": SEED_PUBLISHED}
        ).get_json()
        for section in SECTIONS:
            assert batched[section] == single[section]


def test_readyz_is_503_until_the_pipeline_is_loaded(client: FlaskClient, monkeypatch) -> None:
    from service.extract import pipeline

    monkeypatch.setattr(pipeline, "is_loaded", lambda: False)
    _assert_problem(client.get("/readyz"), 503)
    assert client.get("/healthz").status_code == 200


def test_query_parameters_apply_to_a_json_body_too(client: FlaskClient) -> None:
    body = {"text": "Putin met Xi last year.", "published": "2020-01-01", "include": ["dates"]}
    response = client.post("/v1/extract?published=2022-06-15&include=entities", json=body)
    assert response.status_code == 200
    result = response.get_json()
    assert result["meta"]["anchor_date"]["value"] == "2022-06-15"  # the query's, not the body's
    assert "entities" in result and "dates" not in result


def test_unknown_query_parameters_are_refused(client: FlaskClient) -> None:
    response = client.post("/v1/extract?publshed=2022-06-15", json={"text": "Putin met Xi."})
    assert "publshed" in _assert_problem(response, 422)["errors"]


def test_a_number_past_the_digit_limit_is_a_plain_400(client: FlaskClient) -> None:
    body = b'{"text": "x", "id": ' + b"1" * 5000 + b"}"
    response = client.post("/v1/extract", data=body, content_type="application/json")
    problem = _assert_problem(response, 400)
    assert "sys." not in problem["detail"] and "int_max_str_digits" not in response.text
