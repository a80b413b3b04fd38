"""Trade figures on parsed text: the seed article, then a hand-checked table of sentences for
metric, parties, roles, period, source and change. Parties are checked through the entities
section's ISO 3166 codes, periods through the dates section's TIMEX3 values (anchor 2022-06-15).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from service.extract import extract
from service.extract.figures import METRICS, extract_figures
from service.extract.figures.lexicon import load
from service.extract.results import ExtractionResult, TradeFigure

PUBLISHED = "2022-06-15"
SECTIONS = ("entities", "dates", "trade_figures")


@pytest.fixture(scope="module")
def run(nlp: Language) -> Callable[[str], ExtractionResult]:
    def _run(text: str) -> ExtractionResult:
        return extract(text, published=PUBLISHED, include=SECTIONS)

    return _run


def _countries(result: ExtractionResult, ids: list[str]) -> set[str | None]:
    by_id = {e.id: e for e in result.entities or []}
    return {by_id[i].country for i in ids}


def _roles(result: ExtractionResult, figure: TradeFigure) -> dict[str | None, str]:
    by_id = {e.id: e for e in result.entities or []}
    return {by_id[i].country: role for i, role in figure.roles.items()}


# --- The seed article ------------------------------------------------------------------------


def test_seed_article_has_exactly_the_trade_figure(run, seed_text: str) -> None:
    result = run(seed_text)
    figures = result.trade_figures
    assert figures is not None and len(figures) == 1
    figure = figures[0]
    assert figure.text == "$147bn"
    assert seed_text[figure.start : figure.end] == "$147bn"
    assert figure.value == 147_000_000_000
    assert figure.currency == "USD"
    assert figure.currency_assumed  # "$" alone
    assert figure.metric == "trade_volume"
    assert _countries(result, figure.parties) == {"CHN", "RUS"}
    assert len(figure.parties) == 2
    assert figure.period == "2021"
    assert figure.source == "Chinese customs data"
    assert not figure.approximate and figure.change is None


def test_seed_figure_does_not_touch_birthday_or_months(run, seed_text: str) -> None:
    spans = [(f.start, f.end) for f in run(seed_text).trade_figures or []]
    for phrase in ("69th birthday", "four months", "two leaders"):
        at = seed_text.index(phrase)
        assert all(end <= at or start >= at + len(phrase) for start, end in spans)


# --- Sentences: (text, expectations on the first figure) -------------------------------------

ROWS: list[tuple[str, dict]] = [
    (
        "Trade between China and Russia rose 30% from a year earlier to US$147.1bn in 2021.",
        {
            "value": 147.1e9,
            "currency": "USD",
            "metric": "trade_volume",
            "parties": {"CHN", "RUS"},
            "period": "2021",
            "change": ("up", 30, "percent", "delta", "rose 30% from a year earlier"),
        },
    ),
    (
        "Germany's imports from China rose 12% to $2.3bn in the first quarter, the IMF said.",
        {
            "value": 2.3e9,
            "metric": "imports",
            "roles": {"DEU": "importer", "CHN": "exporter"},
            "period": "2022-Q1",
            "source": "IMF",
            "change": ("up", 12, "percent", "delta", None),
        },
    ),
    (
        "China's exports to Russia fell 5% to $50bn.",
        {
            "metric": "exports",
            "roles": {"CHN": "exporter", "RUS": "importer"},
            "change": ("down", 5, "percent", "delta", "fell 5%"),
        },
    ),
    (
        "Trade fell to $50bn, down from $80bn.",
        {"value": 50e9, "metric": "trade_volume", "change": ("down", 80e9, None, "previous", None)},
    ),
    (
        "Exports rose 12% in May, data from Rosstat show.",
        {
            "value": 12,
            "unit": "percent",
            "metric": "exports",
            "source": "Rosstat",
            "period": "2022-05",
            "change": ("up", 12, "percent", "delta", None),
        },
    ),
    ("The EU imposed tariffs of 25% on Chinese steel.", {"unit": "percent", "metric": "tariff"}),
    ("Inflation hit 9.1% in June.", {"value": 9.1, "metric": "inflation", "period": "2022-06"}),
    ("The economy grew 2.5% last year.", {"metric": "growth", "period": "2021"}),
    (
        "Japan's trade deficit widened to 2.4 trillion yen in May.",
        {
            "value": 2.4e12,
            "currency": "JPY",
            "metric": "trade_deficit",
            "parties": {"JPN"},
            "change": ("up", None, None, "delta", None),
        },
    ),
    (
        "The US pledged $1.2-1.5bn in military aid to Ukraine.",
        {"value": 1.2e9, "value_max": 1.5e9, "metric": "aid", "parties": {"USA", "UKR"}},
    ),
    (
        "Russia's foreign exchange reserves stand at about $600bn.",
        {"metric": "reserves", "approximate": True, "qualifier": "estimate", "parties": {"RUS"}},
    ),
    (
        "The bank lent 500 crore rupees to the state.",
        {"value": 5e9, "currency": "INR", "metric": "loan"},
    ),
    (
        "Oil output reached 10.5 million barrels per day in March.",
        {"value": 10.5e6, "unit": "barrel_per_day", "currency": None, "metric": "other"},
    ),
    (
        "Gazprom exported 45 bcm of gas to Europe last year.",
        {"value": 45e9, "unit": "cubic_metre", "metric": "exports", "period": "2021"},
    ),
    (
        "The company reported revenue of €3.2 billion, up 8% year-on-year.",
        {
            "currency": "EUR",
            "metric": "revenue",
            "change": ("up", 8, "percent", "delta", "up 8% year-on-year"),
        },
    ),
    (
        "India's GDP is expected to grow more than 7% this year, the World Bank said.",
        # "more than" is a floor, not an estimate (issue 19).
        {
            "source": "World Bank",
            "period": "2022",
            "approximate": False,
            "qualifier": "floor",
            "parties": {"IND"},
        },
    ),
    (
        "Britain will provide £2.3bn of military aid next year.",
        {"currency": "GBP", "metric": "aid", "period": "2023", "parties": {"GBR"}},
    ),
    (
        "The IMF approved a $15.6 billion loan for Ukraine.",
        {"value": 15.6e9, "metric": "loan"},
    ),
    (
        "The World Bank estimates Ukraine's economy will shrink by 45.1% this year.",
        {
            "metric": "growth",
            "source": "World Bank",
            "change": ("down", 45.1, "percent", "delta", None),
        },
    ),
    (
        "The EU's trade surplus with China narrowed by €2bn to €30bn.",
        {
            "value": 30e9,
            "metric": "trade_surplus",
            "change": ("down", 2e9, None, "delta", "narrowed by €2bn"),
        },
    ),
    (
        "Unemployment rose 0.3 percentage points to 4.1%.",
        {"value": 4.1, "unit": "percent", "change": ("up", 0.3, "percentage_point", "delta", None)},
    ),
    ("The government's budget deficit reached 6.5% of GDP.", {"metric": "budget"}),
    ("Public debt rose to 80% of GDP.", {"metric": "debt"}),
    (
        "Turkey's inflation rate soared to 73.5% in May.",
        {"metric": "inflation", "change": ("up", None, None, "delta", "soared")},
    ),
    (
        "Imports from Russia were worth some £1.1bn, Reuters reported.",
        {"metric": "imports", "source": "Reuters", "qualifier": "estimate"},
    ),
    (
        "Washington imposed sanctions on $1bn of Russian assets.",
        {"metric": "sanctions"},
    ),
    (
        "Russia exported $5bn of grain to Egypt last year.",
        {"metric": "exports", "roles": {"RUS": "exporter", "EGY": "importer"}, "period": "2021"},
    ),
    (
        "Russia's central bank said reserves fell by $40bn to $590bn.",
        {
            "value": 590e9,
            "metric": "reserves",
            "source": "Russia's central bank",
            "change": ("down", 40e9, None, "delta", None),
        },
    ),
    ("A barrel of Brent crude cost $120.", {"value": 120, "metric": "price"}),
    (
        "Saudi Aramco cut its price for Asian buyers by $2 a barrel.",
        {"unit": "per barrel", "metric": "price"},
    ),
    (
        "China invested $2bn in Kazakhstan last year.",
        {"metric": "investment", "parties": {"CHN", "KAZ"}},
    ),
    (
        "China and Russia signed a gas deal on Monday. Bilateral trade rose 35% to $146.9bn.",
        {"metric": "trade_volume", "parties": {"CHN", "RUS"}},
    ),
    (
        "Moscow and Beijing have grown closer. Trade between the two countries reached $190bn.",
        {"value": 190e9, "parties": {"CHN", "RUS"}},
    ),
    (
        "Exports to China were valued at $68bn, analysts at Goldman Sachs estimated.",
        {"metric": "exports", "source": "analysts at Goldman Sachs", "roles": {"CHN": "importer"}},
    ),
    (
        "The Kremlin says sanctions have cost Western companies about $100bn.",
        {"metric": "sanctions", "source": "Kremlin"},
    ),
    (
        "Russia's economy is expected to contract by 8.5% this year, according to IMF forecasts.",
        {
            "metric": "growth",
            "source": "IMF forecasts",
            "change": ("down", 8.5, "percent", "delta", None),
        },
    ),
    (
        "Trade surplus hit $78.8bn in May, according to the General Administration of Customs.",
        {
            "metric": "trade_surplus",
            "source": "General Administration of Customs",
            "period": "2022-05",
        },
    ),
    (
        "Russian oil exports to India jumped to 1 million barrels per day in May from 100,000 bpd.",
        {
            "value": 1e6,
            "unit": "barrel_per_day",
            "roles": {"RUS": "exporter", "IND": "importer"},
            "change": ("up", 1e5, "barrel_per_day", "previous", None),
        },
    ),
    (
        "Russia's share of EU gas imports fell to 9% from 40%.",
        {"value": 9, "metric": "imports", "change": ("down", 40, "percent", "previous", None)},
    ),
    (
        "The World Bank has announced a $100m interest-free loan to Jordan.",
        {
            "metric": "loan",
            "source": "World Bank",
            "parties": {"JOR"},
            "party_names": {"World Bank"},
        },
    ),
    (
        "The IMF said Egypt's debt reached $150bn.",
        {"metric": "debt", "source": "IMF", "parties": {"EGY"}, "party_count": 1},
    ),
    (
        "Net income was $5.3 million, compared with $3.8 million a year earlier.",
        {
            "value": 5.3e6,
            "metric": "profit",
            "period": None,  # "a year earlier" dates the earlier level, not this one
            "change": ("up", 3.8e6, None, "previous", "compared with $3.8 million"),
        },
    ),
    (
        "Exports reached $12bn in 2021 versus $10bn in 2020.",
        {"period": "2021", "change": ("up", 10e9, None, "previous", "versus $10bn")},
    ),
    (
        "The deal is worth three billion dollars.",
        {"value": 3e9, "currency": "USD", "currency_assumed": True},
    ),
]


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_figure_in_context(run, text: str, expected: dict) -> None:
    result = run(text)
    assert result.trade_figures, "no figure found"
    figure = result.trade_figures[0]
    for name, want in expected.items():
        if name == "parties":
            assert want <= _countries(result, figure.parties), figure.parties
        elif name == "party_names":
            by_id = {e.id: e.name for e in result.entities or []}
            assert want <= {by_id[i] for i in figure.parties}
        elif name == "party_count":
            assert len(figure.parties) == want, figure.parties
        elif name == "roles":
            assert _roles(result, figure) == want
        elif name == "change":
            direction, value, unit, kind, span = want
            change = figure.change
            assert change is not None
            assert change.direction == direction
            assert change.kind == kind
            if value is None:
                assert change.value is None
            else:
                assert math.isclose(change.value, value)
            if unit is not None:
                assert change.unit == unit
            if span is not None:
                assert change.text == span
            assert text[change.start : change.end] == change.text
        elif isinstance(want, float | int) and not isinstance(want, bool):
            assert math.isclose(getattr(figure, name), want), name
        else:
            assert getattr(figure, name) == want, name


def test_several_figures_in_one_sentence(run) -> None:
    text = "Exports rose 5% to $300bn while imports fell 3% to $200bn, leaving a surplus of $100bn."
    figures = run(text).trade_figures
    assert [(f.value, f.metric) for f in figures] == [
        (300e9, "exports"),
        (200e9, "imports"),
        (100e9, "trade_surplus"),
    ]
    assert [(f.change.direction, f.change.value) for f in figures[:2]] == [("up", 5), ("down", 3)]
    assert figures[2].change is None


NOT_FIGURES = [
    "The infection rate rose 5% last week.",
    "Hospitals were at 90% capacity.",
    "Turnout was 65%, the election commission said.",
    "Putin's approval rating rose 5% in March.",
    "About 20% of voters backed the plan.",
    "It was his 3rd visit, and he met 20 ministers in 2019.",
    "Xi turned 69 on Wednesday, nearly four months into the war.",
    "The two leaders spoke for 90 minutes on June 15.",
    "Call the embassy on +86 10 6532 3831.",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_trade_figures(run, text: str) -> None:
    assert run(text).trade_figures == []
    # Followed by a trade figure, the text gives that one alone: the section did read it.
    control = "China's exports to Russia rose 12% to $147bn last year."
    assert [f.text for f in run(f"{text} {control}").trade_figures] == ["$147bn"]


def test_figures_without_entities_or_dates(nlp: Language) -> None:
    """The section still reads amounts when the other sections found nothing."""
    doc = nlp("Exports reached $5bn.")
    (figure,) = extract_figures(doc, [], [])
    assert (figure.value, figure.currency, figure.metric) == (5e9, "USD", "exports")
    assert figure.parties == [] and figure.period is None


def test_currency_codes_are_iso_4217() -> None:
    pycountry = pytest.importorskip("pycountry")
    iso = {c.alpha_3 for c in pycountry.currencies}
    lexicon = load()
    historic_or_nonstandard = {"FIM", "DEM", "FRF", "ESP", "NLG", "ITL", "XBT"}
    unknown = lexicon.codes - iso - historic_or_nonstandard
    assert not unknown
    assert "USD" in lexicon.codes and "CNY" in lexicon.codes and "RUB" in lexicon.codes


def test_metric_vocabulary_is_the_documented_one() -> None:
    cue_metrics = set(load().metric_cues.values())
    assert cue_metrics == set(METRICS)
    readme = (
        Path(__file__).resolve().parent.parent / "service/extract/figures/README.md"
    ).read_text(encoding="utf-8")
    for metric in METRICS:
        assert f"`{metric}`" in readme, metric


_SALAD = (
    "trade exports rose fell to from by $ € 5 12 bn % percent billion million yuan China said "
    "according data Russia the of up down 2021 last year , . - and 1.5 cents a share"
)
_WORDS = st.sampled_from(_SALAD.split(" "))


@pytest.mark.slow  # property-based
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_WORDS, max_size=40).map(" ".join))
def test_any_word_salad_gives_consistent_figures(nlp: Language, text: str) -> None:
    doc = nlp(text)
    for figure in extract_figures(doc, [], []):
        assert text[figure.start : figure.end] == figure.text
        assert figure.metric in METRICS
        assert (figure.currency is None) != (figure.unit is None) or figure.unit.startswith("per ")
        if figure.change is not None:
            change = figure.change
            assert text[change.start : change.end] == change.text
            assert change.direction in ("up", "down", "unchanged")
