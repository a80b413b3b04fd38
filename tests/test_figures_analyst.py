"""Issue 19: trade figures an analyst can use. Currencies as news writes them, ranges, caps and
floors, conversions, written and vague amounts, the metric from the sentence, parties and roles
from the grammar, periods.

Sentences are quoted from the TimeBank and AQUAINT articles of TempEval-3 (named by file:
TimeBank/wsj_* are Wall Street Journal stories of 1989, AQUAINT/APW_* AP, NYT_* New York Times
stories of 1998-2000) and from re3d (BBC Online); the currency spellings of issue 19 are format
tests of the amount reader alone.
"""

from __future__ import annotations

import math

import pytest
from spacy.language import Language

from service.extract import extract
from service.extract.figures.amounts import find_amounts
from service.extract.figures.written import words_value
from tests.figure_answers import figure_at, party_names, role_names, run

# --- 1. Currencies as news writes them -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "code"),
    [
        ("HK$ 2.5m", 2.5e6, "HKD"),
        ("HK $2.5m", 2.5e6, "HKD"),
        ("S$1mil", 1e6, "SGD"),
        ("A$40bn", 40e9, "AUD"),
        ("$A28 million", 28e6, "AUD"),
        ("NZ$5m", 5e6, "NZD"),
        ("$NZ5m", 5e6, "NZD"),
        ("C$12.875", 12.875, "CAD"),
        ("R$3bn", 3e9, "BRL"),
        ("US$148.9 million", 148.9e6, "USD"),
        ("$US12 million", 12e6, "USD"),
    ],
)
def test_dollars_of_other_countries_in_every_spelling(text: str, value: float, code: str) -> None:
    (amount,) = find_amounts(f"They paid {text} for it.")
    assert (amount.value, amount.currency, amount.currency_assumed) == (value, code, False)


@pytest.mark.parametrize("text", ["Euro 2024 was held in Germany.", "England lost at Euro 96."])
def test_football_tournaments_are_no_money(text: str) -> None:
    assert find_amounts(text) == []


def test_euro_before_a_sum_stays_money() -> None:
    assert [(a.value, a.currency) for a in find_amounts("a bill of Euro 2.5 million")] == [
        (2.5e6, "EUR")
    ]


def test_treebank_pound_sign_only_before_a_sum() -> None:
    # TimeBank wsj_0745: "British Petroleum Co.'s #2.5 billion ( $4 billion ) takeover of
    # Britoil PLC"; "#1" is a rank.
    (amount,) = find_amounts("British Petroleum Co.'s #2.5 billion ( $4 billion ) takeover")
    assert (amount.value, amount.currency) == (2.5e9, "GBP")
    assert [(e.value, e.currency) for e in amount.equivalents] == [(4e9, "USD")]
    assert find_amounts("It ranks #1 in the world.") == []


def test_dateline_of_a_dollar_country_fixes_the_dollar(nlp: Language) -> None:
    text = "SYDNEY (Reuters) - The government will spend $5 million on the new port."
    figure = figure_at(run(text, "2022-06-15"), "$5 million")
    assert figure.currency == "AUD" and figure.currency_assumed


def test_us_paper_quoting_a_canadian_price_keeps_dollar_usd(nlp: Language) -> None:
    # TimeBank wsj_0938 (WSJ, 1989)
    text = (
        "In trading on the New York Stock Exchange, Cineplex closed at $11, down 25 cents. On "
        "the Toronto Stock Exchange, Cineplex closed at C$12.875, off 37.5 Canadian cents."
    )
    result = run(text)
    assert figure_at(result, "$11").currency == "USD"
    assert figure_at(result, "C$12.875").currency == "CAD"


# --- 2. Ranges, caps and floors --------------------------------------------------------------


