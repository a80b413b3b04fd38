"""Holidays: "Christmas", "Labor Day 1990", "last Easter", "Thanksgiving week"."""

from __future__ import annotations

import re

from service.extract.dates import timex_arith as cal
from service.extract.dates.lexicon import lexicon
from service.extract.dates.norms import Context, Norm, at_point, group
from service.extract.dates.number_words import year_num


def n_holiday(m: re.Match[str], ctx: Context) -> Norm | None:
    key = lexicon()["holidays"][" ".join((group(m, "hol") or "").split())]
    if key is None:
        return None
    norm = _holiday(m, ctx, key)
    if m["hweek"] and norm is not None:
        # "Easter week", "Christmas week": the (ISO) week the day falls in
        if norm.point is None:
            return Norm("DATE", "XXXX-WXX")
        return at_point(norm.point[0], "W")
    return norm


def _holiday(m: re.Match[str], ctx: Context, key: str) -> Norm | None:
    if m["y"]:
        day = cal.holiday_date(year_num(m["y"]), key)
        return at_point(day, "D") if day else None
    if ctx.anchor is None:
        return Norm("DATE", f"XXXX-{key}" if key[:1].isdigit() else "XXXX-XX-XX")
    rel = group(m, "rel")
    anchor = ctx.anchor
    days = [d for k in (-1, 0, 1) if (d := cal.holiday_date(anchor.year + k, key)) is not None]
    if rel == "last":
        day = max((d for d in days if d < anchor), default=None)
    elif rel == "next":
        day = min((d for d in days if d > anchor), default=None)
    else:  # "this Christmas", "Labor Day": the nearest, weighed by the tense
        present_bias = ctx.tuning.present_future_bias
        day = (
            cal.pick_nearest(anchor, days, ctx.direction, ctx.bias, present_bias) if days else None
        )
    return at_point(day, "D") if day else None
