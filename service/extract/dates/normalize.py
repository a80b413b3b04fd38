"""From a recognized expression to its TIMEX3 type, value and modifier.

One function per grammar rule. Relative expressions resolve against the anchor (the
publication date) in the direction the sentence's tense gives; expressions that refer back
("a year earlier", "the quarter", "later that year") resolve against the last date the text
mentioned, as HeidelTime does for news. Without an anchor, relative values stay unresolved in
TIMEX3 form ("XXXX-02-24", "XXXX-WXX-3").
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from service.extract.dates import timex_arith as cal
from service.extract.dates.grammar import lexicon
from service.extract.dates.timex_arith import Direction, Gran

#: Granularity order, coarse to fine, for "which of two values is finer".
_FINENESS: dict[str, int] = {g: i for i, g in enumerate("CEYHQSMWD")}


@dataclass(slots=True)
class Context:
    """What a rule needs beyond its match: the anchor, the tense and the last date mentioned."""

    anchor: dt.date | None
    direction: Direction = -1
    #: How strongly the direction holds (see ``calendar.pick_nearest``).
    bias: float = cal.TENSE_BIAS
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


def _g(m: re.Match[str], name: str) -> str | None:
    """A named group, lowercased with spaces collapsed, or ``None``; missing groups are None."""
    try:
        value = m.group(name)
    except IndexError:
        return None
    return " ".join(value.lower().split()) if value else None


_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}


def parse_number(text: str | None) -> float | None:
    """A number written in digits or words; ``None`` when vague ("several", "a few")."""
    if not text:
        return None
    words = " ".join(text.lower().replace("-", " ").split())
    half = 0.0
    for tail in (" and a half", " 1/2"):
        if words.endswith(tail):
            half, words = 0.5, words[: -len(tail)]
    numbers: dict[str, float] = lexicon()["numbers"]
    if words in numbers:
        return numbers[words] + half
    parts = words.split()
    if len(parts) == 2 and parts[1] in ("hundred", "thousand"):  # "two thousand"
        count = parse_number(parts[0])
        return None if count is None else count * numbers[parts[1]] + half
    if parts and parts[0] in _TENS:
        rest = numbers.get(parts[1], 0) if len(parts) > 1 else 0
        return _TENS[parts[0]] + rest + half
    try:
        return float(words.replace(",", "")) + half
    except ValueError:
        return None


# unit word -> (duration letter, multiplier, is a time-of-day unit, granularity for points)
_UNITS: dict[str, tuple[str, int, bool, Gran]] = {
    "second": ("S", 1, True, "D"),
    "sec": ("S", 1, True, "D"),
    "minute": ("M", 1, True, "D"),
    "min": ("M", 1, True, "D"),
    "hour": ("H", 1, True, "D"),
    "hr": ("H", 1, True, "D"),
    "day": ("D", 1, False, "D"),
    "night": ("D", 1, False, "D"),
    "week": ("W", 1, False, "W"),
    "weekend": ("D", 2, False, "W"),
    "fortnight": ("W", 2, False, "W"),
    "month": ("M", 1, False, "M"),
    "quarter": ("Q", 1, False, "Q"),
    "year": ("Y", 1, False, "Y"),
    "yr": ("Y", 1, False, "Y"),
    "decade": ("Y", 10, False, "Y"),
    "century": ("Y", 100, False, "Y"),
    "millennium": ("Y", 1000, False, "Y"),
}


def unit_info(word: str) -> tuple[str, int, bool, Gran]:
    word = word.lower().replace("centuries", "century").replace("millennia", "millennium")
    word = word[:-1] if word.endswith("s") and word[:-1] in _UNITS else word
    return _UNITS[word]


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
    word = _g(m, "amod")
    if word:
        return _APPROX.get(word)
    return "APPROX" if _g(m, "orso") else None  # "a week or so ago"


def point_mod(m: re.Match[str]) -> str | None:
    """START / MID / END from "early", "mid-", "the end of"...; "earlier this year" has none."""
    word = _g(m, "pmod")
    if not word or (word.startswith(("earlier", "later")) and "part" not in word):
        return None
    if "turn" in word:
        return None
    if any(k in word for k in ("mid", "middle")):
        return "MID"
    if any(k in word for k in ("begin", "start", "dawn", "early", "first")):
        return "START"
    if any(k in word for k in ("end", "close", "late", "latter", "second")):
        return "END"
    return None


def _month(word: str) -> int:
    return int(lexicon()["months"][word.lower().rstrip(".")])


def _weekday(word: str) -> int:
    return int(lexicon()["weekdays"][word.lower()])


def year_num(text: str) -> int:
    """A year in digits or words: "1996", "nineteen ninety-six", "two thousand and one"."""
    text = " ".join(text.lower().replace("-", " ").split())
    if text.isdigit():
        return int(text)
    if text.startswith("two thousand"):
        rest = text[len("two thousand") :].replace("and", "").strip()
        return 2000 + int(parse_number(rest) or 0)
    century, _, rest = text.partition(" ")
    rest = rest.replace("oh ", "")
    low = 0 if rest == "hundred" else int(parse_number(rest) or 0)
    return int(parse_number(century) or 19) * 100 + low


def _year(text: str) -> int:
    year = int(text)
    return year + (2000 if year < 30 else 1900) if len(text) == 2 else year


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _point(day: dt.date, gran: Gran, mod: str | None = None, type_: str = "DATE") -> Norm:
    return Norm(type_, cal.fmt(day, gran), mod, (day, gran))


def _back(day: dt.date, gran: Gran, mod: str | None = None) -> Norm:
    """A value computed from an earlier mention: later back-references keep the earlier one, so
    "a year earlier ... a year earlier" does not drift back a year each time."""
    return Norm("DATE", cal.fmt(day, gran), mod)


def _relative(ctx: Context, gran: Gran, make: Callable[[dt.date], dt.date], mod: str | None):
    """A value computed from the anchor, or the unresolved form at ``gran`` without one."""
    if ctx.anchor is None:
        return Norm("DATE", cal.unresolved(gran), mod)
    return _point(make(ctx.anchor), gran, mod)


def _partial(point: tuple[dt.date, Gran], gran: Gran) -> str:
    """``point`` written at the finer ``gran`` with what it does not say left unspecified:
    "that day" after "in 1987" is "1987-XX-XX", not New Year's Day."""
    day, known = point
    if _FINENESS[known] >= _FINENESS[gran]:
        return cal.fmt(day, gran)
    year = f"{day.year:04d}"
    if gran == "D":
        return f"{cal.fmt(day, 'M')}-XX" if known == "M" else f"{year}-XX-XX"
    return year + {"W": "-WXX", "Q": "-QX", "H": "-HX"}.get(gran, "-XX")


