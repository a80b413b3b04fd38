"""The temporal lexicon, ``service/knowledge/temporal.json``: the words every date rule's
pattern, acceptance test and normalizer read."""

from __future__ import annotations

from typing import Any

from service.knowledge import read_json


def lexicon() -> dict[str, Any]:
    """The whole file, read once per process (do not mutate it)."""
    return read_json("temporal.json")