def test_a_range_with_the_currency_on_both_ends(nlp: Language) -> None:
    # TimeBank wsj_0570
    text = "Crane holds 504,200 Milton Roy shares, including 254,200 bought from Sept. 14 to "
    text += "Thursday for $15.50 to $16.75 each."
    figure = figure_at(run(text), "$15.50")
    assert (figure.value, figure.value_max, figure.change) == (15.5, 16.75, None)


def test_a_per_share_range(nlp: Language) -> None:
    # TimeBank wsj_0172
    text = (
        "Severance payments will reduce First of America's operating results for 1989 by "
        "$3 million to $4 million, or 15 cents to 20 cents a share."
    )
    figure = figure_at(run(text), "15 cents")
    assert (figure.value, figure.value_max, figure.unit) == (0.15, 0.2, "per share")


def test_between_and_is_a_range_and_rose_from_to_a_change() -> None:
    (between,) = find_amounts("between 3 percent and 4 percent")
    assert (between.value, between.value_max) == (3, 4)
    first, second = find_amounts("exports rose from $5bn to $7bn")
    assert first.value_max is None and second.value == 7e9


def test_a_change_stays_a_change(nlp: Language) -> None:
    # TimeBank wsj_0292
    text = "The company said net rose to $108.8 million, or $1.35 a share, from $90.5 million."
    figure = figure_at(run(text), "$108.8 million")
    assert figure.value_max is None
    assert figure.change is not None and figure.change.kind == "previous"
    assert figure.change.value == 90.5e6


@pytest.mark.parametrize(
    ("text", "written", "qualifier", "approximate"),
    [
        # AQUAINT APW19990506.0155
        ("The federal charge also carries a fine of up to $250,000.", "$250,000", "cap", False),
        # TimeBank wsj_0778
        (
            "Mr. Antar made more than $60 million from the sale of his shares.",
            "$60",
            "floor",
            False,
        ),
        # TimeBank wsj_0991
        (
            "Total Assets Protection Inc. expects to report earnings of about $200,000.",
            "$200,000",
            "estimate",
            True,
        ),
    ],
)
def test_qualifier_classes(nlp, text: str, written: str, qualifier: str, approximate: bool) -> None:
    figure = figure_at(run(text), written)
    assert (figure.qualifier, figure.approximate) == (qualifier, approximate)


# --- 3. Conversions --------------------------------------------------------------------------


def test_a_conversion_is_one_figure_with_its_equivalent(nlp: Language) -> None:
    # TimeBank wsj_0583
    text = (
        "Polly Peck will pay 15.6 billion yen ($110 million) for 39 million new shares of Sansui."
    )
    result = run(text)
    assert len(result.trade_figures) == 1
    figure = result.trade_figures[0]
    assert (figure.value, figure.currency) == (15.6e9, "JPY")
    assert [(e.value, e.currency, e.text) for e in figure.equivalents] == [
        (110e6, "USD", "$110 million")
    ]


def test_a_range_converted_as_a_range() -> None:
    # TimeBank wsj_0106
    text = "plans to raise 175 million to 180 million Canadian dollars (US$148.9 million to "
    text += "$153.3 million) through a private placement"
    (amount,) = find_amounts(text)
    assert (amount.value, amount.value_max, amount.currency) == (175e6, 180e6, "CAD")
    (usd,) = amount.equivalents
    assert (usd.value, usd.value_max, usd.currency) == (148.9e6, 153.3e6, "USD")


def test_two_conversions_in_one_bracket() -> None:
    # re3d, BBC Online (Jordan's Syrian refugees)
    text = "We used to hire Egyptians at two Jordanian dinars (£2.10; $2.80) an hour."
    (amount,) = find_amounts(text)
    assert (amount.value, amount.currency) == (2, "JOD")
    assert [(e.value, e.currency) for e in amount.equivalents] == [(2.1, "GBP"), (2.8, "USD")]


