"""The OpenAPI description, generated from the marshmallow schemas.

``make openapi`` writes it to ``openapi.yaml`` at the project root; ``GET /openapi.yaml`` serves
the same text, and a test fails when the file is stale.
"""

from __future__ import annotations

import functools
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.yaml_utils import dict_to_yaml

from service import __version__
from service.config import Settings
from service.contract import PROBLEM_MIMETYPE, schemas
from service.extract import SECTIONS

# Nested schemas are registered on first use under their class name less "Schema": list the
# shared ones first so they keep these names.
_COMPONENTS = {
    "Problem": schemas.ProblemSchema,
    "ExtractRequest": schemas.ExtractRequestSchema,
    "ExtractResponse": schemas.ExtractResponseSchema,
    "BatchRequest": schemas.BatchRequestSchema,
    "BatchResponse": schemas.BatchResponseSchema,
    "Info": schemas.InfoSchema,
    "Status": schemas.StatusSchema,
}


def _json(ref: str) -> dict[str, Any]:
    return {"application/json": {"schema": ref}}


def _problems(*statuses: int) -> dict[str, Any]:
    return {
        str(status): {
            "description": _PROBLEM_TEXT[status],
            "content": {PROBLEM_MIMETYPE: {"schema": "Problem"}},
        }
        for status in statuses
    }


_PROBLEM_TEXT = {
    400: "Malformed body (invalid JSON or UTF-8, nested too deeply).",
    401: "Missing or wrong API key (only when keys are configured).",
    404: "Unknown path.",
    405: "Method not allowed.",
    413: "Body larger than the configured limit.",
    415: "Unsupported content type.",
    422: "Invalid fields; `errors` names each.",
    503: "Not ready yet, or the request exceeded its time budget.",
}


# What the text/plain ``include`` parameter accepts: sections separated by commas, spaces and
# empty items ignored (``service.contract.documents.read_document``).
_SECTION = "(?:" + "|".join(SECTIONS) + ")"
_INCLUDE_PATTERN = rf"^\s*{_SECTION}?\s*(?:,\s*{_SECTION}?\s*)*$"


def build_spec() -> APISpec:
    spec = APISpec(
        title="News extraction service",
        version=__version__,
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={
            "description": "Entities, dates, trade figures and stances from a news article. "
            "Offsets are Unicode code points, end exclusive."
        },
    )
    for name, schema in _COMPONENTS.items():
        spec.components.schema(name, schema=schema)
    # Keys are optional: with none configured the service is open ({} = no credentials).
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.security_scheme(
        "apiKey", {"type": "apiKey", "in": "header", "name": "X-API-Key"}
    )
    keyed = [{}, {"bearer": []}, {"apiKey": []}]

    text_params = [
        {"name": name, "in": "query", "required": False, "schema": schema, "description": text}
        for name, schema, text in (
            (
                "published",
                {"anyOf": schemas.ISO_DATE_OR_DATETIME[:2]},
                "Publication date (with a JSON body, in place of its field).",
            ),
            (
                "id",
                {"type": "string", "maxLength": 256},
                "Caller's identifier (with a JSON body, in place of its field).",
            ),
            (
                "include",
                {"type": "string", "pattern": _INCLUDE_PATTERN},
                "Comma-separated sections (with a JSON body, in place of its field).",
            ),
            (
                "include_neutral",
                {"type": "boolean"},
                "Also return all-neutral actor pairs (with a JSON body, in place of its field).",
            ),
        )
    ]
    spec.path(
        path="/v1/extract",
        operations={
            "post": {
                "summary": "Extract the four sections from one article.",
                "security": keyed,
                "parameters": text_params,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": "ExtractRequest"},
                        "text/plain": {"schema": {"type": "string"}},
                    },
                },
                "responses": {
                    "200": {"description": "The extraction.", "content": _json("ExtractResponse")},
                    **_problems(400, 401, 413, 415, 422, 503),
                },
            }
        },
    )
    spec.path(
        path="/v1/extract/batch",
        operations={
            "post": {
                "summary": "Extract from many articles; a bad document fails only its own slot.",
                "security": keyed,
                "requestBody": {"required": True, "content": _json("BatchRequest")},
                "responses": {
                    "200": {
                        "description": "One result per document, in order.",
                        "content": _json("BatchResponse"),
                    },
                    **_problems(400, 401, 413, 415, 422, 503),
                },
            }
        },
    )
    spec.path(
        path="/v1/info",
        operations={
            "get": {
                "summary": "Versions, section names, labels and limits.",
                "security": keyed,
                "responses": {
                    "200": {"description": "Service facts.", "content": _json("Info")},
                    **_problems(401),
                },
            }
        },
    )
    for path, summary, ok, content, problems in (
        ("/healthz", "Liveness: the process answers.", "Alive.", _json("Status"), ()),
        (
            "/readyz",
            "Readiness: the language pipeline is loaded.",
            "Ready.",
            _json("Status"),
            (503,),
        ),
        (
            "/metrics",
            "Prometheus metrics, summed over all workers.",
            "Prometheus text exposition format.",
            {"text/plain": {"schema": {"type": "string"}}},
            (),
        ),
        (
            "/openapi.yaml",
            "This description.",
            "OpenAPI 3.1 document.",
            {"application/yaml": {"schema": {"type": "string"}}},
            (),
        ),
    ):
        responses = {"200": {"description": ok, "content": content}, **_problems(*problems)}
        spec.path(path=path, operations={"get": {"summary": summary, "responses": responses}})
    return spec


@functools.cache
def spec_dict(settings: Settings | None = None) -> dict[str, Any]:
    """The description, with the limits of ``settings`` (the defaults when None: the file)."""
    spec = build_spec().to_dict()
    if settings is not None:
        found = spec["components"]["schemas"]
        found["ExtractRequest"]["properties"]["text"]["maxLength"] = settings.max_text_chars
        documents = found["BatchRequest"]["properties"]["documents"]
        documents["maxItems"] = settings.max_batch_documents
    return spec


@functools.cache
def spec_yaml(settings: Settings | None = None) -> str:
    return dict_to_yaml(spec_dict(settings))
