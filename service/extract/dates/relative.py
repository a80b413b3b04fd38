"""Expressions counted from the anchor or from the last date mentioned: "last spring", "next
week", "Tuesday", "yesterday", "three years ago", "the following day", "now", "someday"."""

from __future__ import annotations

import datetime as dt
import re

from service.extract.dates import timex_arith as cal
from service.extract.dates.durations import approx_mod, duration_value, has_duration, unit_info
from service.extract.dates.lexicon import lexicon
from service.extract.dates.norms import (
    DAY_PARTS,
    FINENESS,
    UNIT_GRAN,
    Context,
    Norm,
    at_point,
    coarser,
    from_anchor,
    from_earlier,
    group,
    partial,
    point_mod,
    reference,
    weekday_number,
)
from service.extract.dates.number_words import parse_number, year_num
from service.extract.dates.timex_arith import Direction, Gran


def n_season(m: re.Match[str], ctx: Context) -> Norm | None:
    season = lexicon()["seasons"][group(m, "season") or ""]
    mod, rel = point_mod(m), group(m, "rel")
    if m["y"]:
        year = year_num(m["y"])
        return at_point(cal.season_start(year, season), "S", mod)
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

#: "over the next decade", "during the following year": a stretch of time, not a calendar unit.
_OVER_BEFORE = re.compile(r"\b(?:over|during|throughout|within)\s+(?:the\s+)?$", re.I)

_STRETCH_RELS = frozenset(
    {"next", "the next", "following", "the following", "coming", "the coming"}
)


def n_rel_unit(m: re.Match[str], ctx: Context) -> Norm | None:
    rel, unit, mod = group(m, "rel") or "", group(m, "unit") or "", point_mod(m)
    if rel == "the latest":
        rel = "last"  # "the latest fiscal year": the last one over, counted from the anchor
    gran = UNIT_GRAN[unit]
    weekend = unit == "weekend"
    if rel in ("the past", "the last") and not mod:
        # "the past year" is a stretch of time counted back from now, not a calendar year.
        return Norm("DURATION", duration_value(1, unit), None) if has_duration(unit) else None
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
            return from_anchor(ctx, gran, lambda a: a, mod)
        if coarser(ctx.last, gran):
            return Norm("DATE", partial(ctx.last, gran), mod)
        norm = from_earlier(ctx.last[0], gran, mod)
    elif rel == "the" and not (mod or weekend or m["pmod"]):
        return None
    elif rel in _BACK:
        if rel.startswith("the ") and ctx.last is not None:  # "the previous year": back-reference
            norm = from_earlier(cal.shift(ctx.last[0], -1, gran), gran, mod)
        else:
            norm = from_anchor(ctx, gran, lambda a: cal.shift(a, -1, gran), mod)
    elif rel in _AHEAD:
        if rel.startswith("the ") and rel != "the coming" and ctx.last is not None:
            norm = from_earlier(cal.shift(ctx.last[0], 1, gran), gran, mod)
        else:
            norm = from_anchor(ctx, gran, lambda a: cal.shift(a, 1, gran), mod)
    elif weekend and rel == "the":
        # "the weekend" in a past-tense report is the one just gone.
        def make(a: dt.date) -> dt.date:
            if ctx.direction == -1 and a.isoweekday() < 6:
                return cal.shift(a, -1, "W")
            return a

        norm = from_anchor(ctx, gran, make, mod)
    else:  # this / the current / "the beginning of the year"
        norm = from_anchor(ctx, gran, lambda a: a, mod)
    if weekend and norm.value:
        norm.value += "-WE"
    return norm


def n_weekday(m: re.Match[str], ctx: Context) -> Norm | None:
    weekday, rel, part = weekday_number(m["wd"]), group(m, "rel"), group(m, "part")
    suffix = f"T{DAY_PARTS[part]}" if part else ""
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
        day = cal.weekday_date(ctx.anchor, weekday, ctx.direction or 1, bias=ctx.tuning.tense_bias)
    else:
        present_bias = ctx.tuning.present_future_bias
        day = cal.weekday_date(
            ctx.anchor, weekday, ctx.direction, bias=ctx.bias, present_bias=present_bias
        )
    return Norm(type_, day.isoformat() + suffix, None, (day, "D"))


