"""Lengths of time and frequencies: "three years", "decades-long", "every other week", "a year"
after a price (a rate); the ISO 8601 durations and approximation modifiers they take."""

from __future__ import annotations

import re

from service.extract.dates.lexicon import lexicon
from service.extract.dates.norms import (
    DAY_PARTS,
    Context,
    Norm,
    group,
    month_number,
    weekday_number,
)
from service.extract.dates.number_words import parse_number
from service.extract.dates.timex_arith import Gran

_UNIT_SPEC = re.compile(r"P(?P<time>T)?(?P<count>\d+)(?P<letter>[A-Z])")


def _unit(spec: list[str]) -> tuple[str, int, bool, Gran]:
    """``["PT1M", "D"]`` -> ("M", 1, True, "D"): the letter, the count of it one unit is,
    whether it is a time-of-day unit, and the granularity of a date counted in it."""
    duration, gran = spec
    m = _UNIT_SPEC.fullmatch(duration)
    if m is None:
        raise ValueError(f"temporal.json units: {duration!r} is no ISO 8601 duration")
    return m["letter"], int(m["count"]), bool(m["time"]), gran  # type: ignore[return-value]


# unit word -> (duration letter, multiplier, is a time-of-day unit, granularity for points)
_UNITS: dict[str, tuple[str, int, bool, Gran]] = {
    word: _unit(spec) for word, spec in lexicon()["units"].items()
}


#: "centuries" -> "century": the plurals that are not the word and "s".
_SINGULARS: dict[str, str] = {plural: word for word, plural in lexicon()["unit_plurals"].items()}


def _unit_word(word: str) -> str:
    word = word.lower()
    word = _SINGULARS.get(word, word)
    return word[:-1] if word.endswith("s") and word[:-1] in _UNITS else word


def unit_info(word: str) -> tuple[str, int, bool, Gran]:
    return _UNITS[_unit_word(word)]


def has_duration(word: str) -> bool:
    """Whether a unit word has a length ("year" does; "half", "the past half", says of what only
    the text around it can tell)."""
    return _unit_word(word) in _UNITS


#: TimeML's duration units for centuries and millennia: a vague count of them ("centuries")
#: has no multiple in years. Decades stay years, as counted ones do ("two decades", P20Y).
_LARGE_UNITS = {100: "C", 1000: "L"}


def duration_value(amount: float | None, unit: str) -> str:
    """ISO 8601 duration: ``P4M``, ``PT3H``, ``P18M`` for 1.5 years, ``PXY`` when vague."""
    letter, multiplier, is_time, _ = unit_info(unit)
    prefix = "PT" if is_time else "P"
    if amount is None:
        # "centuries": TimeML's unit for them, a vague count has no multiple in years
        return f"{prefix}X{_LARGE_UNITS.get(multiplier, letter)}"
    amount *= multiplier
    if amount != int(amount):
        # A fraction goes one unit down, as people say it: 1.5 years = 18 months.
        if is_time:
            smaller = {"H": ("M", 60), "M": ("S", 60)}
        else:
            smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24)}
        if letter in smaller and (amount * smaller[letter][1]).is_integer():
            down, factor = smaller[letter]
            prefix = "PT" if is_time or letter == "D" else "P"
            whole = int(amount)
            if (whole and letter in ("Y", "H")) or (is_time and whole):  # P2Y6M, PT5H30M
                rest = int((amount - whole) * factor)
                return f"{prefix}{whole}{letter}{rest}{down}"
            return f"{prefix}{int(amount * factor)}{down}"
        return f"{prefix}{amount:g}{letter}"
    return f"{prefix}{int(amount)}{letter}"


_APPROX: dict[str, str] = {" ".join(k.split()): v for k, v in lexicon()["modifiers"].items()}


def approx_mod(m: re.Match[str]) -> str | None:
    word = group(m, "amod")
    if word:
        return _APPROX.get(word)
    return "APPROX" if group(m, "orso") else None  # "a week or so ago"


def n_duration(m: re.Match[str], ctx: Context) -> Norm | None:
    tail = group(m, "tail") or ""
    if tail.endswith("old"):
        return None  # an age, not a time expression
    amount = parse_number(m["num"])
    if m["half"] and amount is not None:
        amount += 0.5
    return Norm("DURATION", duration_value(amount, m["unit"]), approx_mod(m))


def n_duration_range(m: re.Match[str], ctx: Context) -> Norm | None:
    """The first length of a range ("two" in "two to six days"), in the unit that ends it."""
    if group(m, "tail"):
        return None  # "12 to 14 years old" is an age, "3-5 years ago" a date
    return Norm("DURATION", duration_value(parse_number(m["num"]), m["unit"]), approx_mod(m))


def n_vague_duration(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DURATION", duration_value(None, m["unit"]))


def n_long_adj(m: re.Match[str], ctx: Context) -> Norm | None:
    """ "day-long" is one day; "decades-long" some decades."""
    unit = m["unit"].lower()
    plural = unit.endswith(("s", "ies"))
    return Norm("DURATION", duration_value(None if plural else 1.0, unit))


def n_set(m: re.Match[str], ctx: Context) -> Norm | None:
    lex = lexicon()
    if m["adv"]:
        return Norm("SET", lex["sets"][group(m, "adv") or ""])
    word = group(m, "unit") or group(m, "unit2") or ""
    if word in lex["weekdays"]:
        return Norm("SET", f"XXXX-WXX-{weekday_number(word)}")
    if word.rstrip(".") in lex["months"]:
        return Norm("SET", f"XXXX-{month_number(word):02d}")
    if word in lex["seasons"]:
        return Norm("SET", f"XXXX-{lex['seasons'][word]}")
    if word in ("morning", "evening", "night"):
        return Norm("SET", f"XXXX-XX-XXT{DAY_PARTS[word]}")
    amount = parse_number(m["num"]) if m["num"] else 1.0
    if m["other"]:
        amount = 2.0
    return Norm("SET", duration_value(amount, word))


def n_rate(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("SET", duration_value(1, m["unit"]))


def n_period_ended(m: re.Match[str], ctx: Context) -> Norm | None:
    amount = parse_number(m["num"]) if m["num"] else 1.0
    return Norm("DURATION", duration_value(amount, m["unit"]))


def n_age(m: re.Match[str], ctx: Context) -> Norm | None:
    return None
