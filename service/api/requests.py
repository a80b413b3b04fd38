"""Reading a request body into validated documents: content types, JSON and its failure modes."""

from __future__ import annotations

import json
from typing import Any

from flask import Request
from marshmallow import Schema, ValidationError

from service.api.errors import ProblemError
from service.extract import Document, parse_include

_JSON_TYPES = ("application/json",)


def read_json_object(request: Request) -> dict[str, Any]:
    """The body as a JSON object: 415 for another content type, 400 malformed, 422 not an object."""
    mimetype = request.mimetype
    if not (mimetype in _JSON_TYPES or mimetype.endswith("+json")):
        raise ProblemError(415, "Send application/json.")
    body = _parse_json(request)
    if not isinstance(body, dict):
        raise ProblemError.invalid({"_schema": ["The JSON body must be an object."]})
    return body


_QUERY_FIELDS = ("published", "id", "include", "include_neutral")
_QUERY_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}


def read_document(request: Request, schema: Schema) -> Document:
    """One article: a JSON body, or a text/plain body. Query parameters set the options with
    either; with a JSON body they take the place of the same fields in it."""
    unknown = sorted(set(request.args) - set(_QUERY_FIELDS))
    if unknown:
        raise ProblemError.invalid({name: ["Unknown query parameter."] for name in unknown})
    if request.mimetype == "text/plain":
        data: dict[str, Any] = {"text": _read_text(request)}
    elif request.mimetype in _JSON_TYPES or request.mimetype.endswith("+json"):
        data = read_json_object(request)
        load_document(data, schema)  # the body is valid on its own, whatever the query sets
    else:
        raise ProblemError(415, "Send application/json, or text/plain with query parameters.")
    for name in ("published", "id"):
        if name in request.args:
            data[name] = request.args[name]
    if "include_neutral" in request.args:
        flag = request.args["include_neutral"].strip().lower()
        data["include_neutral"] = _QUERY_BOOLEANS.get(flag, flag)  # anything else: a 422
    if "include" in request.args:
        # ?include=entities,dates and ?include=entities&include=dates both work
        data["include"] = [
            part.strip()
            for value in request.args.getlist("include")
            for part in value.split(",")
            if part.strip()
        ]
    return load_document(data, schema)


def load_document(data: Any, schema: Schema) -> Document:
    """Validate one document's fields; ``ProblemError`` (422) naming each bad field."""
    if not isinstance(data, dict):
        raise ProblemError.invalid({"_schema": ["A document must be a JSON object."]})
    try:
        loaded = schema.load(data)
    except ValidationError as exc:
        raise ProblemError.invalid(exc.messages) from exc
    return Document(
        text=loaded["text"],
        published=loaded["published"],
        id=loaded["id"],
        include=parse_include(loaded["include"]),
        include_neutral=loaded["include_neutral"],
    )


def load_slot(data: Any, schema: Schema) -> Document | dict[str, Any]:
    """A document of a batch, or the ``{id, error}`` that takes its place when it is invalid."""
    try:
        return load_document(data, schema)
    except ProblemError as problem:
        return error_slot(data, problem)


def error_slot(data: Any, problem: ProblemError) -> dict[str, Any]:
    raw_id = data.get("id") if isinstance(data, dict) else None
    return {"id": raw_id if isinstance(raw_id, str) else None, "error": problem.to_dict()}


def _parse_json(request: Request) -> Any:
    raw = request.get_data(cache=True)
    try:
        return json.loads(raw)
    except RecursionError as exc:
        raise ProblemError(400, "The JSON body is nested too deeply.") from exc
    except json.JSONDecodeError as exc:
        detail = f"The body is not valid JSON: {exc.msg} at byte {exc.pos}."
        raise ProblemError(400, detail) from exc
    except UnicodeDecodeError as exc:
        raise ProblemError(400, f"The body is not valid UTF-8 (byte {exc.start}).") from exc
    except ValueError as exc:
        # Python's words for a number past its digit limit name the interpreter's settings.
        raise ProblemError(400, "The body is not valid JSON: a number is too long.") from exc


def _read_text(request: Request) -> str:
    charset = (request.mimetype_params.get("charset") or "utf-8").lower()
    if charset not in ("utf-8", "utf8", "us-ascii", "ascii"):
        raise ProblemError(415, "text/plain bodies must be UTF-8.")
    try:
        return request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemError(400, f"The body is not valid UTF-8 (byte {exc.start}).") from exc