#: "yesterday" -> -1, "the day after tomorrow" -> 2: a day's offset from the anchor.
DEICTIC_DAYS: dict[str, int] = lexicon()["deictic_days"]
#: "this" (morning) -> 0, "last" (night) -> -1: the same, for the words only a part of the day
#: follows.
_DAY_PART_DEICTICS: dict[str, int] = lexicon()["day_part_deictics"]


def n_deictic(m: re.Match[str], ctx: Context) -> Norm | None:
    rel = group(m, "dx3")
    word = group(m, "dx") or group(m, "dx2") or rel or ""
    part = (
        group(m, "part") or group(m, "part2") or ("night" if word in ("tonight", "last") else None)
    )
    suffix = f"T{DAY_PARTS[part]}" if part else ""
    type_ = "TIME" if part else "DATE"
    if ctx.anchor is None:
        return Norm(type_, "XXXX-XX-XX" + suffix)
    offset = _DAY_PART_DEICTICS[rel] if rel else DEICTIC_DAYS[word]
    day = ctx.anchor + dt.timedelta(days=offset)
    return Norm(type_, day.isoformat() + suffix, None, (day, "D"))


_REFS: dict[str, str | None] = {" ".join(k.split()): v for k, v in lexicon()["ref_words"].items()}

#: "the Future of Trade", "The Future of Work": a title, not a time ("the future" stays one).
_TITLE_AFTER = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")


def n_ref(m: re.Match[str], ctx: Context) -> Norm | None:
    if "Future" in m.group(0) and _TITLE_AFTER.match(m.string, m.end()):
        return None
    return Norm("DATE", _REFS.get(group(m, "ref") or ""))


def n_current(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DATE", "PAST_REF" if m["then"] else "PRESENT_REF")


def n_one_day(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DATE", "PAST_REF" if ctx.direction == -1 else "FUTURE_REF")


#: "a month earlier than usual": measured against a norm, not counted from the anchor.
_THAN_AFTER = re.compile(r"\s+than\b", re.I)


def n_ago(m: re.Match[str], ctx: Context) -> Norm | None:
    amount = parse_number(m["num"]) if m["num"] else None
    word, way = group(m, "unit") or "", group(m, "dir") or ""
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
        ref = reference(ctx)
        if ctx.last is not None and ref is not None:
            # "a year earlier" than a quarter is that quarter a year before.
            gran = ref[1] if FINENESS[ref[1]] >= FINENESS[gran] else gran
    if ref is None:
        return Norm("DATE", cal.unresolved(gran), mod)
    if is_time:
        return at_point(ref[0], "D", mod)
    total = amount * multiplier
    steps: dict[str, Gran] = {"Q": "Q", "W": "W", "D": "D", "M": "M"}
    step: Gran = steps.get(letter, "Y")
    if not float(total).is_integer():  # "a year and a half ago": count in months
        step, total = ("M", total * 12) if letter == "Y" else ("D", total * 30)
    day = cal.shift(ref[0], sign * round(total), step)
    if ref[0] != ctx.anchor:
        return from_earlier(day, gran, mod)
    norm = at_point(day, gran, mod)
    norm.counted = sign < 0
    return norm


def n_ref_unit(m: re.Match[str], ctx: Context) -> Norm | None:
    rel, unit = group(m, "rel") or "", group(m, "unit") or ""
    part = unit if unit in ("morning", "evening", "night") else None
    gran: Gran = "D" if part else UNIT_GRAN[unit]
    sign = {"next": 1, "following": 1, "same": 0}.get(rel, -1)
    ref = reference(ctx)
    if ref is None:
        return Norm("TIME" if part else "DATE", cal.unresolved(gran))
    if coarser(ref, gran):
        # "the next day" after "in 1987": some day of 1987, which one the text does not say
        suffix = f"T{DAY_PARTS[part]}" if part else ""
        return Norm("TIME" if part else "DATE", partial(ref, gran) + suffix)
    day = cal.shift(ref[0], sign, gran)
    if part:
        return Norm("TIME", f"{day.isoformat()}T{DAY_PARTS[part]}", None, (day, "D"))
    return at_point(day, gran)
