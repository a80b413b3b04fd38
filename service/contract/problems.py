"""The problem type (RFC 9457) every error is reported as, by the web layer, the CLI and Spark.

Plain Python: the web layer turns it into a response (``service.api.errors``); the batch paths
put its ``to_dict()`` in the slot of a document they could not read.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

PROBLEM_MIMETYPE = "application/problem+json"
#: The problem type of 422s: the ``errors`` member maps each invalid field to its messages.
VALIDATION_PROBLEM = "/problems/validation-error"


class ProblemError(Exception):
    """Raised anywhere in the service to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: dict[str, Any] | None = None,
        type: str = "about:blank",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors
        self.type = type
        self.headers = headers or {}

    @classmethod
    def invalid(cls, errors: dict[str, Any] | list[Any], detail: str | None = None) -> ProblemError:
        if not isinstance(errors, dict):  # marshmallow reports a non-object body as a list
            errors = {"_schema": errors}
        return cls(
            422,
            detail or "The request has invalid fields; see `errors`.",
            errors=errors,
            type=VALIDATION_PROBLEM,
        )

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.type,
            "title": HTTPStatus(self.status).phrase,
            "status": self.status,
            "detail": self.detail,
        }
        if self.errors is not None:
            body["errors"] = self.errors
        return body
