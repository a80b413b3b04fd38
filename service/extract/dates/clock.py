"""Clock times and parts of a day: "10:30 p.m.", "noon", "4 in the morning", "mid-afternoon",
on the day last mentioned, else the anchor's."""

from __future__ import annotations

import datetime as dt
import re

from service.extract.dates.norms import DAY_PARTS, Context, Norm, group, point_mod
from service.extract.dates.relative import DEICTIC_DAYS


def n_time(m: re.Match[str], ctx: Context) -> Norm | None:
    if m["named"]:
        clock = DAY_PARTS[m["named"].lower()]
    else:
        hour = int(m["H4"] or m["H"] or m["H2"] or m["H3"])
        minute = int(m["M4"] or m["M"] or m["M2"] or 0)
        marker = (m["ap"] or "").lower()
        part = group(m, "dp") or ""
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
    code = DAY_PARTS[group(m, "part") or ""]
    mod = point_mod(m)
    word = group(m, "dx")
    if ctx.anchor is None:
        return Norm("TIME", f"XXXX-XX-XXT{code}", mod)
    if word:
        day = ctx.anchor + dt.timedelta(days=DEICTIC_DAYS[word])
    elif ctx.last is not None and ctx.last[1] == "D":
        day = ctx.last[0]
    else:
        day = ctx.anchor
    return Norm("TIME", f"{day.isoformat()}T{code}", mod)
