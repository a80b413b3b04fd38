"""The knowledge files: found one way (as package resources of ``service.knowledge``) and read
once per process.

Every word list the sections use lives in one of these files and is read through the functions
here, never re-typed in code. The readers are cached (``functools.cache``): a file is parsed the
first time it is asked for and the same object is returned after, so callers must not mutate
what they get (copy it: ``dict(...)``, ``frozenset(...)``). The build scripts
(``build_places.py``, ``build_wikidata.py``) write files here; they are not read through this.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml

__all__ = ["path", "read_json", "read_rows", "read_table", "read_text", "read_yaml"]

# The C loaders when PyYAML was built with them: the curated files are read at start-up.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def path(name: str) -> Traversable:
    """The knowledge file ``name`` (``"temporal.json"``), wherever the package is installed."""
    return resources.files(__name__).joinpath(name)


@cache
def read_text(name: str) -> str:
    return path(name).read_text(encoding="utf-8")


@cache
def read_json(name: str) -> Any:
    return _decode(name, json.loads(read_text(name)))


@cache
def read_yaml(name: str, *, strings: bool = False) -> Any:
    """A YAML file; ``strings=True`` keeps every scalar a string: word lists, where YAML 1.1
    would read a bare ``on``, ``no`` or ``off`` as a boolean (a bug this project had)."""
    loader = yaml.BaseLoader if strings else _SAFE_LOADER
    return _decode(name, yaml.load(read_text(name), Loader=loader))


@cache
def read_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a tab-separated file, split on tabs; blank lines and ``#`` comments skipped.
    (The files quote nothing, so a plain split reads them as the ``csv`` module would.)"""
    lines = read_text(name).splitlines()
    return tuple(
        tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#")
    )


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """A tab-separated file whose first row names the columns: one dict per row."""
    header, *rows = read_rows(name)
    return _decode(name, tuple(dict(zip(header, row, strict=True)) for row in rows))


def _decode(name: str, data: Any) -> Any:
    """What every reader returns its parsed file through (the key-coverage test wraps it to
    record which keys the code reads)."""
    return data
