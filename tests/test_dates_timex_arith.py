"""Unit tests of the calendar arithmetic behind TIMEX3 values (no spaCy needed)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from service.extract.dates import timex_arith as cal
from service.extract.dates.durations import duration_value
from service.extract.dates.number_words import parse_number


@pytest.mark.parametrize(
    ("day", "gran", "value"),
    [
        (dt.date(2022, 6, 15), "W", "2022-W24"),
        (dt.date(2021, 1, 3), "W", "2020-W53"),  # ISO week of a Sunday in early January
        (dt.date(2024, 12, 30), "W", "2025-W01"),  # ...and of a Monday in late December
        (dt.date(2022, 6, 15), "Q", "2022-Q2"),
        (dt.date(2022, 10, 1), "Q", "2022-Q4"),
        (dt.date(2022, 7, 1), "H", "2022-H2"),
        (dt.date(1994, 3, 2), "E", "199"),  # TIMEX3 decade: three digits
        (dt.date(1994, 3, 2), "C", "19"),
        (dt.date(2022, 1, 20), "S", "2021-WI"),  # January belongs to the winter that began in Dec
        (dt.date(2022, 6, 15), "M", "2022-06"),
    ],
)
def test_format_at_granularity(day: dt.date, gran: cal.Gran, value: str) -> None:
    assert cal.fmt(day, gran) == value


@pytest.mark.parametrize(
    ("day", "amount", "unit", "expected"),
    [
        (dt.date(2022, 3, 31), -1, "M", dt.date(2022, 2, 28)),  # month ends clamp
        (dt.date(2024, 3, 31), -1, "M", dt.date(2024, 2, 29)),  # ...to a leap day
        (dt.date(2024, 2, 29), 1, "Y", dt.date(2025, 2, 28)),
        (dt.date(2022, 1, 10), -2, "W", dt.date(2021, 12, 27)),
        (dt.date(2022, 1, 15), -1, "Q", dt.date(2021, 10, 15)),
        (dt.date(2023, 3, 1), -1, "D", dt.date(2023, 2, 28)),
    ],
)
def test_shift_across_boundaries(
    day: dt.date, amount: int, unit: cal.Gran, expected: dt.date
) -> None:
    assert cal.shift(day, amount, unit) == expected


def test_weekday_follows_the_tense() -> None:
    wednesday = dt.date(2022, 6, 15)
    # A past-tense "Wednesday" in a Wednesday's report is that very day.
    assert cal.weekday_date(wednesday, 3, -1) == wednesday
    assert cal.weekday_date(wednesday, 5, -1) == dt.date(2022, 6, 10)
    assert cal.weekday_date(wednesday, 5, 1) == dt.date(2022, 6, 17)
    # "last Wednesday" / "next Wednesday" skip the day itself.
    assert cal.weekday_date(wednesday, 3, -1, strict=True) == dt.date(2022, 6, 8)
    assert cal.weekday_date(wednesday, 3, 1, strict=True) == dt.date(2022, 6, 22)
    # Across a year end.
    assert cal.weekday_date(dt.date(2022, 1, 1), 5, -1) == dt.date(2021, 12, 31)


def test_month_day_without_year() -> None:
    june = dt.date(2022, 6, 15)
    assert cal.month_day_date(june, 2, 24, -1) == dt.date(2022, 2, 24)
    assert cal.month_day_date(june, 12, 24, -1) == dt.date(2021, 12, 24)
    assert cal.month_day_date(june, 12, 24, 1) == dt.date(2022, 12, 24)
    # A date a few weeks ahead stays ahead even in a past-tense sentence ("said ... on Jan 5").
    assert cal.month_day_date(dt.date(2021, 12, 20), 1, 5, 0) == dt.date(2022, 1, 5)
    # February 29 only in leap years.
    assert cal.month_day_date(june, 2, 29, -1) == dt.date(2020, 2, 29)
    assert cal.month_day_date(june, 2, 29, 1) == dt.date(2024, 2, 29)


def test_month_year_across_year_end() -> None:
    assert cal.month_year(dt.date(2022, 1, 10), 12, -1) == 2021
    assert cal.month_year(dt.date(2021, 12, 10), 1, 1) == 2022
    assert cal.month_year(dt.date(2022, 6, 15), 3, -1) == 2022


def test_seasons() -> None:
    june = dt.date(2022, 6, 15)
    assert cal.season_value(june, "SU", -1, -1) == "2021-SU"
    assert cal.season_value(june, "SP", -1, -1) == "2022-SP"
    assert cal.season_value(june, "FA", 1, 1) == "2022-FA"
    assert cal.season_value(june, "SU", 0, 0) == "2022-SU"


def test_holidays() -> None:
    assert cal.holiday_date(2022, "thanksgiving") == dt.date(2022, 11, 24)
    assert cal.holiday_date(2022, "easter") == dt.date(2022, 4, 17)
    assert cal.holiday_date(2022, "12-25") == dt.date(2022, 12, 25)


@pytest.mark.parametrize(
    ("amount", "unit", "value"),
    [
        (4, "months", "P4M"),
        (1, "decade", "P10Y"),
        (3, "hours", "PT3H"),
        (1.5, "years", "P1Y6M"),
        (0.5, "hour", "PT30M"),
        (1.5, "minutes", "PT1M30S"),
        (None, "years", "PXY"),
        (None, "decades", "PXY"),
        (None, "centuries", "PXC"),  # some centuries: no multiple of years says it
        (None, "millennia", "PXL"),
        (2, "centuries", "P200Y"),
        (2, "weekends", "P4D"),
    ],
)
def test_duration_values(amount: float | None, unit: str, value: str) -> None:
    assert duration_value(amount, unit) == value


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("four", 4),
        ("twenty-four", 24),
        ("a", 1),
        ("2 1/2", 2.5),
        ("several", None),
        ("two thousand", 2000),
        ("5 hundred", 500),
        ("several hundred", None),
    ],
)
def test_number_words(text: str, number: float | None) -> None:
    assert parse_number(text) == number


def _tempeval() -> ModuleType:
    """``eval/tempeval3.py``, loaded from its path (``eval`` is a folder of scripts)."""
    path = Path(__file__).resolve().parents[1] / "eval" / "tempeval3.py"
    spec = importlib.util.spec_from_file_location("tempeval3", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["tempeval3"] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("199X", "199", True),
        ("19XX", "19", True),
        ("2000-W7", "2000-W07", True),
        ("1989-11-06T17", "1989-11-06T17:00", True),
        ("P1E", "P10Y", True),
        ("P1Q", "P3M", True),
        ("P2L", "P2000Y", True),
        ("1949-XX", "1949", False),  # a month of 1949 is not the year
        ("1989-WXX", "1989-W43", False),
        ("PXM", "PTXM", False),  # months are not minutes
    ],
)
def test_eval_equivalent_notations(a: str, b: str, same: bool) -> None:
    canonical = _tempeval().canonical_value
    assert (canonical(a) == canonical(b)) is same


@pytest.mark.parametrize(
    ("text", "gold", "departs"),
    [
        ("last week", "1989-WXX", True),  # the issue asks for the calendar week
        ("last week", "P1W", True),
        ("Late last week", "1989-10", True),
        ("last week", "1998-W12", False),  # another week is an error, not a convention
        ("this week", "2000-W8", False),
        ("recent years", "PXY", True),
        ("recent years", "PAST_REF", False),
        ("now", "PRESENT_REF", False),
        ("last year", "1988-Q3", False),  # not one the issue prescribes
    ],
)
def test_eval_counts_where_the_gold_departs_from_the_issue(
    text: str, gold: str, departs: bool
) -> None:
    assert _tempeval()._departs_from_prescribed(text, gold) is departs


@pytest.mark.parametrize(
    ("year", "day"),
    [
        (1998, dt.date(1998, 11, 3)),
        (2022, dt.date(2022, 11, 8)),  # Nov 1 is a Tuesday: not the Tuesday after a Monday
        (2020, dt.date(2020, 11, 3)),
    ],
)
def test_us_election_day(year: int, day: dt.date) -> None:
    assert cal.holiday_date(year, "election") == day
