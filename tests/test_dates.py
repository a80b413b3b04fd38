"""The dates section on the seed article and on short texts exercising each kind of expression."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.extract import extract, pipeline
from service.extract.results import TimeExpression

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_2a91903f997600ae.txt"


@pytest.fixture(scope="module", autouse=True)
def _nlp() -> None:
    pipeline.load()  # once per module: every test below shares the loaded pipeline


def dates(text: str, published: str | None = "2022-06-15") -> list[TimeExpression]:
    result = extract(text, published=published, include=["dates"])
    assert result.dates is not None
    return result.dates


def found(text: str, published: str | None = "2022-06-15") -> dict[str, tuple[str, str, str]]:
    """Each expression's text mapped to (type, value, mod)."""
    return {d.text: (d.type, d.value or "", d.mod or "") for d in dates(text, published)}


# A date the section reads in any text: set after a text that must give none, it shows the
# section ran on that text and found only this.
CONTROL = "Talks resume on June 20."


def only_the_control(text: str, published: str = "2022-06-15") -> list[str]:
    """The expressions found in ``text`` followed by :data:`CONTROL`, less the control's."""
    found_here = [d.text for d in dates(f"{text} {CONTROL}", published)]
    assert "June 20" in found_here, "the control date is read"
    return [t for t in found_here if t != "June 20"]


# ---- the seed article --------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_dates() -> dict[str, tuple[str, str, str]]:
    return found(SEED.read_text("utf-8"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("February 24", ("DATE", "2022-02-24", "")),
        ("last year", ("DATE", "2021", "")),
        ("Last week", ("DATE", "2022-W23", "")),
        ("Wednesday", ("DATE", "2022-06-15", "")),
        ("the beginning of the year", ("DATE", "2022", "START")),
        ("nearly four months", ("DURATION", "P4M", "APPROX")),
        ("recent years", ("DATE", "PAST_REF", "")),
    ],
)
def test_seed_expressions(
    seed_dates: dict[str, tuple[str, str, str]], text: str, expected: tuple[str, str, str]
) -> None:
    assert seed_dates.get(text) == expected


def test_seed_has_no_false_dates(seed_dates: dict[str, tuple[str, str, str]]) -> None:
    # "69th birthday" is an event, "$147bn" an amount: neither is a time expression.
    assert not any("69" in text or "147" in text for text in seed_dates)
    assert len(seed_dates) == 7


def test_seed_offsets_slice_the_text() -> None:
    text = SEED.read_text("utf-8")
    for d in dates(text):
        assert text[d.start : d.end] == d.text
    # "on Wednesday": the preposition stays outside the expression.
    (wednesday,) = [d for d in dates(text) if d.text == "Wednesday"]
    assert text[wednesday.start - 3 : wednesday.start] == "on "


def test_seed_without_anchor_stays_unresolved() -> None:
    result = extract(SEED.read_text("utf-8"), include=["dates"])
    values = {d.text: d.value for d in result.dates or []}
    assert values["February 24"] == "XXXX-02-24"
    assert values["Wednesday"] == "XXXX-WXX-3"
    assert values["last year"] == "XXXX"
    assert values["nearly four months"] == "P4M"  # durations need no anchor
    assert [w.code for w in result.meta.warnings] == ["anchor_missing"]


# ---- explicit dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The talks began on 24 Feb 2022 in Minsk.", "24 Feb 2022", "2022-02-24"),
        ("The decree is dated 2022-02-24.", "2022-02-24", "2022-02-24"),
        ("Prices rose in June 2021 and fell later.", "June 2021", "2021-06"),
        ("The treaty was signed on Sept. 30, 1998.", "Sept. 30, 1998", "1998-09-30"),
        ("Trade collapsed in the 1990s.", "the 1990s", "199"),
        ("Trade boomed in the nineties.", "the nineties", "199"),  # TIMEX3: three digits
        ("It began in the early 1980s.", "the early 1980s", "198"),
        ("It grew fast in 2014, officials said.", "2014", "2014"),
        ("The ruling came on 12/25/2021.", "12/25/2021", "2021-12-25"),
    ],
)
def test_explicit_dates(text: str, expression: str, value: str) -> None:
    assert found(text).get(expression, ("", "", ""))[1] == value


