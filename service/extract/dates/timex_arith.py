"""Calendar arithmetic behind TIMEX3 values: shifting, resolving and formatting at a granularity.

Pure functions of (anchor, expression parts, direction) so the normalizer can be tested without
spaCy. A value is a representative ``date`` plus a granularity; the granularity decides how it is
written ("2022" for a year, "2022-W23" for an ISO week, "2022-Q3" for a quarter...).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from dateutil.easter import easter
from dateutil.relativedelta import FR, MO, TH, TU, relativedelta

from service.extract.dates.tuning import DEFAULT_TUNING

#: Granularities, coarse to fine: century, decade, year, half, quarter, season, month, week, day.
Gran = Literal["C", "E", "Y", "H", "Q", "S", "M", "W", "D"]

#: Direction of a relative expression: -1 the past (on or before the anchor), +1 the future,
#: 0 the occurrence nearest to the anchor.
Direction = Literal[-1, 0, 1]

SEASONS: tuple[str, ...] = ("SP", "SU", "FA", "WI")
# Meteorological seasons; winter belongs to the year of its December.
_SEASON_OF_MONTH = {
    1: "WI",
    2: "WI",
    3: "SP",
    4: "SP",
    5: "SP",
    6: "SU",
    7: "SU",
    8: "SU",
    9: "FA",
    10: "FA",
    11: "FA",
    12: "WI",
}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

_UNRESOLVED: dict[str, str] = {
    "C": "XX",
    "E": "XXX",
    "Y": "XXXX",
    "H": "XXXX-HX",
    "Q": "XXXX-QX",
    "S": "XXXX-XX",
    "M": "XXXX-XX",
    "W": "XXXX-WXX",
    "D": "XXXX-XX-XX",
}


def fmt(day: dt.date, gran: Gran) -> str:
    """The TIMEX3 value of the period of granularity ``gran`` that contains ``day``."""
    if gran == "C":
        return f"{day.year // 100:02d}"
    if gran == "E":
        # TIMEX3 writes a decade as its first three digits: "the 1990s" is "199".
        return f"{day.year // 10:03d}"
    if gran == "Y":
        return f"{day.year:04d}"
    if gran == "H":
        return f"{day.year:04d}-H{1 if day.month <= 6 else 2}"
    if gran == "Q":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if gran == "S":
        year, season = season_of(day)
        return f"{year:04d}-{season}"
    if gran == "M":
        return f"{day.year:04d}-{day.month:02d}"
    if gran == "W":
        iso = day.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    return day.isoformat()


def unresolved(gran: Gran) -> str:
    """The TIMEX3 value of a relative expression when there is no anchor."""
    return _UNRESOLVED[gran]


def shift(day: dt.date, amount: int, unit: Gran) -> dt.date:
    """``day`` moved by ``amount`` units (month ends clamp: Mar 31 - 1 month = Feb 28/29)."""
    if unit == "D":
        return day + dt.timedelta(days=amount)
    if unit == "W":
        return day + dt.timedelta(weeks=amount)
    months = {"M": 1, "S": 3, "Q": 3, "H": 6, "Y": 12, "E": 120, "C": 1200}[unit]
    return day + relativedelta(months=amount * months)


def season_of(day: dt.date) -> tuple[int, str]:
    """(season year, season code); January and February belong to the previous year's winter."""
    season = _SEASON_OF_MONTH[day.month]
    year = day.year - 1 if day.month <= 2 else day.year
    return year, season


def season_value(anchor: dt.date, season: str, offset: int | None, direction: Direction) -> str:
    """A season relative to the anchor: ``offset`` -1 last, 0 this, +1 next; ``None`` by tense."""
    year, current = season_of(anchor)
    order = SEASONS.index(season) - SEASONS.index(current)
    if offset == -1:
        year = year if order < 0 else year - 1
    elif offset == 1:
        year = year if order > 0 else year + 1
    elif offset is None and direction == -1 and order > 0:
        year -= 1
    elif offset is None and direction == 1 and order < 0:
        year += 1
    return f"{year:04d}-{season}"


