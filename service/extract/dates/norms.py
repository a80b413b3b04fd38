"""What a date rule's normalizer gets and gives: the :class:`Context` it resolves in, the
:class:`Norm` it returns, and the helpers every normalizer shares (named groups, points,
back-references, month and weekday numbers, START/MID/END modifiers)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from service.extract.dates import timex_arith as cal
from service.extract.dates.lexicon import lexicon
from service.extract.dates.timex_arith import Direction, Gran
from service.extract.dates.tuning import DEFAULT_TUNING, Tuning

#: Granularity order, coarse to fine, for "which of two values is finer".
FINENESS: dict[str, int] = {g: i for i, g in enumerate("CEYHQSMWD")}


@dataclass(slots=True)
class Context:
    """What a rule needs beyond its match: the anchor, the tense and the last date mentioned."""

    anchor: dt.date | None
    direction: Direction = -1
    #: The section's settings (the ``news_dates`` component's config).
    tuning: Tuning = DEFAULT_TUNING
    #: How strongly the direction holds for this expression (see ``timex_arith.pick_nearest``):
    #: the tuning's ``tense_bias``, infinite after "since".
    bias: float = DEFAULT_TUNING.tense_bias
    last: tuple[dt.date, Gran] | None = None
    #: ``last`` came from counting back from the anchor (see ``Norm.counted``).
    last_counted: bool = False
    #: The last quarter mentioned that is over by the anchor: the reporting period that
    #: "the quarter", "a year ago", "the year-ago period" refer to in results news.
    period: tuple[dt.date, Gran] | None = None


@dataclass(slots=True)
class Norm:
    type: str
    value: str | None
    mod: str | None = None
    #: A (date, granularity) later back-references may use ("a year earlier").
    point: tuple[dt.date, Gran] | None = None
    #: The point was counted back from the anchor ("a year ago"): a following "a year
    #: earlier" restates that comparison rather than counting back once more.
    counted: bool = False


def group(m: re.Match[str], name: str) -> str | None:
    """A named group, lowercased with spaces collapsed, or ``None``; missing groups are None."""
    try:
        value = m.group(name)
    except IndexError:
        return None
    return " ".join(value.lower().split()) if value else None


#: "the end of" -> END: TIMEX3's mod for a point modifier ("very" left out of the key).
_POINT_MODIFIERS: dict[str, str | None] = lexicon()["point_modifiers"]
#: "morning" -> "MO", "noon" -> "T12:00": the TIMEX3 code of a part of the day.
DAY_PARTS: dict[str, str] = lexicon()["day_parts"]
#: "this decade" -> E: the granularity of the calendar period a unit after a relation names.
UNIT_GRAN: dict[str, Gran] = lexicon()["calendar_units"]
#: "last" (year) -> -1: the offset of the year a relation word names from the anchor's.
YEAR_RELATIONS: dict[str, int] = lexicon()["year_relations"]


def point_mod(m: re.Match[str]) -> str | None:
    """START / MID / END from "early", "mid-", "the end of"...; "earlier this year" has none."""
    word = group(m, "pmod")
    return _POINT_MODIFIERS.get(word.replace("very ", "")) if word else None


def month_number(word: str) -> int:
    return int(lexicon()["months"][word.lower().rstrip(".")])


def weekday_number(word: str) -> int:
    return int(lexicon()["weekdays"][word.lower()])


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def at_point(day: dt.date, gran: Gran, mod: str | None = None, type_: str = "DATE") -> Norm:
    return Norm(type_, cal.fmt(day, gran), mod, (day, gran))


def from_earlier(day: dt.date, gran: Gran, mod: str | None = None) -> Norm:
    """A value computed from an earlier mention: later back-references keep the earlier one, so
    "a year earlier ... a year earlier" does not drift back a year each time."""
    return Norm("DATE", cal.fmt(day, gran), mod)


def from_anchor(ctx: Context, gran: Gran, make: Callable[[dt.date], dt.date], mod: str | None):
    """A value computed from the anchor, or the unresolved form at ``gran`` without one."""
    if ctx.anchor is None:
        return Norm("DATE", cal.unresolved(gran), mod)
    return at_point(make(ctx.anchor), gran, mod)


def partial(point: tuple[dt.date, Gran], gran: Gran) -> str:
    """``point`` written at the finer ``gran`` with what it does not say left unspecified:
    "that day" after "in 1987" is "1987-XX-XX", not New Year's Day."""
    day, known = point
    if FINENESS[known] >= FINENESS[gran]:
        return cal.fmt(day, gran)
    year = f"{day.year:04d}"
    if gran == "D":
        return f"{cal.fmt(day, 'M')}-XX" if known == "M" else f"{year}-XX-XX"
    return year + {"W": "-WXX", "Q": "-QX", "H": "-HX"}.get(gran, "-XX")


def coarser(point: tuple[dt.date, Gran], gran: Gran) -> bool:
    return FINENESS[point[1]] < FINENESS[gran]


def reference(ctx: Context) -> tuple[dt.date, Gran] | None:
    """What "a year earlier" counts from: the last date mentioned, else the anchor."""
    if ctx.last is not None:
        return ctx.last
    return (ctx.anchor, "D") if ctx.anchor else None