# ---- relative dates against the anchor ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expression", "value"),
    [
        ("Exports fell last year.", "2022-01-01", "last year", "2021"),
        ("The minister resigned last week.", "2022-01-03", "last week", "2021-W52"),
        ("The minister resigned this week.", "2021-01-03", "this week", "2020-W53"),
        ("Sales dropped last month.", "2022-01-15", "last month", "2021-12"),
        ("The vote will be held next month.", "2021-12-20", "next month", "2022-01"),
        ("The plant closed two weeks ago.", "2022-01-05", "two weeks ago", "2021-W51"),
        ("He arrived yesterday.", "2024-03-01", "yesterday", "2024-02-29"),
        ("He leaves tomorrow.", "2023-02-28", "tomorrow", "2023-03-01"),
        ("He spoke today.", "2022-06-15", "today", "2022-06-15"),
        ("Results for the third quarter are due.", "2022-06-15", "the third quarter", "2022-Q3"),
        ("The bridge opened last summer.", "2022-06-15", "last summer", "2021-SU"),
        ("The leaders spoke on Friday.", "2022-06-15", "Friday", "2022-06-10"),
        ("The leaders will speak on Friday.", "2022-06-15", "Friday", "2022-06-17"),
        ("The leaders spoke on Wednesday.", "2022-06-15", "Wednesday", "2022-06-15"),
        ("They met on December 30.", "2022-01-04", "December 30", "2021-12-30"),
        ("The law took effect on February 29.", "2022-06-15", "February 29", "2020-02-29"),
        ("The markets are calm now.", "2022-06-15", "now", "PRESENT_REF"),
        ("He came home last Christmas.", "2022-06-15", "last Christmas", "2021-12-25"),
        ("They agreed to repay the loan by February.", "1989-10-30", "February", "1990-02"),
        ("He named a new board, effective June 1.", "1989-10-26", "June 1", "1990-06-01"),
        ("Prices have doubled since July.", "2022-06-15", "July", "2021-07"),
        ("The process began in February this year.", "1998-12-03", "February", "1998-02"),
        ("Shops will open on Thanksgiving.", "2022-06-15", "Thanksgiving", "2022-11-24"),
    ],
)
def test_relative_dates(text: str, published: str, expression: str, value: str) -> None:
    assert found(text, published).get(expression, ("", "", ""))[1] == value


def test_published_with_time_and_zone_is_accepted() -> None:
    values = found("He arrived yesterday.", "2022-06-15T23:30:00+02:00")
    assert values["yesterday"][1] == "2022-06-14"


