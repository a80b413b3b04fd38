"""Numbers written in words: "three billion", "one point six", "one-half", "two-thirds",
"one and a half", and the vague amounts news writes instead of a number ("tens of millions").

Pure text, no spaCy. ``words_value`` reads a run of number words matched by ``WORDS``.
"""

from __future__ import annotations

import re

from text_to_num import text2num

from service.extract.figures.lexicon import SP
from service.knowledge import read_json

_NUMBERS = read_json("numbers.json")
#: The cardinal words, "zero" to "ninety", and the scales, "hundred" to "trillion", in order.
UNITS = "|".join(_NUMBERS["cardinals"])
SCALE_WORDS = "|".join(_NUMBERS["scales"])
#: Fraction words and their value: "one-half", "two-thirds", "three quarters", "a fifth".
FRACTIONS: dict[str, float] = {
    "half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4,
    "quarters": 1 / 4, "fifth": 1 / 5, "fifths": 1 / 5, "eighth": 1 / 8, "eighths": 1 / 8,
    "tenth": 1 / 10, "tenths": 1 / 10,
}  # fmt: skip
# "third", "fifth", "tenth" alone are ordinals ("the third quarter"): they count as fractions
# only after a numerator or "a" ("two-thirds", "a fifth"), see ``words_value``.
_FRACTION_WORDS = (
    "halves|half|thirds|third|quarters|quarter|fifths|fifth|eighths|eighth|tenths|tenth"
)
WORD = rf"(?:{UNITS}|{SCALE_WORDS}|{_FRACTION_WORDS}|point|an|a)"
DIGIT_WORDS = {w: str(i) for i, w in enumerate(UNITS.split("|")[:10])}
_NUMERATORS = frozenset(UNITS.split("|")[:11]) | {"a", "an"}
_ORDINAL_ONLY = frozenset({"third", "fifth", "eighth", "tenth"})
#: Vague amounts: "tens of millions of dollars", "hundreds of billions", "millions of euros".
VAGUE = re.compile(
    rf"(?<![\w-])(?:(?P<mult>tens|hundreds|dozens){SP}+of{SP}+)?"
    rf"(?P<scale>thousands|millions|billions|trillions){SP}+of(?={SP})",
    re.IGNORECASE,
)
_VAGUE_MULT = {None: 1.0, "tens": 10.0, "dozens": 12.0, "hundreds": 100.0}
_VAGUE_SCALE = {"thousands": 1e3, "millions": 1e6, "billions": 1e9, "trillions": 1e12}


def vague_range(match: re.Match[str]) -> tuple[float, float]:
    """The range a vague amount stands for: "tens of millions" 10 million to 100 million."""
    mult = match.group("mult")
    low = _VAGUE_MULT[mult.lower() if mult else None] * _VAGUE_SCALE[match.group("scale").lower()]
    return low, low * (10.0 if mult else 1000.0)


def words_value(raw: str) -> float | None:
    """Value of a run of number words; ``None`` when it is not a number ("a", "million")."""
    # "and" is kept as a marker: "one and a half" adds, "one-half" multiplies.
    tokens = [t for t in re.split(r"[\s-]+", raw.lower()) if t]
    if not tokens or all(t in ("a", "an", "and") for t in tokens):
        return None
    if tokens[0] in _NUMBERS["scales"]:
        return None  # "millions of dollars" is no amount
    if len(tokens) > 1 and tokens[0] in ("a", "an") and tokens[1] in DIGIT_WORDS:
        tokens = tokens[1:]  # "a one point six billion dollar plan"
    if "point" in tokens:
        return _decimal_words([t for t in tokens if t != "and"])
    for index, token in enumerate(tokens):
        if token in FRACTIONS:
            return _fraction(tokens, index)
    tokens = [t for t in tokens if t != "and"]
    if tokens[0] in ("a", "an"):
        tokens[0] = "one"
    if any(t in ("a", "an") for t in tokens):
        return None
    return _text2num(tokens)


def _fraction(tokens: list[str], index: int) -> float | None:
    """ "two-thirds" (2/3), "one and a half" (1 + 1/2), "half a million" (1/2 x 1e6)."""
    token = tokens[index]
    before, after = tokens[:index], [t for t in tokens[index + 1 :] if t not in ("a", "an")]
    numerator = 1.0
    whole = 0.0
    if before and before[-1] in _NUMERATORS:
        numerator = 1.0 if before[-1] in ("a", "an") else float(DIGIT_WORDS.get(before[-1], 10))
        before = before[:-1]
    elif token in _ORDINAL_ONLY:
        return None  # "third" alone is an ordinal
    if before and before[-1] == "and":
        whole_tokens = [t for t in before[:-1] if t not in ("a", "an")]
        parsed = _text2num(whole_tokens) if whole_tokens else None
        if parsed is None:
            return None
        whole = parsed
    elif before:
        # "three quarters billion": the numerator may be any number of words ("twenty thirds"
        # is rare, but "three quarters" is common).
        parsed = _text2num([t for t in before if t not in ("a", "an", "and")])
        if parsed is None:
            return None
        numerator *= parsed
    scale = _text2num(after) if after else 1.0
    if scale is None:
        return None
    return (whole + numerator * FRACTIONS[token]) * scale


def _decimal_words(tokens: list[str]) -> float | None:
    """ "one point six billion": digits after "point" one by one, then the scale words."""
    at = tokens.index("point")
    whole = _text2num(tokens[:at]) if at else 0.0
    digits = ""
    rest = tokens[at + 1 :]
    while rest and rest[0] in DIGIT_WORDS:
        digits += DIGIT_WORDS[rest.pop(0)]
    if whole is None or not digits:
        return None
    scale = _text2num(rest) if rest else 1.0
    return None if scale is None else float(f"{int(whole)}.{digits}") * scale


def _text2num(tokens: list[str]) -> float | None:
    try:
        return float(text2num(" ".join(tokens), "en"))
    except ValueError:
        return None
