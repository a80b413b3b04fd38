"""The versioned API: ``/v1/extract``, ``/v1/extract/batch`` and ``/v1/info``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from service import __version__
from service.api.errors import ProblemError
from service.api.requests import load_document, read_document, read_json_object
from service.api.schemas import (
    BatchErrorSchema,
    BatchRequestSchema,
    ExtractRequestSchema,
    ExtractResponseSchema,
    InfoSchema,
)
from service.config import Settings
from service.extract import SECTIONS, Document, extract_documents, pipeline
from service.extract.entities import ENTITY_TYPES
from service.extract.model import DATE_TYPES, STANCE_LABELS

v1 = Blueprint("v1", __name__, url_prefix="/v1")

_result_schema = ExtractResponseSchema()
_batch_error_schema = BatchErrorSchema()
_info_schema = InfoSchema()


def _settings() -> Settings:
    return current_app.extensions["newsx.settings"]


def _request_schema() -> ExtractRequestSchema:
    return current_app.extensions["newsx.request_schema"]


@v1.post("/extract")
def extract_one() -> Response:
    document = read_document(request, _request_schema())
    result = next(extract_documents([document]))
    return _no_store(jsonify(_result_schema.dump(result)))


@v1.post("/extract/batch")
def extract_batch() -> Response:
    settings = _settings()
    body = BatchRequestSchema(max_documents=settings.max_batch_documents).load(
        read_json_object(request)
    )
    slots: list[Document | dict[str, Any]] = []
    for raw in body["documents"]:
        try:
            slots.append(load_document(raw, _request_schema()))
        except ProblemError as problem:
            raw_id = raw.get("id") if isinstance(raw, dict) else None
            slots.append(
                _batch_error_schema.dump(
                    {"id": raw_id if isinstance(raw_id, str) else None, "error": problem.to_dict()}
                )
            )
    valid = [slot for slot in slots if isinstance(slot, Document)]
    results = iter(extract_documents(valid, batch_size=settings.pipe_batch_size))
    answers = [
        _result_schema.dump(next(results)) if isinstance(slot, Document) else slot for slot in slots
    ]
    return _no_store(jsonify({"results": answers}))


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


def _no_store(response: Response) -> Response:
    # Results are per-request computations over the caller's text: never cache them.
    response.headers["Cache-Control"] = "no-store"
    return response