def _coarser(point: tuple[dt.date, Gran], gran: Gran) -> bool:
    return _FINENESS[point[1]] < _FINENESS[gran]


def _reference(ctx: Context) -> tuple[dt.date, Gran] | None:
    """What "a year earlier" counts from: the last date mentioned, else the anchor."""
    if ctx.last is not None:
        return ctx.last
    return (ctx.anchor, "D") if ctx.anchor else None


# ---- one function per rule -------------------------------------------------------------------


def n_iso(m: re.Match[str], ctx: Context) -> Norm | None:
    day = _day(int(m["y"]), int(m["m"]), int(m["d"]))
    if day is None:
        return None
    if m["H"]:
        return Norm("TIME", f"{day.isoformat()}T{m['H']}:{m['M']}", None, (day, "D"))
    return _point(day, "D")


def n_slash(m: re.Match[str], ctx: Context) -> Norm | None:
    day = _day(_year(m["y"]), int(m["m"]), int(m["d"]))
    return _point(day, "D") if day else None


def n_month_day(m: re.Match[str], ctx: Context) -> Norm | None:
    month, day_of_month, mod = _month(m["mon"]), int(m["d"]), point_mod(m)
    if m["y"]:
        day = _day(year_num(m["y"]), month, day_of_month)
        return _point(day, "D", mod) if day else None
    if _day(2000, month, day_of_month) is None:  # 2000 is a leap year: Feb 29 passes
        return None
    if ctx.anchor is None:
        return Norm("DATE", f"XXXX-{month:02d}-{day_of_month:02d}", mod)
    day = cal.month_day_date(ctx.anchor, month, day_of_month, ctx.direction, ctx.bias)
    return _point(day, "D", mod) if day else None


def n_week_of(m: re.Match[str], ctx: Context) -> Norm | None:
    day = n_month_day(m, ctx)
    if day is None or day.point is None:
        return Norm("DATE", "XXXX-WXX") if day is not None else None
    return _point(day.point[0], "W")


def n_year_end(m: re.Match[str], ctx: Context) -> Norm | None:
    """ "year-end": the end of the year the tense points to; "since year-end" in October is
    last year's, "by year-end" this year's."""
    if m["y"]:  # "year-end 1990"
        return _point(dt.date(year_num(m["y"]), 12, 31), "Y", "END")
    if ctx.anchor is None:
        return Norm("DATE", "XXXX", "END")
    year = ctx.anchor.year
    if ctx.direction == -1 and (ctx.anchor.month, ctx.anchor.day) != (12, 31):
        year -= 1  # told in the past tense: a year-end already gone
    return _point(dt.date(year, 12, 31), "Y", "END")


def n_month_year(m: re.Match[str], ctx: Context) -> Norm | None:
    return _point(dt.date(year_num(m["y"]), _month(m["mon"]), 1), "M", point_mod(m))