# The biases default to the dates section's tuning (the ``news_dates`` component's config).
_BIAS = DEFAULT_TUNING.tense_bias
_PRESENT_BIAS = DEFAULT_TUNING.present_future_bias


def pick_nearest(
    anchor: dt.date,
    candidates: list[dt.date],
    direction: Direction,
    bias: float = _BIAS,
    present_bias: float = _PRESENT_BIAS,
) -> dt.date:
    """The candidate nearest the anchor; distances against the tense count ``bias`` times, and
    in the present tense (``direction`` 0) distances ahead ``present_bias`` times.

    A preposition that fixes the direction ("since July") passes an infinite bias."""

    def cost(day: dt.date) -> float:
        delta = (day - anchor).days
        against = (direction == -1 and delta > 0) or (direction == 1 and delta < 0)
        weight = bias if against else present_bias if direction == 0 and delta > 0 else 1.0
        return abs(delta) * weight + (0.5 if delta > 0 else 0.0)

    return min(candidates, key=cost)


def weekday_date(
    anchor: dt.date,
    weekday: int,
    direction: Direction,
    strict: bool = False,
    bias: float = _BIAS,
    present_bias: float = _PRESENT_BIAS,
) -> dt.date:
    """The ISO ``weekday`` (1 = Monday) nearest the anchor, weighed by the tense.

    Not ``strict``, the anchor's own day counts ("Wednesday" in a Wednesday's report is that
    day); ``strict`` with a direction means "last"/"next" and skips it.
    """
    back = (anchor.isoweekday() - weekday) % 7
    forward = (weekday - anchor.isoweekday()) % 7
    if strict:
        back = back or 7
        forward = forward or 7
        if direction == -1:
            return anchor - dt.timedelta(days=back)
        return anchor + dt.timedelta(days=forward)
    before, after = anchor - dt.timedelta(days=back), anchor + dt.timedelta(days=forward)
    return pick_nearest(anchor, [before, after], direction, bias, present_bias)


def month_year(
    anchor: dt.date,
    month: int,
    direction: Direction,
    bias: float = _BIAS,
    present_bias: float = _PRESENT_BIAS,
) -> int:
    """The year of a bare month name: the nearest such month, weighed by the tense."""
    candidates = [dt.date(anchor.year + k, month, 15) for k in (-1, 0, 1)]
    if month == anchor.month:
        return anchor.year
    return pick_nearest(anchor.replace(day=15), candidates, direction, bias, present_bias).year


def month_day_date(
    anchor: dt.date,
    month: int,
    day: int,
    direction: Direction,
    bias: float = _BIAS,
    present_bias: float = _PRESENT_BIAS,
) -> dt.date | None:
    """A month and day without a year: the nearest such date, weighed by the tense.

    February 29 only exists in leap years: the nearest leap years are the candidates.
    """
    candidates = []
    for year in range(anchor.year - 4, anchor.year + 5):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    near = sorted(candidates, key=lambda d: abs((d - anchor).days))[:3]
    return pick_nearest(anchor, near, direction, bias, present_bias)


def quarter_date(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)


def season_start(year: int, season: str) -> dt.date:
    return dt.date(year, _SEASON_START[season], 1)


def holiday_date(year: int, key: str) -> dt.date | None:
    """A movable or fixed holiday in ``year``; ``key`` is "MM-DD" or a movable feast's name."""
    if key == "easter":
        return easter(year)
    if key == "good_friday":
        return easter(year) - dt.timedelta(days=2)
    if key == "thanksgiving":  # fourth Thursday of November (US)
        return dt.date(year, 11, 1) + relativedelta(weekday=TH(4))
    if key == "memorial":  # last Monday of May
        return dt.date(year, 5, 31) + relativedelta(weekday=MO(-1))
    if key == "labor":  # first Monday of September
        return dt.date(year, 9, 1) + relativedelta(weekday=MO(1))
    if key == "election":  # US: the Tuesday after the first Monday of November
        return dt.date(year, 11, 2) + relativedelta(weekday=TU)
    if key == "black_friday":
        return dt.date(year, 11, 1) + relativedelta(weekday=TH(4)) + relativedelta(weekday=FR)
    month, day = (int(part) for part in key.split("-"))
    return dt.date(year, month, day)
