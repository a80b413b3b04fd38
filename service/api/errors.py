"""Every error leaves the web service as ``application/problem+json`` (RFC 9457), from this module.

The problem type itself is framework-free, in ``service.contract``; here it becomes a response.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, Response, json
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from service.contract import PROBLEM_MIMETYPE, ProblemError

log = logging.getLogger(__name__)


def problem_response(error: ProblemError) -> Response:
    response = Response(json.dumps(error.to_dict()), status=error.status, mimetype=PROBLEM_MIMETYPE)
    response.headers.update(error.headers)
    return response


# Clearer words than werkzeug's defaults, which talk about "the browser".
_DETAILS = {
    404: "No resource at this path; see /openapi.yaml for the API.",
    405: "This method is not allowed on this path.",
    413: "The request body is larger than the configured limit.",
    415: "Unsupported content type.",
}


def _on_http_exception(exc: HTTPException) -> Response:
    status = exc.code or 500
    headers = {}
    if status == 405:
        headers = {k: v for k, v in exc.get_headers() if k == "Allow"}
    detail = _DETAILS.get(status) or exc.description or HTTPStatus(status).phrase
    if status == 413 and exc.description and "limit" in exc.description:
        detail = exc.description
    return problem_response(ProblemError(status, detail, headers=headers))


def _on_unexpected(exc: Exception) -> Response:
    # Never leak internals: log the trace, answer with a generic problem.
    log.exception("unhandled error")
    return problem_response(ProblemError(500, "The service failed to process this request."))


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(ProblemError, problem_response)
    app.register_error_handler(
        ValidationError, lambda exc: problem_response(ProblemError.invalid(exc.messages))
    )
    app.register_error_handler(HTTPException, _on_http_exception)
    app.register_error_handler(Exception, _on_unexpected)