# --- 4. Written, fractional and vague amounts ------------------------------------------------


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("one-half", 0.5),
        ("a quarter", 0.25),
        ("two-thirds", 2 / 3),
        ("three quarters", 0.75),
        ("one and a half", 1.5),
        ("two and three-quarters", 2.75),
        ("half a million", 5e5),
        ("third", None),  # "the third quarter": an ordinal
    ],
)
def test_written_fractions(words: str, value: float | None) -> None:
    got = words_value(words)
    assert got is None if value is None else math.isclose(got, value)


def test_fractions_of_a_percent_and_shares() -> None:
    assert [(a.value, a.unit) for a in find_amounts("a cut of one-half percent")] == [
        (0.5, "percent")
    ]
    (point,) = find_amounts("a quarter of a percentage point")
    assert (point.value, point.unit) == (0.25, "percentage_point")
    # TimeBank (WSJ 1989): "More than two-thirds of the systems"
    (share,) = find_amounts("two-thirds of its exports")
    assert math.isclose(share.value, 200 / 3) and share.unit == "percent"


def test_vague_amounts_are_ranges_flagged_vague() -> None:
    (amount,) = find_amounts("It cost tens of millions of dollars.")
    assert (amount.value, amount.value_max, amount.vague) == (1e7, 1e8, True)
    assert amount.qualifier == "estimate"


# --- 5. The metric from the sentence ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "metric"),
    [
        # TimeBank wsj_0610
        ("Last year, Kellogg earned $480.4 million on sales of $4.3 billion.", "$480.4", "profit"),
        ("Last year, Kellogg earned $480.4 million on sales of $4.3 billion.", "$4.3", "revenue"),
        # TimeBank wsj_0558
        ("In the latest quarter, Aetna had a $23 million loss on its auto line.", "$23", "loss"),
        # TimeBank wsj_0175
        (
            "Sony's planned acquisition of Guber/Peters Entertainment Co. for $200 million is "
            "scheduled to close Monday.",
            "$200",
            "deal_value",
        ),
        # TimeBank wsj_0520
        (
            "At that price, the company has a market value of about $278.4 million.",
            "$278",
            "market_value",
        ),
        # AQUAINT NYT19981120.0362
        (
            "The US Justice Department is offering a $500,000 reward for information.",
            "$500,000",
            "reward",
        ),
        # AQUAINT APW19990206.0090
        ("The trial led to a $107 million verdict this week.", "$107", "fine"),
        # TimeBank wsj_0736
        ("Poughkeepsie also expects to post a one-time charge of $8.3 million.", "$8.3", "cost"),
        # TimeBank wsj_0798
        ("It will eliminate dividend payments of C$17.9 million annually.", "C$17.9", "dividend"),
        # TimeBank wsj_0325
        ("It includes issuing $150 million in preferred stock.", "$150", "capital_raising"),
        # TimeBank wsj_0555
        (
            "Holders of $6,542,000 face amount of its debentures elected to convert.",
            "$6,542",
            "debt",
        ),
        # TimeBank wsj_1040
        ("Oneida's shares closed at $18.375 a share, unchanged.", "$18.375", "price"),
    ],
)
def test_metric_from_the_word_the_amount_belongs_to(
    nlp, text: str, written: str, metric: str
) -> None:
    assert figure_at(run(text), written).metric == metric


# --- 6. Parties and roles from the grammar ---------------------------------------------------


def test_buyer_and_target_of_an_acquisition(nlp: Language) -> None:
    # TimeBank wsj_0175
    text = "Sony's planned acquisition of Guber/Peters Entertainment Co. for $200 million is "
    text += "scheduled to close Monday."
    result = run(text)
    figure = figure_at(result, "$200 million")
    roles = role_names(result, figure)
    assert roles.get("Sony") == "buyer"
    assert [r for n, r in roles.items() if n.startswith("Guber")] == ["target"]


