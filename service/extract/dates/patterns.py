"""The pieces the date rules' patterns are built from (months, numbers, years, modifiers...),
from the temporal lexicon, once per process. Patterns follow the TimeML extent conventions:
determiners and modifiers ("the", "last", "nearly", "the beginning of") are inside,
prepositions ("on", "in", "since") outside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from service.extract.dates.lexicon import cardinals, count_words, lexicon


def alternation(words: list[str] | Any) -> str:
    """A regex alternation of ``words``, longest first so "sept" wins over "sep"."""
    ordered = sorted({w for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _unprefixed(words: dict[str, Any]) -> list[str]:
    """``words``, checked that no one starts another ("over" and "over the"): then at most one
    matches at a place, and their order in an alternation cannot change what a pattern finds."""
    for a in words:
        for b in words:
            if a != b and (b + " ").startswith(a + " "):
                raise ValueError(f"temporal.json: {a!r} starts {b!r}")
    return list(words)


def _shared_start(a: str, b: str) -> str:
    """The longest start of ``a`` that ``b`` also starts with ("centur" of "century",
    "centuries")."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


@dataclass(frozen=True, slots=True)
class Fragments:
    """Regular-expression pieces (``*_re``: the triggers' pieces) and the lexicon they read."""

    lex: dict[str, Any]
    month: str
    weekday: str
    tens: str
    ones: str
    teens: str
    num: str
    vague: str
    unit: str
    units: str
    plural_units: str
    season: str
    year: str
    year_rel: str
    rel: str
    point_mod: str
    approx: str
    approx_over: str
    holidays: str
    decades: str
    day: str
    ordinal: str
    b: str
    months_re: str
    weekdays_re: str
    holiday_re: str


@cache
def fragments() -> Fragments:
    lex = lexicon()
    month_names = [m for m in lex["months"] if len(m) > 4 or m in ("may", "june", "july")]
    month_abbr = [m for m in lex["months"] if len(m) <= 4 and m not in month_names]
    # Abbreviations take an optional dot; full names none ("Sept." but "September").
    month = rf"(?:{alternation(month_names)}|(?:{alternation(month_abbr)})\.?)"
    weekday = rf"(?:{alternation([w for w in lex['weekdays'] if len(w) > 4])})"
    tens = "|".join(cardinals(20, 90))
    ones = "|".join(cardinals(1, 9))
    number_words = [w for w in count_words() if w not in ("a", "an")]
    num = (
        # "two thousand", "five hundred": a count of hundreds or thousands, before the bare words
        rf"(?:(?:{ones}|{tens}|\d+)\s+(?:hundred|thousand)\b|"
        # "12,000 years": thousands separators read whole, never from inside a number
        rf"(?:{tens})(?:[-\s](?:{ones}))?|{alternation(number_words)}|"
        r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|an?(?=[\s-]))"
        r"(?:[-\s]and[-\s]a[-\s]half|\s+1/2)?"
    )
    vague = alternation(lex["vague_numbers"])
    # Every unit word of the lexicon, singular and plural ("min", "mins", "centuries").
    plurals = {w: lex["unit_plurals"].get(w, w + "s") for w in lex["units"]}
    unit = rf"(?:{alternation([*plurals, *plurals.values()])})"
    season = rf"(?:{alternation(lex['seasons'])})"
    teens = "|".join(cardinals(10, 19))
    # Years as digits, or spoken as broadcast transcripts write them ("nineteen ninety-six").
    year = (
        r"(?:(?<![\d$£€.,])(?:1[0-9]{3}|20[0-9]{2})(?![\d%]|,\d|\.\d)|"
        rf"(?:(?:nineteen|twenty)[-\s]+(?:(?:{tens})(?:[-\s](?:{ones}))?|{teens}|"
        rf"oh[-\s](?:{ones}))\b|two\s+thousand(?:\s+and)?(?:\s+(?:{teens}|{ones})\b)?)"
        r"(?!\s+(?:hundred|thousand|million|billion|percent)\b))"
    )
    year_rel = alternation(lex["year_relations"])
    rel = (
        r"(?:last|this|next|that(?:\s+same)?|the\s+same|this\s+past|this\s+coming|"
        r"(?:the\s+)?(?:past|coming|previous|following|current|preceding))"
    )
    point_mod = (
        r"(?:(?P<pmod>early|late|mid|earlier|later|"
        r"(?:the\s+)?(?:very\s+)?(?:beginning|start|end|middle|close|turn|dawn)\s+of|"
        r"(?:the\s+)?(?:early|late|latter|later|first|second)\s+(?:part|half)\s+of)"
        r"(?:\s*-\s*|\s+(?:in\s+)?))?"
    )
    # The approximators ("nearly", "more than"). Before a bare number "over"/"under" are
    # "more/less than"; before "the" they are prepositions.
    modifiers = _unprefixed(lex["modifiers"])
    before_numbers = lex["number_modifiers"]
    approx = alternation(m for m in modifiers if m not in before_numbers)
    approx = rf"(?:(?P<amod>{approx})\s+)?"
    approx_over = rf"(?:(?P<amod>{alternation(modifiers)})\s+)?"
    holidays = alternation(lex["holidays"])
    decades = "|".join(lex["decade_words"])
    day = r"(?P<d>[12]?\d|3[01])(?:st|nd|rd|th)?(?!\d|:\d)"
    # The ordinals of a year's quarters.
    ordinal = rf"(?:{alternation(w for w, n in lex['ordinals'].items() if 1 <= n <= 4)})"
    b = r"\b"

    # The triggers' unit words: the start each unit's singular and plural share ("centur"). In
    # the lexicon's order, not longest first: a hit's end bounds the window a rule searches, so
    # "weekend" stays hit as "week" (listed first), as the trigger was first written.
    units = "(?:" + "|".join(re.escape(_shared_start(*forms)) for forms in plurals.items()) + ")"
    plural_units = alternation(p for w, p in plurals.items() if p != w + "s")
    months_re = rf"\b(?:{alternation(lex['months'])})\b"
    weekdays_re = rf"\b(?:{alternation(lex['weekdays'])})\b"
    holiday_words = {k.split()[0] for k in lex["holidays"]} - {"the", "may"}
    holiday_re = rf"\b(?:{alternation(holiday_words)}|may\s+day|fourth\s+of)\b"
    return Fragments(
        lex=lex,
        month=month,
        weekday=weekday,
        tens=tens,
        ones=ones,
        teens=teens,
        num=num,
        vague=vague,
        unit=unit,
        units=units,
        plural_units=plural_units,
        season=season,
        year=year,
        year_rel=year_rel,
        rel=rel,
        point_mod=point_mod,
        approx=approx,
        approx_over=approx_over,
        holidays=holidays,
        decades=decades,
        day=day,
        ordinal=ordinal,
        b=b,
        months_re=months_re,
        weekdays_re=weekdays_re,
        holiday_re=holiday_re,
    )