# ---- durations, sets, times, modifiers ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("The war has lasted a decade.", "a decade", ("DURATION", "P10Y", "")),
        (
            "Talks took more than two years.",
            "more than two years",
            ("DURATION", "P2Y", "MORE_THAN"),
        ),
        ("It lasted about three days.", "about three days", ("DURATION", "P3D", "APPROX")),
        ("He visits every week.", "every week", ("SET", "P1W", "")),
        ("Flights leave daily.", "daily", ("SET", "P1D", "")),
        ("The meeting starts at 3 p.m.", "3 p.m.", ("TIME", "2022-06-15T15:00", "")),
        ("Prices peaked in late 2021.", "late 2021", ("DATE", "2021", "END")),
        ("It opens in early March 2023.", "early March 2023", ("DATE", "2023-03", "START")),
    ],
)
def test_durations_sets_times(text: str, expression: str, expected: tuple[str, str, str]) -> None:
    assert found(text).get(expression) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Xi celebrated his 69th birthday.",
        "A 45-year-old man was arrested.",
        "The company employs 2,500 people and sold 1,990 cars.",
        "Trade reached $147bn, up 30%.",
        "Prices may fall.",
    ],
)
def test_not_dates(text: str) -> None:
    assert dates(text) == []
    assert only_the_control(text) == []


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("He spoke on 24.02.2022 in Kyiv.", "24.02.2022", ("DATE", "2022-02-24", "")),
        ("Revenue for the year ended Sept. 30 rose.", "the year", ("DURATION", "P1Y", "")),
        ("Sales for the full year rose 13%.", "the full year", ("DATE", "2022", "")),
        ("The plan saves $500 million a year.", "a year", ("SET", "P1Y", "")),
        ("The 14-day strike ended.", "14-day", ("DURATION", "P14D", "")),
        (
            "The vote is at 10 p.m. Wednesday.",
            "10 p.m. Wednesday",
            ("TIME", "2022-06-15T22:00", ""),
        ),
        (
            "The talks resume nearly 4 months later.",
            "nearly 4 months later",
            ("DATE", "2022-10", "APPROX"),
        ),
        (
            "Sales rose in the fiscal first quarter.",
            "the fiscal first quarter",
            ("DATE", "2022-Q1", ""),
        ),
    ],
)
def test_compound_expressions(text: str, expression: str, expected: tuple[str, str, str]) -> None:
    assert found(text).get(expression) == expected


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("The process began in February this year.", "February"),
        ("The rebels were arrested in June last year.", "June"),
    ],
)
def test_a_month_and_its_year_are_one_expression(text: str, expression: str) -> None:
    # "this year" pins the month's year; it is not a second expression of its own.
    assert [d.text for d in dates(text, "1998-12-03")] == [expression]


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Ukraine was ruled from Moscow for centuries.", "centuries", "PXC"),
        ("It is the government's decades-long battle.", "decades-long", "PXY"),
        ("They left their third day-long meeting.", "day-long", "P1D"),
        ("It was a months-long strike.", "months-long", "PXM"),
    ],
)
def test_lengths_as_adjectives_and_centuries(text: str, expression: str, value: str) -> None:
    assert found(text).get(expression) == ("DURATION", value, "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Construction was delayed because of current market conditions.",
            {"current": "PRESENT_REF"},
        ),
        ("Holders may buy shares at the then current market price.", {"then current": "PAST_REF"}),
        ("The current account deficit widened.", {}),
        ("The boat was swept away by the current.", {}),
    ],
)
def test_current_as_an_adjective_is_now(text: str, expected: dict[str, str]) -> None:
    assert {k: v[1] for k, v in found(text).items()} == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Protesters prayed as Easter week began.", "2000-04-17", {"Easter week": "2000-W16"}),
        (
            "The talks began Oct. 5. His name was crossed out that same day.",
            "1998-10-26",
            {"Oct. 5": "1998-10-05", "that same day": "1998-10-05"},
        ),
        (
            "For the quarter a year ago, Columbia earned $5 million.",
            "1989-10-26",
            {"the quarter a year ago": "1988-Q3"},
        ),
        ("Protesters gathered at the annual March for Life.", "1999-01-22", {}),
        ("He stepped down in March for health reasons.", "1989-11-02", {"March": "1989-03"}),
    ],
)
def test_holiday_weeks_that_same_day_quarter_a_year_ago_march_names(
    text: str, published: str, expected: dict[str, str]
) -> None:
    assert {k: v[1] for k, v in found(text, published).items()} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Islam will one day be the second largest religion.", ("DATE", "FUTURE_REF", "")),
        ("He hopes he one day follow in their footsteps.", ("DATE", "FUTURE_REF", "")),
        ("He one day walked into the office and quit.", ("DATE", "PAST_REF", "")),
        ("The strike lasted one day.", ("DURATION", "P1D", "")),
    ],
)
def test_one_day_as_an_adverb_is_an_unnamed_time(text: str, expected: tuple[str, str, str]) -> None:
    assert list(found(text).values()) == [expected]


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("The post-1959 politics split families.", "post-1959", ("DATE", "1959", "AFTER")),
        ("Its pre-1990 debt was refinanced.", "pre-1990", ("DATE", "1990", "BEFORE")),
        (
            "Sales were $7 billion in the latest fiscal year.",
            "the latest fiscal year",
            ("DATE", "1988", ""),
        ),
    ],
)
def test_years_before_after_and_the_latest(
    text: str, expression: str, expected: tuple[str, str, str]
) -> None:
    assert found(text, "1989-10-26").get(expression) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Revenue in Q3 2021 was $5bn.", {"Q3 2021": "2021-Q3"}),
        ("Profit in H1 2022 fell.", {"H1 2022": "2022-H1"}),
        ("Sales in 3Q21 rose.", {"3Q21": "2021-Q3"}),
        ("Exports rose in Q1.", {"Q1": "2022-Q1"}),
        ("Profit fell in Q4.", {"Q4": "2021-Q4"}),  # past tense, in June: last year's
        ("Sales will rise in Q1-Q3.", {"Q1": "2022-Q1", "Q3": "2022-Q3"}),
        ("The H1N1 virus, H1B visas, H3 and Q5 are no dates; nor is q1.", {}),
    ],
)
def test_quarter_and_half_notation(text: str, expected: dict[str, str]) -> None:
    assert {k: v[1] for k, v in found(text).items()} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It rose to a high for the year of $42.875 a share.", {"the year": "1989"}),
        (
            "Revenue fell through the first nine months of the year.",
            {"the first nine months": "P9M", "the year": "1989"},
        ),
        ("Sales will stay flat for the rest of the year.", {"the year": "1989"}),
        ("He was chosen as man of the year.", {}),
    ],
)
def test_the_year_under_discussion(text: str, expected: dict[str, str]) -> None:
    assert {k: v[1] for k, v in found(text, "1989-10-30").items()} == expected