def test_acquired_by_makes_a_buyer_and_the_subject_a_target(nlp: Language) -> None:
    # TimeBank wsj_0906
    text = "Diversified Investment Group Inc. agreed to be acquired by Star States Corp. for "
    text += "stock valued at about $24.4 million."
    result = run(text)
    roles = role_names(result, figure_at(result, "$24.4 million"))
    assert roles.get("Star States Corp.") == "buyer"
    assert roles.get("Diversified Investment Group Inc.") == "target"


def test_the_giver_of_a_reward(nlp: Language) -> None:
    # AQUAINT NYT19981120.0362
    text = "The US Justice Department is offering a $500,000 reward for information."
    result = run(text, "1998-11-20")
    figure = figure_at(result, "$500,000")
    assert set(role_names(result, figure).values()) == {"giver"}


def test_no_bystanders_of_the_sentence(nlp: Language) -> None:
    # TimeBank wsj_1040: the exchange is where the shares traded
    text = (
        "In New York Stock Exchange composite trading yesterday, Oneida's shares closed at "
        "$18.375 a share, unchanged."
    )
    result = run(text)
    assert party_names(result, figure_at(result, "$18.375").parties) == {"Oneida"}


def test_no_party_named_only_in_an_apposition(nlp: Language) -> None:
    # TimeBank wsj_0159
    text = (
        "DD Acquisition Corp., a partnership of Unicorp Canada Corp.'s Kingsbridge Capital Group "
        "and Cara Operations Ltd., extended to Nov. 20 its $45-a-share offer for all Dunkin' "
        "Donuts Inc. shares outstanding."
    )
    result = run(text)
    figure = figure_at(result, "$45")
    names = party_names(result, figure.parties)
    assert not names & {"Unicorp Canada Corp.", "Kingsbridge Capital Group", "Cara Operations Ltd."}
    assert "DD Acquisition Corp." in names
    assert figure.period is None  # "extended to Nov. 20" is a deadline


def test_it_stands_for_the_company_named_before(nlp: Language) -> None:
    # TimeBank wsj_0144
    text = (
        "Travelers Corp.'s third-quarter net income rose 11%. The insurer's earnings from "
        "commercial lines fell 59% in the latest quarter, while it lost $7.2 million in its "
        "personal property business."
    )
    result = run(text, "1989-11-02")
    figure = figure_at(result, "$7.2 million")
    assert party_names(result, figure.parties) == {"Travelers Corp."}
    assert figure.metric == "loss" and figure.period == "1989-Q3"


# --- 7. Periods ------------------------------------------------------------------------------


def test_a_maturity_is_no_period(nlp: Language) -> None:
    # TimeBank wsj_0555
    text = "Waxman Industries Inc. said holders of $6,542,000 face amount of its convertible "
    text += "debentures, due March 15, 2007, have elected to convert the debt."
    assert figure_at(run(text), "$6,542,000").period is None


def test_the_end_date_of_a_duration_leaves_the_period_to_it(nlp: Language) -> None:
    # TimeBank wsj_0127
    text = "Reed International PLC said that net income for the six months ended Oct. 1 "
    text += "slipped 5% to #89.7 million ($141.9 million)."
    figure = figure_at(run(text, "1989-11-02"), "#89.7 million")
    assert figure.period == "P6M" and figure.currency == "GBP"


def test_the_date_of_the_year_earlier_figure_is_not_this_ones(nlp: Language) -> None:
    # TimeBank wsj_0144
    text = "The insurer lost $7.2 million in the latest quarter, compared with earnings of "
    text += "$6.1 million a year ago."
    figure = figure_at(run(text, "1989-11-02"), "$7.2 million")
    assert figure.period == "1989-Q3"
    assert figure.change is not None and figure.change.value == 6.1e6


def test_over_the_next_decade_is_a_duration_from_now(nlp: Language) -> None:
    result = run("The fund will spend $5bn over the next decade.", "2022-06-15")
    figure = figure_at(result, "$5bn")
    assert (figure.period, figure.period_start) == ("P10Y", "2022")


