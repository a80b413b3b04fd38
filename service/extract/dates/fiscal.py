"""Reporting periods as results news writes them: quarters, halves, "Q3", "year-end", "the
year-ago period", "for the year"; a period already discussed is what later ones refer to."""

from __future__ import annotations

import datetime as dt
import math
import re

from service.extract.dates import timex_arith as cal
from service.extract.dates.norms import (
    UNIT_GRAN,
    YEAR_RELATIONS,
    Context,
    Norm,
    at_point,
    from_anchor,
    from_earlier,
    group,
    month_number,
    point_mod,
    safe_date,
)
from service.extract.dates.number_words import ordinal, two_digit_year, year_num
from service.extract.dates.timex_arith import Gran


def n_year_end(m: re.Match[str], ctx: Context) -> Norm | None:
    """ "year-end": the end of the year the tense points to; "since year-end" in October is
    last year's, "by year-end" this year's."""
    if m["y"]:  # "year-end 1990"
        return at_point(dt.date(year_num(m["y"]), 12, 31), "Y", "END")
    if ctx.anchor is None:
        return Norm("DATE", "XXXX", "END")
    year = ctx.anchor.year
    if ctx.direction == -1 and (ctx.anchor.month, ctx.anchor.day) != (12, 31):
        year -= 1  # told in the past tense: a year-end already gone
    return at_point(dt.date(year, 12, 31), "Y", "END")


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
    month, day = month_number(m["qmon"]), int(m["qd"])
    if m["qey"]:
        end = safe_date(year_num(m["qey"]), month, day)
    elif ctx.anchor is not None and (m["qend"] or "").lower() == "ended":
        # a quarter that ended: the closing day is on or before the anchor
        end = cal.month_day_date(ctx.anchor, month, day, -1, math.inf)
    elif ctx.anchor is not None:  # "the quarter ending Dec. 31": the tense decides
        end = cal.month_day_date(
            ctx.anchor, month, day, ctx.direction, ctx.bias, ctx.tuning.present_future_bias
        )
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
        return from_earlier(cal.shift(norm.point[0], -1, "Y"), "Q", norm.mod)
    return norm


def _quarter(m: re.Match[str], ctx: Context) -> Norm | None:
    rel = (group(m, "qrel") or "").replace("-fiscal", "").replace(" fiscal", "")
    if m["qord"] and rel in ("", "fiscal", "the", "this", "latest", "current"):
        rel = group(m, "qord") or rel  # "the fiscal first quarter"
    mod = point_mod(m)
    year_text = m["y"] or m["qy"]
    rel_year = group(m, "qrel2") or group(m, "qyrel")
    if rel in ("first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th", "final"):
        quarter = ordinal(rel, count=4)
        if year_text:
            return at_point(cal.quarter_date(year_num(year_text), quarter), "Q", mod)
        if ctx.anchor is None:
            return Norm("DATE", f"XXXX-Q{quarter}", mod)
        year = ctx.anchor.year
        if rel_year:
            year += YEAR_RELATIONS[rel_year]
        elif ctx.direction == -1 and 3 * (quarter - 1) + 1 > ctx.anchor.month:
            year -= 1
        return at_point(cal.quarter_date(year, quarter), "Q", mod)
    ended = _quarter_ended(m, ctx)
    if (
        ended is not None
        and ctx.period is None  # a quarter already named ("fiscal first quarter") is that one
        and not year_text
        and not rel_year
        and rel in _ENDED_RELS
    ):
        return at_point(ended, "Q", mod)
    last_q = ctx.period
    if year_text:  # "the 1988 quarter": the quarter under discussion, in that year
        quarter_no = f"Q{(last_q[0].month - 1) // 3 + 1}" if last_q else "QX"
        return Norm("DATE", f"{year_text}-{quarter_no}", mod)
    if rel_year and rel in ("", "the", "this", "same", "comparable"):
        # "last year's quarter": the quarter under discussion, in the year named.
        years = YEAR_RELATIONS[rel_year]
        if last_q:
            return from_earlier(cal.shift(last_q[0], years, "Y"), "Q", mod)
        return from_anchor(ctx, "Q", lambda a: cal.shift(_previous_quarter(a), years, "Y"), mod)
    if rel in ("year-ago", "year-earlier"):
        if last_q:
            return from_earlier(cal.shift(last_q[0], -1, "Y"), "Q", mod)
        return from_anchor(ctx, "Q", lambda a: cal.shift(_previous_quarter(a), -1, "Y"), mod)
    if rel == "current":
        return from_anchor(ctx, "Q", lambda a: a, mod)
    if rel == "this":
        return at_point(last_q[0], "Q", mod) if last_q else from_anchor(ctx, "Q", lambda a: a, mod)
    if rel in ("last", "previous", "past"):
        return from_anchor(ctx, "Q", _previous_quarter, mod)
    if last_q:
        return at_point(last_q[0], "Q", mod)
    return from_anchor(ctx, "Q", _previous_quarter, mod)


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
        year = int(year_text) if len(year_text) == 4 else two_digit_year(year_text)
    elif ctx.anchor is None:
        return Norm("DATE", f"XXXX-{kind}{number}")
    else:
        year = ctx.anchor.year
        if ctx.direction == -1 and months * (number - 1) + 1 > ctx.anchor.month:
            year -= 1  # told in the past tense: a quarter not begun yet is last year's
    return at_point(dt.date(year, months * (number - 1) + 1, 1), gran)


def n_half(m: re.Match[str], ctx: Context) -> Norm | None:
    half = 1 if (group(m, "h") or group(m, "h2")) == "first" else 2  # second, last, latter
    if m["y"]:
        return Norm(
            "DATE",
            f"{year_num(m['y']):04d}-H{half}",
            None,
            (dt.date(year_num(m["y"]), 6 * half - 5, 1), "H"),
        )
    if ctx.anchor is None:
        return Norm("DATE", f"XXXX-H{half}")
    year = ctx.anchor.year + YEAR_RELATIONS[group(m, "hrel") or "this"]
    return Norm("DATE", f"{year}-H{half}", None, (dt.date(year, 6 * half - 5, 1), "H"))


def n_year_ago(m: re.Match[str], ctx: Context) -> Norm | None:
    unit = group(m, "unit")
    step = UNIT_GRAN[group(m, "yu") or "year"]  # "year-ago", "month-earlier"
    if ctx.period is not None and (unit in ("quarter", "period") or ctx.last == ctx.period):
        return from_earlier(cal.shift(ctx.period[0], -1, step), "Q")
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
            return from_earlier(day, gran)
        return from_earlier(cal.shift(day, -1, step), gran)
    gran: Gran = "Q" if unit == "quarter" else step
    return from_anchor(ctx, gran, lambda a: cal.shift(a, -1, step), None)


def n_period(m: re.Match[str], ctx: Context) -> Norm | None:
    """ "the latest period", "the 1988 period", "the same period last year": the reporting
    period under discussion (the last quarter mentioned, else the quarter before the anchor),
    a year back when the text says so."""
    rel = group(m, "prel") or ""
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
    return from_earlier(day, ref[1])


def _with_year(day: dt.date, year: int) -> dt.date:
    return day.replace(year=year, day=min(day.day, 28) if day.month == 2 else day.day)


def n_for_year(m: re.Match[str], ctx: Context) -> Norm | None:
    """ "for the year": the year of the period under discussion, else the anchor's."""
    if ctx.period is not None:
        return from_earlier(ctx.period[0], "Y")
    return from_anchor(ctx, "Y", lambda a: a, None)
