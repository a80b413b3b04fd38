"""Command line: ``python -m service extract ...`` and ``python -m service serve``.

python -m service extract --jsonl < docs.jsonl > results.jsonl
python -m service extract article.txt other.txt --published 2022-06-15
python -m service serve --port 8000
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from service.api.errors import ProblemError
from service.api.requests import error_slot, load_slot
from service.api.schemas import ExtractRequestSchema, ExtractResponseSchema
from service.config import Settings
from service.extract import Document, extract_documents, parse_include, parse_published

_result_schema = ExtractResponseSchema()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    ext = commands.add_parser("extract", help="extract from files or JSON lines on stdin")
    ext.add_argument("files", nargs="*", type=Path, help="text files, one article each")
    ext.add_argument("--jsonl", action="store_true", help="read JSON lines on stdin")
    ext.add_argument("--published", help="publication date for FILE arguments (ISO 8601)")
    ext.add_argument("--include", help="comma-separated sections (default: all)")

    serve = commands.add_parser("serve", help="run the HTTP service under gunicorn")
    serve.add_argument("--port", type=int, help="port (default NEWSX_PORT or 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default: one per core)")

    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args.port, args.workers)
    settings = Settings.from_env()
    if args.jsonl:
        if args.files:
            parser.error("give either --jsonl or FILE arguments, not both")
        _write_lines(_extract_jsonl(sys.stdin, settings), sys.stdout)
        return 0
    if not args.files:
        parser.error("give FILE arguments or --jsonl")
    try:
        published = parse_published(args.published)
        include = parse_include(args.include.split(",") if args.include else None)
    except ValueError as exc:
        parser.error(str(exc))
    documents = [
        Document(text=path.read_text(encoding="utf-8"), published=published, id=str(path),
                 include=include)
        for path in args.files
    ]  # fmt: skip
    for result in extract_documents(documents, batch_size=settings.pipe_batch_size):
        print(json.dumps(_result_schema.dump(result), ensure_ascii=False, indent=2))
    return 0


def _extract_jsonl(lines: Iterable[str], settings: Settings) -> Iterator[dict[str, Any]]:
    """One answer per input line, in order; a bad line gets an error object, never a crash."""
    schema = ExtractRequestSchema(max_text_chars=settings.max_text_chars)
    numbered = ((n, line) for n, line in enumerate(lines, start=1) if line.strip())
    while chunk := list(itertools.islice(numbered, settings.pipe_batch_size)):
        slots: list[Document | dict[str, Any]] = [_read_line(n, line, schema) for n, line in chunk]
        results = extract_documents([s for s in slots if isinstance(s, Document)])
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


def _serve(port: int | None, workers: int | None) -> int:
    if port is not None:
        os.environ["NEWSX_PORT"] = str(port)
    if workers is not None:
        os.environ["NEWSX_WORKERS"] = str(workers)
    argv = [sys.executable, "-m", "gunicorn", "--config", "python:service.gunicorn_conf"]
    os.execv(sys.executable, argv)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
