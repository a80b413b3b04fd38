"""The command line's extraction: files, or JSON lines on stdin, through the same core as the API.

Kept apart from ``service.__main__`` so that ``serve`` starts gunicorn without importing spaCy.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from service.config import Settings
from service.contract import ProblemError, error_slot, load_slot
from service.contract.schemas import ExtractRequestSchema, ExtractResponseSchema
from service.extract import Document, extract_documents, parse_include, parse_published

_result_schema = ExtractResponseSchema()


def extract_jsonl(settings: Settings) -> None:
    _write_lines(extract_lines(sys.stdin, settings), sys.stdout)


def extract_files(
    paths: list[Path],
    published: str | None,
    include: str | None,
    settings: Settings,
    *,
    include_neutral: bool = False,
) -> None:
    """Print each file's result; ``ValueError`` for a bad ``published`` or ``include``."""
    day = parse_published(published)
    sections = parse_include(include.split(",") if include else None)
    documents = [
        Document(text=path.read_text(encoding="utf-8"), published=day, id=str(path),
                 include=sections, include_neutral=include_neutral)
        for path in paths
    ]  # fmt: skip
    for result in extract_documents(documents, batch_size=settings.pipe_batch_size):
        print(json.dumps(_result_schema.dump(result), ensure_ascii=False, indent=2))


def extract_lines(
    lines: Iterable[str], settings: Settings, batch_size: int | None = None
) -> Iterator[dict[str, Any]]:
    """One answer per JSON input line, in order; a bad line gets an error object, never a crash.
    The command line and the Spark batch path both read documents this way."""
    batch_size = batch_size or settings.pipe_batch_size
    schema = ExtractRequestSchema(max_text_chars=settings.max_text_chars)
    numbered = ((n, line) for n, line in enumerate(lines, start=1) if line.strip())
    # Chunks bound the memory held at once; nlp.pipe batches within each chunk.
    while chunk := list(itertools.islice(numbered, batch_size * 4)):
        slots: list[Document | dict[str, Any]] = [_read_line(n, line, schema) for n, line in chunk]
        results = extract_documents(
            [s for s in slots if isinstance(s, Document)], batch_size=batch_size
        )
        for slot in slots:
            yield _result_schema.dump(next(results)) if isinstance(slot, Document) else slot


def _read_line(number: int, line: str, schema: ExtractRequestSchema) -> Document | dict[str, Any]:
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        return error_slot(None, ProblemError(400, f"Line {number} is not valid JSON."))
    return load_slot(data, schema)


def _write_lines(items: Iterable[dict[str, Any]], out: TextIO) -> None:
    for item in items:
        # ASCII escapes keep lone surrogates from the input writable.
        out.write(json.dumps(item) + "\n")
        out.flush()
