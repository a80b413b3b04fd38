"""The temporal lexicon, ``service/knowledge/temporal.json``, and the number words of
``numbers.json``: the words every date rule's pattern, acceptance test and normalizer read."""

from __future__ import annotations

from functools import cache
from typing import Any

from service.knowledge import read_json


def lexicon() -> dict[str, Any]:
    """The whole of ``temporal.json``, read once per process (do not mutate it)."""
    return read_json("temporal.json")


def cardinals(low: int, high: int) -> list[str]:
    """The cardinal words from ``low`` to ``high`` ("twenty" ... "ninety"), in order."""
    return [w for w, v in read_json("numbers.json")["cardinals"].items() if low <= v <= high]


@cache
def count_words() -> dict[str, float]:
    """Every word or phrase a date counts in -> its value: the cardinals from one, the scales
    up to a thousand ("12,000 years" is written in digits) and the phrases of ``temporal.json``
    ("a couple of", "half a")."""
    numbers = read_json("numbers.json")
    return (
        {w: v for w, v in numbers["cardinals"].items() if v > 0}
        | {w: v for w, v in numbers["scales"].items() if v <= 1000}
        | lexicon()["numbers"]
    )