def test_a_few_days_later_is_one_expression_of_an_unknown_day() -> None:
    text = "The chairman resigned Oct. 2. A few days later, the company announced a deal."
    assert found(text, "1989-10-27")["A few days later"] == ("DATE", "XXXX-XX-XX", "")


def test_year_ago_as_adjective_is_not_swallowed_by_the_year() -> None:
    text = "Profit rose in the third quarter. The year-ago results were restated."
    assert found(text, "1989-11-01")["year-ago"][1] == "1988-Q3"


def test_year_ago_after_last_year_is_that_year() -> None:
    # "last year" is already the comparison period: "year-earlier" does not count back again
    text = "Last year's results included a gain. The year-earlier results were restated."
    assert found(text, "1989-10-30")["year-earlier"][1] == "1988"


def test_year_ago_after_an_older_year_counts_back_from_it() -> None:
    text = "In 1985 the company lost $5 million. The year-earlier loss was smaller."
    assert found(text, "1989-10-30")["year-earlier"][1] == "1984"


def test_the_quarter_restated_is_what_a_year_ago_compares_with() -> None:
    # "the quarter" names the reporting period again, after a date of another kind
    text = (
        "Profit rose in the third quarter. Shipments will resume in 1990. "
        "Sales in the quarter were $5 million, up from $4 million a year ago."
    )
    assert found(text, "1989-11-02")["a year ago"][1] == "1988-Q3"


def test_a_year_earlier_than_the_nine_months_is_last_year() -> None:
    # nine months are no quarter: the comparison a year back can only name the year
    text = (
        "Profit rose in the third quarter. In the first nine months, net income was "
        "$5 million, compared with $4 million a year earlier."
    )
    assert found(text, "1989-10-26")["a year earlier"][1] == "1988"


def test_the_reporting_period_is_the_latest_quarter_mentioned() -> None:
    # "a flat second quarter" looks back; the year-earlier period is the third quarter's
    text = (
        "Third-quarter profit rose 5%. After a flat second quarter, sales recovered. "
        "The quarter-to-quarter comparison was helped by charges in the year-earlier period."
    )
    result = found(text, "1989-11-01")
    assert "quarter" not in result
    assert result["the year-earlier period"][1] == "1988-Q3"


def test_a_quarter_not_yet_over_is_not_the_reporting_period() -> None:
    # A fiscal "fourth quarter" ending in September: calendar Q4 has not ended by November 2.
    text = "Its fourth quarter ended Sept. 30. Profit in the latest quarter fell 5%."
    assert found(text, "1989-11-02")["the latest quarter"][1] == "1989-Q3"


