"""The versioned API: ``/v1/extract``, ``/v1/extract/batch`` and ``/v1/info``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from service import __version__
from service.api import metrics
from service.api.auth import require_key
from service.api.budget import BudgetExceeded, time_budget
from service.config import Settings
from service.contract import (
    Body,
    ProblemError,
    error_slot,
    load_slot,
    read_document,
    read_json_object,
)
from service.contract.schemas import (
    BatchRequestSchema,
    ExtractRequestSchema,
    ExtractResponseSchema,
    InfoSchema,
)
from service.extract import (
    SECTIONS,
    Document,
    ExtractionResult,
    Failure,
    extract_documents,
    extract_each,
    pipeline,
)
from service.extract.entities import ENTITY_TYPES
from service.extract.results import DATE_TYPES, STANCE_LABELS

v1 = Blueprint("v1", __name__, url_prefix="/v1")

_result_schema = ExtractResponseSchema()
_info_schema = InfoSchema()


def _settings() -> Settings:
    return current_app.extensions["newsx.settings"]


def _request_schema() -> ExtractRequestSchema:
    return current_app.extensions["newsx.request_schema"]


def _body() -> Body:
    """The request as the contract's reader sees it; the body is read only when it asks."""
    return Body(
        mimetype=request.mimetype,
        mimetype_params=request.mimetype_params,
        query=request.args.to_dict(flat=False),
        read=lambda: request.get_data(cache=True),
    )


@v1.before_request
def _authenticate() -> None:
    digests = current_app.extensions["newsx.api_keys"]
    if digests:
        require_key(digests)


def _extract(documents: list[Document]) -> list[ExtractionResult]:
    """Run the core within the time budget and count what it did."""
    settings = _settings()
    with time_budget(settings.request_budget_seconds):
        results = list(extract_documents(documents, batch_size=settings.pipe_batch_size))
    metrics.observe_results(results, sum(len(d.text) for d in documents))
    return results


@v1.post("/extract")
def extract_one() -> Response:
    document = read_document(_body(), _request_schema())
    (result,) = _extract([document])
    return jsonify(_result_schema.dump(result))


@v1.post("/extract/batch")
def extract_batch() -> Response:
    settings = _settings()
    body = BatchRequestSchema(max_documents=settings.max_batch_documents).load(
        read_json_object(_body())
    )
    slots = [load_slot(raw, _request_schema()) for raw in body["documents"]]
    answers = iter(_extract_slots([slot for slot in slots if isinstance(slot, Document)]))
    return jsonify({"results": [next(answers) if isinstance(s, Document) else s for s in slots]})


def _extract_slots(documents: list[Document]) -> list[dict[str, Any]]:
    """Each document's answer or its own problem, in order: a document that fails gets a 500
    problem in its slot; when the request's time budget runs out, the document being processed
    (and any not started) gets the 503 problem, and the answers already made are kept."""
    settings = _settings()
    answers: list[dict[str, Any]] = []
    done: list[ExtractionResult] = []
    try:
        with time_budget(settings.request_budget_seconds):
            outcomes = extract_each(documents, batch_size=settings.pipe_batch_size)
            for document, outcome in zip(documents, outcomes, strict=True):
                if isinstance(outcome, Failure):
                    answers.append(error_slot({"id": document.id}, _FAILED))
                else:
                    done.append(outcome)
                    answers.append(_result_schema.dump(outcome))
    except BudgetExceeded as spent:
        answers.extend(error_slot({"id": d.id}, spent) for d in documents[len(answers) :])
    metrics.observe_results(done, sum(len(d.text) for d in documents))
    return answers


_FAILED = ProblemError(500, "The service failed to process this document.")


@v1.get("/info")
def info() -> Response:
    settings = _settings()
    pipeline.load()
    return jsonify(
        _info_schema.dump(
            {
                "service_version": __version__,
                "models": [{"name": n, "version": v} for n, v in pipeline.model_info()],
                "sections": list(SECTIONS),
                "entity_types": list(ENTITY_TYPES),
                "date_types": list(DATE_TYPES),
                "stance_labels": list(STANCE_LABELS),
                "limits": {
                    "max_body_bytes": settings.max_body_bytes,
                    "max_text_chars": settings.max_text_chars,
                    "max_batch_documents": settings.max_batch_documents,
                },
            }
        )
    )
