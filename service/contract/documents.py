"""Reading documents: a request body (content types, JSON and its failure modes) or one batch line.

Framework-free: the web layer hands in a :class:`Body` made from its request; the CLI and Spark
validate their JSON lines with :func:`load_slot`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, ValidationError

from service.contract.problems import ProblemError
from service.extract import Document, parse_include

_JSON_TYPES = ("application/json",)


@dataclass(frozen=True)
class Body:
    """What the reader needs of an HTTP request. ``read`` is called only once the query and the
    content type are accepted, so those are reported before a body too large to read."""

    mimetype: str
    mimetype_params: Mapping[str, str]
    #: Each query parameter's values, in order.
    query: Mapping[str, Sequence[str]]
    read: Callable[[], bytes]


def read_json_object(body: Body) -> dict[str, Any]:
    """The body as a JSON object: 415 for another content type, 400 malformed, 422 not an object."""
    mimetype = body.mimetype
    if not (mimetype in _JSON_TYPES or mimetype.endswith("+json")):
        raise ProblemError(415, "Send application/json.")
    data = _parse_json(body.read())
    if not isinstance(data, dict):
        raise ProblemError.invalid({"_schema": ["The JSON body must be an object."]})
    return data


_QUERY_FIELDS = ("published", "id", "include", "include_neutral")
_QUERY_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}


def read_document(body: Body, schema: Schema) -> Document:
    """One article: a JSON body, or a text/plain body. Query parameters set the options with
    either; with a JSON body they take the place of the same fields in it."""
    query = body.query
    unknown = sorted(set(query) - set(_QUERY_FIELDS))
    if unknown:
        raise ProblemError.invalid({name: ["Unknown query parameter."] for name in unknown})
    if body.mimetype == "text/plain":
        data: dict[str, Any] = {"text": _read_text(body)}
    elif body.mimetype in _JSON_TYPES or body.mimetype.endswith("+json"):
        data = read_json_object(body)
        load_document(data, schema)  # the body is valid on its own, whatever the query sets
    else:
        raise ProblemError(415, "Send application/json, or text/plain with query parameters.")
    for name in ("published", "id"):
        if name in query:
            data[name] = query[name][0]
    if "include_neutral" in query:
        flag = query["include_neutral"][0].strip().lower()
        data["include_neutral"] = _QUERY_BOOLEANS.get(flag, flag)  # anything else: a 422
    if "include" in query:
        # ?include=entities,dates and ?include=entities&include=dates both work
        data["include"] = [
            part.strip() for value in query["include"] for part in value.split(",") if part.strip()
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


def _parse_json(raw: bytes) -> Any:
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


def _read_text(body: Body) -> str:
    charset = (body.mimetype_params.get("charset") or "utf-8").lower()
    if charset not in ("utf-8", "utf8", "us-ascii", "ascii"):
        raise ProblemError(415, "text/plain bodies must be UTF-8.")
    try:
        return body.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemError(400, f"The body is not valid UTF-8 (byte {exc.start}).") from exc