def test_last_years_quarter_is_the_quarter_under_discussion_a_year_back() -> None:
    text = "Profit rose in the third quarter. Sales for last year's quarter were $3 million."
    assert found(text, "1989-11-01")["last year's quarter"][1] == "1988-Q3"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sales rose 5% in the quarter ended Sept. 30.", "1989-Q3"),
        # May to July: most of that quarter lies in the calendar's second
        ("In the quarter ended July 31, Jayark had a loss.", "1989-Q2"),
        ("Profit fell in the latest quarter, which ended Aug. 31, 1989.", "1989-Q3"),
        ("It expects a loss in the quarter ending Dec. 31.", "1989-Q4"),
    ],
)
def test_the_day_a_quarter_ended_pins_the_quarter(text: str, expected: str) -> None:
    result = found(text, "1989-10-30")
    quarter = next(v for k, v in result.items() if "quarter" in k)
    assert quarter[1] == expected


def test_a_quarter_already_named_keeps_its_label_when_its_end_is_given() -> None:
    text = (
        "Sun reported results for its fiscal first quarter. "
        "Sales for the quarter ended Sept. 29 rose 39%. Sun shipped 28,000 systems in the quarter."
    )
    values = [d.value for d in dates(text, "1989-10-26") if d.text == "the quarter"]
    assert values == ["1989-Q1", "1989-Q1"]


def test_the_closing_day_of_a_quarter_leaves_the_quarter_under_discussion() -> None:
    # "a year earlier" compares with the quarter, not with the day it closed
    text = "Sales rose to $5 million in the quarter ended Sept. 30 from $4 million a year earlier."
    result = found(text, "1989-10-26")
    assert result["Sept. 30"][1] == "1989-09-30"
    assert result["a year earlier"][1] == "1988-Q3"


@pytest.mark.parametrize(
    ("text", "published", "expression", "expected"),
    [
        # The ISO week of the day, across a year boundary: Jan 1 2021 is in 2020-W53.
        (
            "A hearing is set for the week of March 6.",
            "2000-02-24",
            "the week of March 6",
            ("DATE", "2000-W10", ""),
        ),
        (
            "They met the week of Jan. 1, 2021.",
            "2021-02-01",
            "the week of Jan. 1, 2021",
            ("DATE", "2020-W53", ""),
        ),
        # "year-end" is the end of the year the tense or preposition points to.
        ("The deal should close by year-end.", "1989-10-30", "year-end", ("DATE", "1989", "END")),
        ("The index is up 5% since year-end.", "1989-10-30", "year-end", ("DATE", "1988", "END")),
        ("Jobs will be cut by year's end.", "1989-10-30", "year's end", ("DATE", "1989", "END")),
        ("Debt peaked at year-end 1990.", "1989-10-30", "year-end 1990", ("DATE", "1990", "END")),
    ],
)
def test_weeks_of_year_ends_and_ranges(
    text: str, published: str, expression: str, expected: tuple[str, str, str]
) -> None:
    assert found(text, published).get(expression) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # TIMEX3 tags a range of lengths as two durations, the first in the unit that ends it.
        ("Repairs take two to six days.", {"two": "P2D", "six days": "P6D"}),
        (
            "It will close for the next 12 to 18 months.",
            {"the next 12": "P12M", "18 months": "P18M"},
        ),
        ("It lasted 3-5 years.", {"3": "P3Y", "5 years": "P5Y"}),
        ("Prices rose 3-5 years ago.", {"5 years ago": "1984"}),
    ],
)
def test_ranges_of_lengths(text: str, expected: dict[str, str]) -> None:
    assert {k: v[1] for k, v in found(text, "1989-10-30").items()} == expected


@pytest.mark.parametrize(
    "text", ["Its year-end results were restated.", "Boys aged 12 to 14 years old were hurt."]
)
def test_modifiers_and_age_ranges_are_not_dates(text: str) -> None:
    assert dates(text, "1989-10-30") == []
    assert only_the_control(text, "1989-10-30") == []


def test_a_year_earlier_after_a_year_ago_restates_the_comparison() -> None:
    # Not a year before "a year ago": both are the year before the report.
    text = "Profit was $5 million a year ago. Sales were $40 million a year earlier."
    values = found(text, "1989-10-26")
    assert values["a year ago"][1] == values["a year earlier"][1] == "1988"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The offer is scheduled to expire Friday.", "1989-11-03"),
        # Past perfect: the plan has been overtaken, the day is behind the Monday report.
        ("The offer had been scheduled to expire Friday.", "1989-10-27"),
        ("It had been due to expire Friday.", "1989-10-27"),
    ],
)
def test_plans_point_forward_unless_past_perfect(text: str, value: str) -> None:
    assert found(text, "1989-10-30")["Friday"][1] == value