def n_month(m: re.Match[str], ctx: Context) -> Norm | None:
    month, mod, rel = _month(m["mon"]), point_mod(m), _g(m, "rel")
    if ctx.anchor is None:
        return Norm("DATE", f"XXXX-{month:02d}", mod)
    anchor = ctx.anchor
    if rel in ("last", "the past", "past", "the previous", "previous"):
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel in ("next", "the coming", "coming", "the following", "following"):
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif rel in ("this", "the current", "current"):
        year = anchor.year
    elif rel in ("that", "the same", "that same") and ctx.last:
        year = ctx.last[0].year
    elif m["yrel"]:
        year = anchor.year + {"last": -1, "this": 0, "next": 1}[_g(m, "yrel") or "this"]
    else:
        year = cal.month_year(anchor, month, ctx.direction, ctx.bias)
    return _point(dt.date(year, month, 1), "M", mod)


def n_year(m: re.Match[str], ctx: Context) -> Norm | None:
    year = year_num(m["y"])
    mod = {"pre": "BEFORE", "post": "AFTER"}.get(_g(m, "prepost") or "") or point_mod(m)
    return _point(dt.date(year, 1, 1), "Y", mod)


def n_decade(m: re.Match[str], ctx: Context) -> Norm | None:
    digits = m["dec"].lstrip("'")
    if len(digits) == 2:  # "the '90s", "the 90s": the last century's, as newspapers write them
        digits = ("19" if int(digits) > 20 else "20") + digits
    # TIMEX3 (TimeML 1.2.1) truncates a decade to its first three digits: "199", not "199X".
    return Norm("DATE", digits[:3], point_mod(m))


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def n_decade_word(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DATE", f"19{_DECADE_WORDS[_g(m, 'decw') or '']}", point_mod(m))


_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "final": 4,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "twenty-second": 22,
}


def _ordinal(word: str) -> int:
    word = word.lower()
    return _ORDINAL_WORDS[word] if word in _ORDINAL_WORDS else int(re.sub(r"\D", "", word))


