"""Command line: ``python -m service extract ...`` and ``python -m service serve``.

python -m service extract --jsonl < docs.jsonl > results.jsonl
python -m service extract article.txt other.txt --published 2022-06-15
python -m service serve --port 8000
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    ext = commands.add_parser("extract", help="extract from files or JSON lines on stdin")
    ext.add_argument("files", nargs="*", type=Path, help="text files, one article each")
    ext.add_argument("--jsonl", action="store_true", help="read JSON lines on stdin")
    ext.add_argument("--published", help="publication date for FILE arguments (ISO 8601)")
    ext.add_argument("--include", help="comma-separated sections (default: all)")
    ext.add_argument(
        "--include-neutral", action="store_true", help="also report all-neutral actor pairs"
    )

    serve = commands.add_parser("serve", help="run the HTTP service under gunicorn")
    serve.add_argument("--port", type=int, help="port (default NEWSX_PORT or 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default: one per core)")

    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args.port, args.workers)
    if args.jsonl and args.files:
        parser.error("give either --jsonl or FILE arguments, not both")
    if not (args.jsonl or args.files):
        parser.error("give FILE arguments or --jsonl")

    # Imported here: loading spaCy is only needed to extract, not to start gunicorn.
    from service import cli
    from service.config import Settings

    settings = Settings.from_env()
    if args.jsonl:
        cli.extract_jsonl(settings)
        return 0
    try:
        cli.extract_files(
            args.files, args.published, args.include, settings, include_neutral=args.include_neutral
        )
    except ValueError as exc:
        parser.error(str(exc))
    return 0


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