def test_the_past_before_a_count_is_not_past_ref() -> None:
    assert "the past" not in found("Violence flared for the past three summers.")
    assert found("In the past, prices rose.")["the past"][1] == "PAST_REF"
    assert found("It is now two years old.")["now"][1] == "PRESENT_REF"


@pytest.mark.parametrize(
    ("text", "published", "expression", "expected"),
    [
        (
            "It is a theme from now to Election Day.",
            "1998-10-26",
            "Election Day",
            ("DATE", "1998-11-03", ""),
        ),
        (
            "It lasted more than two thousand years.",
            "1998-01-21",
            "more than two thousand years",
            ("DURATION", "P2000Y", "MORE_THAN"),
        ),
        (
            "Eight trading days after Oct. 12, it fell.",
            "1989-10-30",
            "Eight trading days",
            ("DURATION", "P8D", ""),
        ),
        (
            "Prisoners were taken in the first hours of the war.",
            "1991-02-25",
            "the first hours",
            ("DURATION", "PTXH", ""),
        ),
        (
            "We will cut costs in the near term.",
            "1989-10-30",
            "the near term",
            ("DATE", "FUTURE_REF", ""),
        ),
    ],
)
def test_more_lexicon(
    text: str, published: str, expression: str, expected: tuple[str, str, str]
) -> None:
    assert found(text, published).get(expression) == expected


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        # The earlier mention names only the year (month): the day stays unspecified.
        ("In 1987 the market crashed. Losses were made that day.", "that day", "1987-XX-XX"),
        ("In 1987 the market crashed. The next day it rose.", "The next day", "1987-XX-XX"),
        ("In March 1987 it crashed. The next day it rose.", "The next day", "1987-03-XX"),
        # ...and is used when it is precise enough, across a month end.
        ("It crashed on Oct. 31, 1987. The next day it rose.", "The next day", "1987-11-01"),
        ("In 1987 it crashed. The following year it rose.", "The following year", "1988"),
    ],
)
def test_back_references_never_invent_precision(text: str, expression: str, value: str) -> None:
    assert found(text, "1989-10-30")[expression][1] == value


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("It happened a week or so ago.", "a week or so ago", ("DATE", "1991-W08", "APPROX")),
        ("It will take two years or so.", "two years or so", ("DURATION", "P2Y", "APPROX")),
        (
            "It took nearly two years or so.",
            "nearly two years or so",
            ("DURATION", "P2Y", "APPROX"),
        ),
    ],
)
def test_or_so_is_approximate(text: str, expression: str, expected: tuple[str, str, str]) -> None:
    assert found(text, "1991-02-25").get(expression) == expected


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        (
            "He will leave at 4 in the morning.",
            "4 in the morning",
            ("TIME", "2000-04-05T04:00", ""),
        ),
        ("They met at 9 in the evening.", "9 in the evening", ("TIME", "2000-04-05T21:00", "")),
        ("It ended at 10:30 at night.", "10:30 at night", ("TIME", "2000-04-05T22:30", "")),
        ("It was 2 at night.", "2 at night", ("TIME", "2000-04-05T02:00", "")),
        ("He woke at 12 in the morning.", "12 in the morning", ("TIME", "2000-04-05T00:00", "")),
        ("By mid afternoon, sources said.", "mid afternoon", ("TIME", "2000-04-05TAF", "MID")),
        # "yesterday" across a month boundary: the anchor is April 1
        (
            "Shares fell at mid-afternoon yesterday.",
            "mid-afternoon yesterday",
            ("TIME", "2000-03-31TAF", "MID"),
        ),
    ],
)
def test_clock_and_day_part_phrases(
    text: str, expression: str, expected: tuple[str, str, str]
) -> None:
    published = "2000-04-01" if "yesterday" in text else "2000-04-05"
    assert found(text, published).get(expression) == expected