def n_century(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DATE", f"{_ordinal(m['ord']) - 1:02d}", point_mod(m))


def _previous_quarter(anchor: dt.date) -> dt.date:
    return cal.shift(anchor, -1, "Q")


#: Quarters a closing date pins ("the latest quarter ended Sept. 30"); not "last quarter", "the
#: year-ago quarter", whose own words say which one.
_ENDED_RELS = frozenset({"", "the", "fiscal", "latest", "most recent", "recent", "just-ended"})


def _quarter_ended(m: re.Match[str], ctx: Context) -> dt.date | None:
    """The calendar quarter of a three-month period that ends on the day named after it:
    the one holding most of its months ("the quarter ended July 31" ran May to July: Q2)."""
    if not m["qmon"]:
        return None
    month, day = _month(m["qmon"]), int(m["qd"])
    if m["qey"]:
        end = _day(year_num(m["qey"]), month, day)
    elif ctx.anchor is not None and (m["qend"] or "").lower() == "ended":
        # a quarter that ended: the closing day is on or before the anchor
        end = cal.month_day_date(ctx.anchor, month, day, -1, math.inf)
    elif ctx.anchor is not None:  # "the quarter ending Dec. 31": the tense decides
        end = cal.month_day_date(ctx.anchor, month, day, ctx.direction, ctx.bias)
    else:
        return None
    if end is None:
        return None
    middle = end - dt.timedelta(days=45)
    return cal.quarter_date(middle.year, (middle.month - 1) // 3 + 1)


def n_quarter(m: re.Match[str], ctx: Context) -> Norm | None:
    norm = _quarter(m, ctx)
    if m["qago"] and norm is not None:
        # "the quarter a year ago": that quarter, a year back
        if norm.point is None:
            value = norm.value or ""
            if value[:4].isdigit():
                return Norm("DATE", f"{int(value[:4]) - 1:04d}{value[4:]}", norm.mod)
            return norm
        return _back(cal.shift(norm.point[0], -1, "Y"), "Q", norm.mod)
    return norm


def _quarter(m: re.Match[str], ctx: Context) -> Norm | None:
    rel = (_g(m, "qrel") or "").replace("-fiscal", "").replace(" fiscal", "")
    if m["qord"] and rel in ("", "fiscal", "the", "this", "latest", "current"):
        rel = _g(m, "qord") or rel  # "the fiscal first quarter"
    mod = point_mod(m)
    year_text = m["y"] or m["qy"]
    rel_year = _g(m, "qrel2") or _g(m, "qyrel")
    if rel in ("first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th", "final"):
        quarter = _ordinal(rel)
        if year_text:
            return _point(cal.quarter_date(year_num(year_text), quarter), "Q", mod)
        if ctx.anchor is None:
            return Norm("DATE", f"XXXX-Q{quarter}", mod)
        year = ctx.anchor.year
        if rel_year:
            year += {"this": 0, "last": -1, "next": 1}[rel_year]
        elif ctx.direction == -1 and 3 * (quarter - 1) + 1 > ctx.anchor.month:
            year -= 1
        return _point(cal.quarter_date(year, quarter), "Q", mod)
    ended = _quarter_ended(m, ctx)
    if (
        ended is not None
        and ctx.period is None  # a quarter already named ("fiscal first quarter") is that one
        and not year_text
        and not rel_year
        and rel in _ENDED_RELS
    ):
        return _point(ended, "Q", mod)
    last_q = ctx.period
    if year_text:  # "the 1988 quarter": the quarter under discussion, in that year
        quarter_no = f"Q{(last_q[0].month - 1) // 3 + 1}" if last_q else "QX"
        return Norm("DATE", f"{year_text}-{quarter_no}", mod)
    if rel_year and rel in ("", "the", "this", "same", "comparable"):
        # "last year's quarter": the quarter under discussion, in the year named.
        years = {"this": 0, "last": -1, "next": 1}[rel_year]
        if last_q:
            return _back(cal.shift(last_q[0], years, "Y"), "Q", mod)
        return _relative(ctx, "Q", lambda a: cal.shift(_previous_quarter(a), years, "Y"), mod)
    if rel in ("year-ago", "year-earlier"):
        if last_q:
            return _back(cal.shift(last_q[0], -1, "Y"), "Q", mod)
        return _relative(ctx, "Q", lambda a: cal.shift(_previous_quarter(a), -1, "Y"), mod)
    if rel == "current":
        return _relative(ctx, "Q", lambda a: a, mod)
    if rel == "this":
        return _point(last_q[0], "Q", mod) if last_q else _relative(ctx, "Q", lambda a: a, mod)
    if rel in ("last", "previous", "past"):
        return _relative(ctx, "Q", _previous_quarter, mod)
    if last_q:
        return _point(last_q[0], "Q", mod)
    return _relative(ctx, "Q", _previous_quarter, mod)


def n_q_notation(m: re.Match[str], ctx: Context) -> Norm | None:
    """ "Q3 2021" -> 2021-Q3, "H1 2022" -> 2022-H1, "3Q21" -> 2021-Q3; without a year, the
    quarter or half the tense points to, as "the third quarter" is."""
    kind, number = (m["qh"] or m["qh2"]), int(m["qn"] or m["qn2"])
    if kind == "H" and number > 2:
        return None
    year_text = m["y"] or (m["y2"] or "").lstrip("'") or m["y3"]
    gran: Gran = "Q" if kind == "Q" else "H"
    months = 3 if kind == "Q" else 6
    if year_text:
        year = int(year_text) if len(year_text) == 4 else _year(year_text)
    elif ctx.anchor is None:
        return Norm("DATE", f"XXXX-{kind}{number}")
    else:
        year = ctx.anchor.year
        if ctx.direction == -1 and months * (number - 1) + 1 > ctx.anchor.month:
            year -= 1  # told in the past tense: a quarter not begun yet is last year's
    return _point(dt.date(year, months * (number - 1) + 1, 1), gran)


def n_half(m: re.Match[str], ctx: Context) -> Norm | None:
    half = 1 if (_g(m, "h") or _g(m, "h2")) == "first" else 2  # second, last, latter
    if m["y"]:
        return Norm(
            "DATE",
            f"{year_num(m['y']):04d}-H{half}",
            None,
            (dt.date(year_num(m["y"]), 6 * half - 5, 1), "H"),
        )
    if ctx.anchor is None:
        return Norm("DATE", f"XXXX-H{half}")
    year = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[_g(m, "hrel") or "this"]
    return Norm("DATE", f"{year}-H{half}", None, (dt.date(year, 6 * half - 5, 1), "H"))


def n_season(m: re.Match[str], ctx: Context) -> Norm | None:
    season = lexicon()["seasons"][_g(m, "season") or ""]
    mod, rel = point_mod(m), _g(m, "rel")
    if m["y"]:
        year = year_num(m["y"])
        return _point(cal.season_start(year, season), "S", mod)
    if ctx.anchor is None:
        return Norm("DATE", f"XXXX-{season}", mod)
    offset = {"last": -1, "the past": -1, "past": -1, "the previous": -1, "previous": -1}
    offset |= {"this past": -1, "this coming": 1}
    offset |= {"next": 1, "the coming": 1, "coming": 1, "the following": 1, "following": 1}
    offset |= {"this": 0, "the current": 0, "current": 0}
    if rel in ("that", "the same", "that same") and ctx.last:
        value = f"{ctx.last[0].year:04d}-{season}"
    else:
        value = cal.season_value(ctx.anchor, season, offset.get(rel or ""), ctx.direction)
    year = int(value[:4])
    return Norm("DATE", value, mod, (cal.season_start(year, season), "S"))


_BACK = ("last", "the past", "past", "the previous", "previous", "the preceding", "preceding")
_AHEAD = ("next", "the coming", "coming", "the following", "following")
_UNIT_GRAN: dict[str, Gran] = {
    "day": "D",
    "week": "W",
    "weekend": "W",
    "month": "M",
    "quarter": "Q",
    "half": "H",
    "year": "Y",
    "fiscal year": "Y",
    "decade": "E",
    "century": "C",
}


#: "over the next decade", "during the following year": a stretch of time, not a calendar unit.
_OVER_BEFORE = re.compile(r"\b(?:over|during|throughout|within)\s+(?:the\s+)?$", re.I)
_STRETCH_RELS = frozenset(
    {"next", "the next", "following", "the following", "coming", "the coming"}
)


def n_rel_unit(m: re.Match[str], ctx: Context) -> Norm | None:
    rel, unit, mod = _g(m, "rel") or "", _g(m, "unit") or "", point_mod(m)
    if rel == "the latest":
        rel = "last"  # "the latest fiscal year": the last one over, counted from the anchor
    gran = _UNIT_GRAN[unit]
    weekend = unit == "weekend"
    if rel in ("the past", "the last") and not mod:
        # "the past year" is a stretch of time counted back from now, not a calendar year.
        return Norm("DURATION", duration_value(1, unit), None)
    over = _OVER_BEFORE.search(m.string, max(0, m.start() - 16), m.start())
    # "over the next year or so" stays the calendar year TimeBank writes (1990)
    if rel in _STRETCH_RELS and unit in ("decade", "century") and not mod and over:
        # "spend $5bn over the next decade" is ten years from now (P10Y), not the 2030s;
        # "over the following decade" ten years from a time the text tells of.
        return Norm("DURATION", duration_value(1, unit), None)
    if unit == "day" and rel not in ("that", "the same", "that same"):
        return None
    if rel in ("that", "the same", "that same"):
        if ctx.last is None:
            return _relative(ctx, gran, lambda a: a, mod)
        if _coarser(ctx.last, gran):
            return Norm("DATE", _partial(ctx.last, gran), mod)
        norm = _back(ctx.last[0], gran, mod)
    elif rel == "the" and not (mod or weekend or m["pmod"]):
        return None
    elif rel in _BACK:
        if rel.startswith("the ") and ctx.last is not None:  # "the previous year": back-reference
            norm = _back(cal.shift(ctx.last[0], -1, gran), gran, mod)
        else:
            norm = _relative(ctx, gran, lambda a: cal.shift(a, -1, gran), mod)
    elif rel in _AHEAD:
        if rel.startswith("the ") and rel != "the coming" and ctx.last is not None:
            norm = _back(cal.shift(ctx.last[0], 1, gran), gran, mod)
        else:
            norm = _relative(ctx, gran, lambda a: cal.shift(a, 1, gran), mod)
    elif weekend and rel == "the":
        # "the weekend" in a past-tense report is the one just gone.
        def make(a: dt.date) -> dt.date:
            if ctx.direction == -1 and a.isoweekday() < 6:
                return cal.shift(a, -1, "W")
            return a

        norm = _relative(ctx, gran, make, mod)
    else:  # this / the current / "the beginning of the year"
        norm = _relative(ctx, gran, lambda a: a, mod)
    if weekend and norm.value:
        norm.value += "-WE"
    return norm


def n_weekday(m: re.Match[str], ctx: Context) -> Norm | None:
    weekday, rel, part = _weekday(m["wd"]), _g(m, "rel"), _g(m, "part")
    suffix = f"T{lexicon()['day_parts'][part]}" if part else ""
    type_ = "TIME" if part else "DATE"
    if ctx.anchor is None:
        return Norm(type_, f"XXXX-WXX-{weekday}{suffix}")
    if rel in ("the previous", "the following", "the next"):
        # Counted from the day last mentioned: "down from the previous Friday".
        ref = ctx.last[0] if ctx.last is not None and ctx.last[1] == "D" else ctx.anchor
        way: Direction = -1 if rel == "the previous" else 1
        day = cal.weekday_date(ref, weekday, way, strict=True)
        return Norm(type_, day.isoformat() + suffix)
    if rel in ("last", "past", "this past"):
        day = cal.weekday_date(ctx.anchor, weekday, -1, strict=True)
    elif rel in ("next", "coming", "this coming"):
        day = cal.weekday_date(ctx.anchor, weekday, 1, strict=True)
    elif rel == "this":
        day = cal.weekday_date(ctx.anchor, weekday, ctx.direction or 1)
    else:
        day = cal.weekday_date(ctx.anchor, weekday, ctx.direction, bias=ctx.bias)
    return Norm(type_, day.isoformat() + suffix, None, (day, "D"))


_DEICTIC_DAYS = {
    "today": 0,
    "tonight": 0,
    "this": 0,
    "yesterday": -1,
    "last": -1,
    "tomorrow": 1,
    "before yesterday": -2,
    "after tomorrow": 2,
}


def n_deictic(m: re.Match[str], ctx: Context) -> Norm | None:
    word = _g(m, "dx") or _g(m, "dx2") or _g(m, "dx3") or ""
    part = _g(m, "part") or _g(m, "part2") or ("night" if word in ("tonight", "last") else None)
    suffix = f"T{lexicon()['day_parts'][part]}" if part else ""
    type_ = "TIME" if part else "DATE"
    if ctx.anchor is None:
        return Norm(type_, "XXXX-XX-XX" + suffix)
    day = ctx.anchor + dt.timedelta(days=_DEICTIC_DAYS[word])
    return Norm(type_, day.isoformat() + suffix, None, (day, "D"))


_REFS: dict[str, str | None] = {" ".join(k.split()): v for k, v in lexicon()["ref_words"].items()}


#: "the Future of Trade", "The Future of Work": a title, not a time ("the future" stays one).
_TITLE_AFTER = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")


def n_ref(m: re.Match[str], ctx: Context) -> Norm | None:
    if "Future" in m.group(0) and _TITLE_AFTER.match(m.string, m.end()):
        return None
    return Norm("DATE", _REFS.get(_g(m, "ref") or ""))


def n_current(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DATE", "PAST_REF" if m["then"] else "PRESENT_REF")


def n_one_day(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DATE", "PAST_REF" if ctx.direction == -1 else "FUTURE_REF")


#: "a month earlier than usual": measured against a norm, not counted from the anchor.
_THAN_AFTER = re.compile(r"\s+than\b", re.I)


def n_ago(m: re.Match[str], ctx: Context) -> Norm | None:
    amount = parse_number(m["num"]) if m["num"] else None
    word, way = _g(m, "unit") or "", _g(m, "dir") or ""
    if amount is not None and way in ("earlier", "later") and _THAN_AFTER.match(m.string, m.end()):
        return Norm("DURATION", duration_value(amount, word), None)
    forward = way in ("later", "from now", "hence", "after")
    mod = approx_mod(m)
    if amount is None and way in ("later", "earlier"):
        # "a few days later": some day near the one the text tells of, not the anchor's past
        # or future; which one it does not say
        return Norm("DATE", cal.unresolved(unit_info(word)[3]), mod)
    if amount is None:
        return Norm("DATE", "FUTURE_REF" if forward else "PAST_REF", mod)
    letter, multiplier, is_time, gran = unit_info(word)
    sign = 1 if forward else -1
    if is_time:
        gran = "D"
    # "... a year ago ... compared with $4 a year earlier": the second is the same comparison
    # point, counted from the anchor as the first was, not a year before it.
    if way in ("ago", "from now", "hence") or (way == "earlier" and ctx.last_counted):
        ref: tuple[dt.date, Gran] | None = (ctx.anchor, gran) if ctx.anchor else None
        if (
            ctx.period is not None
            and ctx.last is not None
            and ctx.last[1] == "Q"
            and letter in ("Y", "Q")
        ):
            # Quarterly reporting: "a year ago" is the same quarter a year before.
            ref = gran_ref = ctx.period
            gran = gran_ref[1]
    else:
        ref = _reference(ctx)
        if ctx.last is not None and ref is not None:
            # "a year earlier" than a quarter is that quarter a year before.
            gran = ref[1] if _FINENESS[ref[1]] >= _FINENESS[gran] else gran
    if ref is None:
        return Norm("DATE", cal.unresolved(gran), mod)
    if is_time:
        return _point(ref[0], "D", mod)
    total = amount * multiplier
    steps: dict[str, Gran] = {"Q": "Q", "W": "W", "D": "D", "M": "M"}
    step: Gran = steps.get(letter, "Y")
    if not float(total).is_integer():  # "a year and a half ago": count in months
        step, total = ("M", total * 12) if letter == "Y" else ("D", total * 30)
    day = cal.shift(ref[0], sign * round(total), step)
    if ref[0] != ctx.anchor:
        return _back(day, gran, mod)
    norm = _point(day, gran, mod)
    norm.counted = sign < 0
    return norm


def n_ref_unit(m: re.Match[str], ctx: Context) -> Norm | None:
    rel, unit = _g(m, "rel") or "", _g(m, "unit") or ""
    part = unit if unit in ("morning", "evening", "night") else None
    gran: Gran = "D" if part else _UNIT_GRAN[unit]
    sign = {"next": 1, "following": 1, "same": 0}.get(rel, -1)
    ref = _reference(ctx)
    if ref is None:
        return Norm("TIME" if part else "DATE", cal.unresolved(gran))
    if _coarser(ref, gran):
        # "the next day" after "in 1987": some day of 1987, which one the text does not say
        suffix = f"T{lexicon()['day_parts'][part]}" if part else ""
        return Norm("TIME" if part else "DATE", _partial(ref, gran) + suffix)
    day = cal.shift(ref[0], sign, gran)
    if part:
        return Norm("TIME", f"{day.isoformat()}T{lexicon()['day_parts'][part]}", None, (day, "D"))
    return _point(day, gran)


def n_duration(m: re.Match[str], ctx: Context) -> Norm | None:
    tail = _g(m, "tail") or ""
    if tail.endswith("old"):
        return None  # an age, not a time expression
    amount = parse_number(m["num"])
    if m["half"] and amount is not None:
        amount += 0.5
    return Norm("DURATION", duration_value(amount, m["unit"]), approx_mod(m))


def n_duration_range(m: re.Match[str], ctx: Context) -> Norm | None:
    """The first length of a range ("two" in "two to six days"), in the unit that ends it."""
    if _g(m, "tail"):
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
        return Norm("SET", lex["sets"][_g(m, "adv") or ""])
    word = _g(m, "unit") or _g(m, "unit2") or ""
    if word in lex["weekdays"]:
        return Norm("SET", f"XXXX-WXX-{_weekday(word)}")
    if word.rstrip(".") in lex["months"]:
        return Norm("SET", f"XXXX-{_month(word):02d}")
    if word in lex["seasons"]:
        return Norm("SET", f"XXXX-{lex['seasons'][word]}")
    if word in ("morning", "evening", "night"):
        return Norm("SET", f"XXXX-XX-XXT{lex['day_parts'][word]}")
    amount = parse_number(m["num"]) if m["num"] else 1.0
    if m["other"]:
        amount = 2.0
    return Norm("SET", duration_value(amount, word))


def n_time(m: re.Match[str], ctx: Context) -> Norm | None:
    if m["named"]:
        clock = lexicon()["day_parts"][m["named"].lower()]
    else:
        hour = int(m["H4"] or m["H"] or m["H2"] or m["H3"])
        minute = int(m["M4"] or m["M"] or m["M2"] or 0)
        marker = (m["ap"] or "").lower()
        part = _g(m, "dp") or ""
        # "in the afternoon/evening" is p.m.; "at night" from six on, "2 at night" stays 02:00
        if marker.startswith("p") or part.endswith(("afternoon", "evening")):
            hour += 12 if hour < 12 else 0
        elif part.endswith("night") and 6 <= hour < 12:
            hour += 12
        elif (marker.startswith("a") or part.endswith("morning")) and hour == 12:
            hour = 0
        clock = f"T{hour:02d}:{minute:02d}"
    ref = ctx.last if ctx.last is not None and ctx.last[1] == "D" else None
    day = ref[0] if ref else ctx.anchor
    if day is None:
        return Norm("TIME", "XXXX-XX-XX" + clock)
    return Norm("TIME", day.isoformat() + clock, None, None)


def n_day_part(m: re.Match[str], ctx: Context) -> Norm | None:
    """ "mid-afternoon yesterday": that part of the day named, else of the day last mentioned,
    else of the anchor's."""
    code = lexicon()["day_parts"][_g(m, "part") or ""]
    mod = point_mod(m)
    word = _g(m, "dx")
    if ctx.anchor is None:
        return Norm("TIME", f"XXXX-XX-XXT{code}", mod)
    if word:
        day = ctx.anchor + dt.timedelta(days=_DEICTIC_DAYS[word])
    elif ctx.last is not None and ctx.last[1] == "D":
        day = ctx.last[0]
    else:
        day = ctx.anchor
    return Norm("TIME", f"{day.isoformat()}T{code}", mod)


def n_holiday(m: re.Match[str], ctx: Context) -> Norm | None:
    key = lexicon()["holidays"][" ".join((_g(m, "hol") or "").split())]
    if key is None:
        return None
    norm = _holiday(m, ctx, key)
    if m["hweek"] and norm is not None:
        # "Easter week", "Christmas week": the (ISO) week the day falls in
        if norm.point is None:
            return Norm("DATE", "XXXX-WXX")
        return _point(norm.point[0], "W")
    return norm


def _holiday(m: re.Match[str], ctx: Context, key: str) -> Norm | None:
    if m["y"]:
        day = cal.holiday_date(year_num(m["y"]), key)
        return _point(day, "D") if day else None
    if ctx.anchor is None:
        return Norm("DATE", f"XXXX-{key}" if key[:1].isdigit() else "XXXX-XX-XX")
    rel = _g(m, "rel")
    anchor = ctx.anchor
    days = [d for k in (-1, 0, 1) if (d := cal.holiday_date(anchor.year + k, key)) is not None]
    if rel == "last":
        day = max((d for d in days if d < anchor), default=None)
    elif rel == "next":
        day = min((d for d in days if d > anchor), default=None)
    else:  # "this Christmas", "Labor Day": the nearest, weighed by the tense
        day = cal.pick_nearest(anchor, days, ctx.direction, ctx.bias) if days else None
    return _point(day, "D") if day else None


def n_year_ago(m: re.Match[str], ctx: Context) -> Norm | None:
    unit = _g(m, "unit")
    steps: dict[str, Gran] = {"year": "Y", "month": "M", "week": "W"}
    step = steps[_g(m, "yu") or "year"]
    if ctx.period is not None and (unit in ("quarter", "period") or ctx.last == ctx.period):
        return _back(cal.shift(ctx.period[0], -1, step), "Q")
    if (
        ctx.last is not None
        and not ctx.last_counted
        and (unit in (None, "period", "level") or ctx.last[1] == "Q")
    ):
        day, gran = ctx.last
        if ctx.anchor is not None and cal.fmt(day, gran) == cal.fmt(
            cal.shift(ctx.anchor, -1, step), gran
        ):
            # "Last year's results ... the year-earlier results": the text is already a year
            # back, in the comparison period; a year before the anchor is that period.
            return _back(day, gran)
        return _back(cal.shift(day, -1, step), gran)
    gran: Gran = "Q" if unit == "quarter" else step
    return _relative(ctx, gran, lambda a: cal.shift(a, -1, step), None)


def n_period(m: re.Match[str], ctx: Context) -> Norm | None:
    """ "the latest period", "the 1988 period", "the same period last year": the reporting
    period under discussion (the last quarter mentioned, else the quarter before the anchor),
    a year back when the text says so."""
    rel = _g(m, "prel") or ""
    back = rel == "year-ago" or bool(m["ly"])
    is_year = rel not in ("", "latest", "same", "comparable", "corresponding", "year-ago")
    if ctx.period is not None:
        ref: tuple[dt.date, Gran] | None = ctx.period
    elif ctx.last is not None and ctx.last[1] in ("Q", "H", "M"):
        ref = ctx.last
    elif ctx.anchor is not None:
        ref = (_previous_quarter(ctx.anchor), "Q")
    else:
        ref = None
    if ref is None:
        return Norm("DATE", f"{year_num(rel):04d}-QX" if is_year else "XXXX-QX")
    day = ref[0]
    if is_year:
        day = _with_year(day, year_num(rel))
    elif back:
        day = cal.shift(day, -1, "Y")
    return _back(day, ref[1])


def _with_year(day: dt.date, year: int) -> dt.date:
    return day.replace(year=year, day=min(day.day, 28) if day.month == 2 else day.day)


def n_period_ended(m: re.Match[str], ctx: Context) -> Norm | None:
    amount = parse_number(m["num"]) if m["num"] else 1.0
    return Norm("DURATION", duration_value(amount, m["unit"]))


def n_for_year(m: re.Match[str], ctx: Context) -> Norm | None:
    """ "for the year": the year of the period under discussion, else the anchor's."""
    if ctx.period is not None:
        return _back(ctx.period[0], "Y")
    return _relative(ctx, "Y", lambda a: a, None)


def n_rate(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("SET", duration_value(1, m["unit"]))


def n_age(m: re.Match[str], ctx: Context) -> Norm | None:
    return None


NORMALIZERS: dict[str, Callable[[re.Match[str], Context], Norm | None]] = {
    "iso": n_iso,
    "slash": n_slash,
    "dotted": n_slash,
    "week_of": n_week_of,
    "year_end": n_year_end,
    "mdy": n_month_day,
    "dmy": n_month_day,
    "my": n_month_year,
    "month": n_month,
    "year": n_year,
    "decade": n_decade,
    "decade_word": n_decade_word,
    "century": n_century,
    "quarter": n_quarter,
    "half": n_half,
    "q_notation": n_q_notation,
    "season": n_season,
    "rel_unit": n_rel_unit,
    "weekday": n_weekday,
    "deictic": n_deictic,
    "ref": n_ref,
    "ago": n_ago,
    "ref_unit": n_ref_unit,
    "duration": n_duration,
    "duration_range": n_duration_range,
    "vague_duration": n_vague_duration,
    "long_adj": n_long_adj,
    "current": n_current,
    "one_day": n_one_day,
    "set": n_set,
    "time": n_time,
    "day_part": n_day_part,
    "holiday": n_holiday,
    "year_ago": n_year_ago,
    "period": n_period,
    "rate": n_rate,
    "for_year": n_for_year,
    "period_ended": n_period_ended,
    "age": n_age,
}
