"""Dates the text writes out: ISO and numeric dates, month and day, month and year, years,
decades and centuries; without a year, the month and day resolve on the anchor by the tense."""

from __future__ import annotations

import datetime as dt
import re

from service.extract.dates import timex_arith as cal
from service.extract.dates.lexicon import lexicon
from service.extract.dates.norms import (
    YEAR_RELATIONS,
    Context,
    Norm,
    at_point,
    group,
    month_number,
    point_mod,
    safe_date,
)
from service.extract.dates.number_words import ordinal, two_digit_year, year_num


def n_iso(m: re.Match[str], ctx: Context) -> Norm | None:
    day = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if day is None:
        return None
    if m["H"]:
        return Norm("TIME", f"{day.isoformat()}T{m['H']}:{m['M']}", None, (day, "D"))
    return at_point(day, "D")


def n_slash(m: re.Match[str], ctx: Context) -> Norm | None:
    day = safe_date(two_digit_year(m["y"]), int(m["m"]), int(m["d"]))
    return at_point(day, "D") if day else None


def n_month_day(m: re.Match[str], ctx: Context) -> Norm | None:
    month, day_of_month, mod = month_number(m["mon"]), int(m["d"]), point_mod(m)
    if m["y"]:
        day = safe_date(year_num(m["y"]), month, day_of_month)
        return at_point(day, "D", mod) if day else None
    if safe_date(2000, month, day_of_month) is None:  # 2000 is a leap year: Feb 29 passes
        return None
    if ctx.anchor is None:
        return Norm("DATE", f"XXXX-{month:02d}-{day_of_month:02d}", mod)
    day = cal.month_day_date(
        ctx.anchor, month, day_of_month, ctx.direction, ctx.bias, ctx.tuning.present_future_bias
    )
    return at_point(day, "D", mod) if day else None


def n_week_of(m: re.Match[str], ctx: Context) -> Norm | None:
    day = n_month_day(m, ctx)
    if day is None or day.point is None:
        return Norm("DATE", "XXXX-WXX") if day is not None else None
    return at_point(day.point[0], "W")


def n_month_year(m: re.Match[str], ctx: Context) -> Norm | None:
    return at_point(dt.date(year_num(m["y"]), month_number(m["mon"]), 1), "M", point_mod(m))


def n_month(m: re.Match[str], ctx: Context) -> Norm | None:
    month, mod, rel = month_number(m["mon"]), point_mod(m), group(m, "rel")
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
        year = anchor.year + YEAR_RELATIONS[group(m, "yrel") or "this"]
    else:
        present_bias = ctx.tuning.present_future_bias
        year = cal.month_year(anchor, month, ctx.direction, ctx.bias, present_bias)
    return at_point(dt.date(year, month, 1), "M", mod)


#: "pre" (1959) -> BEFORE: the TIMEX3 mod of a prefix joined to a year.
_YEAR_PREFIXES: dict[str, str] = lexicon()["year_prefixes"]


def n_year(m: re.Match[str], ctx: Context) -> Norm | None:
    year = year_num(m["y"])
    mod = _YEAR_PREFIXES.get(group(m, "prepost") or "") or point_mod(m)
    return at_point(dt.date(year, 1, 1), "Y", mod)


def n_decade(m: re.Match[str], ctx: Context) -> Norm | None:
    digits = m["dec"].lstrip("'")
    if len(digits) == 2:  # "the '90s", "the 90s": the last century's, as newspapers write them
        digits = ("19" if int(digits) > 20 else "20") + digits
    # TIMEX3 (TimeML 1.2.1) truncates a decade to its first three digits: "199", not "199X".
    return Norm("DATE", digits[:3], point_mod(m))


#: "the nineties" -> "199": the decade of the 1900s a word names, as TIMEX3 writes it.
_DECADE_WORDS: dict[str, str] = lexicon()["decade_words"]


def n_decade_word(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DATE", _DECADE_WORDS[group(m, "decw") or ""], point_mod(m))


def n_century(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DATE", f"{ordinal(m['ord']) - 1:02d}", point_mod(m))