def test_back_references_use_the_last_date_mentioned() -> None:
    text = (
        "Profit fell 5% in the third quarter of 2021. A year earlier it had risen. "
        "Shares closed at $10 on March 4, 2022, down from the previous Friday."
    )
    values = found(text)
    assert values["A year earlier"][1] == "2020-Q3"
    assert values["the previous Friday"][1] == "2022-02-25"


@pytest.mark.parametrize("text", ["He moved there in his 30s.", "She said on CBS's 60 Minutes."])
def test_ages_and_titles_are_not_dates(text: str) -> None:
    assert dates(text) == []
    assert only_the_control(text) == []


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The plant closed two weeks ago.", "two weeks ago", "XXXX-WXX"),
        ("Results for the third quarter are due.", "the third quarter", "XXXX-Q3"),
        ("The bridge opened last summer.", "last summer", "XXXX-SU"),
        ("The meeting starts at 3 p.m.", "3 p.m.", "XXXX-XX-XXT15:00"),
        ("He arrived yesterday.", "yesterday", "XXXX-XX-XX"),
        ("Prices rose in June 2021.", "June 2021", "2021-06"),  # explicit: needs no anchor
    ],
)
def test_without_anchor(text: str, expression: str, value: str) -> None:
    assert found(text, None).get(expression, ("", "", ""))[1] == value


def test_sentence_roots_are_spacys(seed_text: str) -> None:
    # Tense reads the sentence root through this index instead of Token.sent (quadratic on a
    # run-on text); it must name the same root for every token.
    from service.extract.dates.tense import SentenceRoots

    doc = pipeline.load()(seed_text + "\n\nNo full stop here February 24 last year 3 p.m. then")
    roots = SentenceRoots(doc)
    assert len({roots[t.i].i for t in doc}) > 10
    assert all(roots[t.i] == t.sent.root for t in doc)


# --- the calendar's edges: a value or none, never an error -------------------------------


@pytest.mark.parametrize(
    ("text", "published"),
    [
        (
            "Last year, last month, yesterday, two days ago, last winter, a year earlier.",
            "0001-01-01",
        ),
        ("Next year, next week, tomorrow, next Monday, Q4 next year, a year later.", "9999-12-31"),
        ("On Monday the talks began; on Tuesday they ended.", "0001-01-01"),
        ("9999 years ago the ice retreated.", "2022-06-15"),
    ],
)
def test_dates_at_the_calendars_edges_get_a_value(nlp, text: str, published: str) -> None:
    result = extract(text, published=published, include=["dates", "trade_figures"])
    assert result.dates and all(d.value for d in result.dates)


def test_relative_dates_past_the_edge_stay_unresolved(nlp) -> None:
    (last_year,) = extract("Last year.", published="0001-01-01", include=["dates"]).dates
    assert last_year.value == "XXXX"
    (tomorrow,) = extract("Tomorrow he leaves.", published="9999-12-31", include=["dates"]).dates
    assert tomorrow.value == "XXXX-XX-XX"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 10,000 years the sun will still shine.", ("10,000 years", "P10000Y")),
        ("The dispute lasted 1,500 years.", ("1,500 years", "P1500Y")),
        ("12,000 years ago the ice retreated.", ("12,000 years ago", "XXXX")),
    ],
)
def test_thousands_separators_before_years_are_read_whole(nlp, text: str, expected) -> None:
    dates = extract(text, published="2022-06-15", include=["dates"]).dates
    assert [(d.text, d.value) for d in dates] == [expected]


_RELATIONS = ("the past", "the last", "last", "this", "next", "the next", "the coming", "that")
_UNIT_WORDS = ("week", "month", "year", "quarter", "weekend", "decade", "century", "day", "half")


@pytest.mark.parametrize("published", ["2022-06-15", "0001-01-01", "9999-12-31"])
def test_every_relation_to_every_unit_reads_without_error(nlp, published: str) -> None:
    # "Over the past half" once raised KeyError: a unit word with no length of its own.
    for relation in _RELATIONS:
        text = ". ".join(f"Over {relation} {unit}, sales rose" for unit in _UNIT_WORDS) + "."
        dates = extract(text, published=published, include=["dates"]).dates
        assert any(d.text.endswith("week") for d in dates), (relation, dates)