def test_since_gives_the_start(nlp: Language) -> None:
    figure = figure_at(run("Exports to China have risen 40% since 2012.", "2022-06-15"), "40%")
    assert figure.period_start == "2012"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Spending will rise over the following decade.", [("DURATION", "P10Y")]),
        ("The harvest came a month earlier than usual.", [("DURATION", "P1M")]),
        ("The report, the Future of Trade, is out.", []),
        ("Sales rose 5% in the first half.", [("DATE", "2022-H1")]),
        ("He scored in the first half of the match.", []),
    ],
)
def test_dates_that_fed_periods_wrongly(nlp, text: str, expected: list) -> None:
    result = extract(text, published="2022-06-15", include=("dates",))
    assert [(d.type, d.value) for d in result.dates or []] == expected


def test_paying_for_a_share_names_the_buyer(nlp: Language) -> None:
    # TimeBank wsj_1073 (WSJ 1989)
    text = "Advanced Medical paid $106 million in cash for its share in a unit of Henley's "
    text += "Fisher Scientific subsidiary."
    result = run(text)
    figure = figure_at(result, "$106 million")
    assert figure.metric == "deal_value"
    assert role_names(result, figure).get("Advanced Medical") == "buyer"


def test_an_announced_loan_names_no_borrower(nlp: Language) -> None:
    # re3d, BBC Online (Jordan's Syrian refugees)
    result = run("The World Bank has already announced a $100m interest-free loan.", "2016-02-04")
    figure = figure_at(result, "$100m")
    assert figure.metric == "loan"
    assert party_names(result, figure.parties) == {"World Bank"}
    assert "borrower" not in figure.roles.values()


def test_a_rise_to_a_price_is_no_range(nlp: Language) -> None:
    # TimeBank wsj_0184
    text = "In composite trading on the New York Stock Exchange yesterday, Upjohn shares rose "
    text += "87.5 cents to $38.875 apiece."
    figure = figure_at(run(text, "1989-11-02"), "$38.875")
    assert figure.value == 38.875 and figure.value_max is None
    assert figure.change is not None and figure.change.value == 0.875
    assert figure.metric == "price" and figure.period == "1989-11-01"


def test_a_company_typed_as_a_person_is_still_a_party(nlp: Language) -> None:
    # TimeBank wsj_0674: the small model types "Jim Pattison Industries" as a person
    text = "Jim Pattison Industries, a holding company with annual sales of about C$1.9 billion, "
    text += "didn't elaborate on the statement."
    result = run(text)
    figure = figure_at(result, "C$1.9 billion")
    assert figure.metric == "revenue" and figure.currency == "CAD"
    assert any(n.startswith("Jim Pattison") for n in party_names(result, figure.parties))


def test_the_parent_of_the_bidding_unit_is_the_buyer(nlp: Language) -> None:
    # TimeBank wsj_0661
    text = "A unit of DPC Acquisition Partners launched a $10-a-share tender offer for the shares "
    text += "outstanding of Dataproducts Corp."
    result = run(text)
    figure = figure_at(result, "$10")
    assert figure.metric == "deal_value"
    assert role_names(result, figure).get("DPC Acquisition Partners") == "buyer"


def test_a_short_form_read_as_a_person_is_the_company(nlp: Language) -> None:
    # TimeBank wsj_0736: "Poughkeepsie" after "Poughkeepsie Savings Bank"
    text = (
        "Poughkeepsie Savings Bank said a plan to sell its South Carolina branch offices to "
        "First Citizens Bank, of Columbia, S.C., fell through. Poughkeepsie also expects to post "
        "a one-time charge of $8.3 million, resulting in a net loss for the third quarter."
    )
    result = run(text, "1989-10-27")
    figure = figure_at(result, "$8.3 million")
    assert figure.metric == "cost" and figure.period == "1989-Q3"
    assert party_names(result, figure.parties) == {"Poughkeepsie Savings Bank"}
