"""Amount reading of the trade figures section: a hand-checked table of phrasings, pure text.

Each row is a phrase as news prints it and what a careful reader takes from it: value in base
units, ISO 4217 currency (or unit), whether the currency was a guess, range and qualifier.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.extract.figures.amounts import Amount, find_amounts

# (text, value, currency or unit, extra expectations)
MONEY = [
    # Symbols and prefixed codes.
    ("trade volume reaching $147bn last year", 147e9, "USD", {"currency_assumed": True}),
    ("a US$1.2bn loan", 1.2e9, "USD", {"currency_assumed": False}),
    ("exports of HK$ 10.05 billion", 10.05e9, "HKD", {}),
    ("an A$300m grant", 300e6, "AUD", {}),
    ("a C$16.4 million simulator", 16.4e6, "CAD", {}),
    ("revenue of €3.2 billion", 3.2e9, "EUR", {}),
    ("aid of £59.5 million", 59.5e6, "GBP", {}),
    ("¥500 billion of bonds", 500e9, "JPY", {"currency_assumed": True}),
    ("a ₽1.5 trillion budget", 1.5e12, "RUB", {}),
    ("₹2,000 crore for roads", 2e10, "INR", {}),
    ("NZ$15 each", 15, "NZD", {}),
    ("USD 200 per unit", 200, "USD", {}),
    ("EUR 125 fee", 125, "EUR", {}),
    ("RMB 100 million", 100e6, "CNY", {}),
    ("CNY 5bn", 5e9, "CNY", {}),
    ("USD115.5", 115.5, "USD", {}),
    ("115USD", 115, "USD", {}),
    ("Rs 500 crore", 5e9, "INR", {}),
    ("Mex$ 10 million", 10e6, "MXN", {}),
    ("Rmb147bn of trade", 147e9, "CNY", {}),  # FT house style
    ("Rbs100bn budget", 100e9, "RUB", {}),
    ("SFr5bn", 5e9, "CHF", {}),
    # Currency words after the number.
    ("5 billion dollars", 5e9, "USD", {"currency_assumed": True}),
    ("300 million euros", 300e6, "EUR", {}),
    ("100 billion yuan", 100e9, "CNY", {}),
    ("4.5 billion roubles", 4.5e9, "RUB", {}),
    ("4.5 billion rubles", 4.5e9, "RUB", {}),
    ("200 million rupees", 200e6, "INR", {"currency_assumed": True}),
    ("420 million Finnish markka", 420e6, "FIM", {}),
    ("10,000 Swiss francs", 10_000, "CHF", {"currency_assumed": False}),
    ("125 million Australian dollars", 125e6, "AUD", {}),
    ("10 US dollars", 10, "USD", {"currency_assumed": False}),
    ("five million yen", 5e6, "JPY", {}),
    ("361 million pounds", 361e6, "GBP", {"currency_assumed": True}),
    # Magnitudes in every form.
    ("$5 mn", 5e6, "USD", {}),
    ("$5 mln", 5e6, "USD", {}),
    ("$5m", 5e6, "USD", {}),
    ("$20k", 20e3, "USD", {}),
    ("$2tn", 2e12, "USD", {}),
    ("$2 trillion", 2e12, "USD", {}),
    ("35 lakh rupees", 3.5e6, "INR", {}),
    ("75 USD million", 75e6, "USD", {}),
    ("30 MUSD", 30e6, "USD", {}),
    ("12,34,567.89 rupees", 1234567.89, "INR", {}),
    ("$94,000 to drop all claims", 94_000, "USD", {}),
    ("$147\u00a0bn with a no-break space", 147e9, "USD", {}),
    ("300\u202fmillion euros", 300e6, "EUR", {}),
    ("$ 100,000,000, do you want it", 100e6, "USD", {}),
    # Written numbers.
    ("three billion dollars", 3e9, "USD", {}),
    ("half a million euros", 5e5, "EUR", {}),
    ("a quarter million US dollars", 2.5e5, "USD", {}),
    ("three quarters billion us dollars", 0.75e9, "USD", {}),
    ("thirteen dollars and forty-five cents", 13.45, "USD", {}),
    ("one dollar and fifty cents", 1.5, "USD", {}),
    ("a hundred dollars", 100, "USD", {}),
    ("seventy-five thousand dollars", 75_000, "USD", {}),
    ("200 bucks", 200, "USD", {"currency_assumed": True}),
    ("50 euro cents", 0.5, "EUR", {}),
    ("fifty-two pence", 0.52, "GBP", {}),
    ("100,000 Kenyan shillings", 100_000, "KES", {}),
    ("(dlrs 1,667) each", 1667, "USD", {}),
    ("its one-yen bid", 1, "JPY", {}),
    ("a one point six billion dollar plan", 1.6e9, "USD", {}),
    ("a two hundred dollar jacket", 200, "USD", {}),
    # Ranges, signs, qualifiers.
    ("$1.2-1.5bn", 1.2e9, "USD", {"value_max": 1.5e9}),
    ("between $1bn and $2bn", 1e9, "USD", {"value_max": 2e9}),
    ("$5 to 7 billion", 5e9, "USD", {"value_max": 7e9}),
    ("a loss of -$5m", -5e6, "USD", {}),
    ("about $14 million", 14e6, "USD", {"qualifier": "estimate"}),
    ("nearly $300bn", 300e9, "USD", {"qualifier": "estimate"}),
    ("some €2bn", 2e9, "EUR", {"qualifier": "estimate"}),
    ("more than $247 million", 247e6, "USD", {"qualifier": "floor"}),
    ("approximately £15 million", 15e6, "GBP", {"qualifier": "estimate"}),
    # Minor units and prices per unit.
    ("50 cents more", 0.5, "USD", {}),
    ("197 pence", 1.97, "GBP", {}),
    ("$98 a share", 98, "USD", {"unit": "per share"}),
    ("a 12-cent-a-share dividend", 0.12, "USD", {"unit": "per share"}),
    ("$120 per barrel", 120, "USD", {"unit": "per barrel"}),
    ("$10 million a year ago", 10e6, "USD", {"unit": None}),
    ("$5bn a year", 5e9, "USD", {"unit": "per year"}),
]

NON_MONEY = [
    ("exports rose 12%", 12, "percent", {}),
    ("up 3 per cent", 3, "percent", {}),
    ("a 7.5 percent tariff", 7.5, "percent", {}),
    ("0.3 percentage points", 0.3, "percentage_point", {}),
    ("5 to 7 percent", 5, "percent", {"value_max": 7}),
    ("10.5 million barrels per day", 10.5e6, "barrel_per_day", {}),
    ("1.2 million bpd", 1.2e6, "barrel_per_day", {}),
    ("45 bcm of gas", 45e9, "cubic_metre", {}),
    ("150 billion cubic metres of gas", 150e9, "cubic_metre", {}),
    ("1.2 million tonnes of wheat", 1.2e6, "tonne", {}),
    ("some 5,000 tonnes", 5000, "tonne", {"qualifier": "estimate"}),
]

NOT_AMOUNTS = [
    "Xi's 69th birthday",
    "the two leaders met",
    "nearly four months into the war",
    "in 2021 and 2022",
    "call +7 495 555-1234",
    "the COVID-19 pandemic",
    "the G20 summit",
    "he is 69 years old",
    "the first road bridge",
    "at 10:30 on February 24",
    "in 2022 dollars",
    "one of the two countries",
    "the 3/4 majority",
    "a dinar economy",
    "he paid one dinar",  # which dinar? nothing in the text says
    "1,300 pounds (600 kgs) of explosive",
    "a truck weighing 9,000 pounds",
]


def _only(text: str) -> Amount:
    found = find_amounts(text)
    assert len(found) == 1, [(text[a.start : a.end], a.value) for a in found]
    return found[0]


@pytest.mark.parametrize(("text", "value", "currency", "extra"), MONEY)
def test_money_amounts(text: str, value: float, currency: str, extra: dict) -> None:
    amount = _only(text)
    assert amount.kind == "money"
    assert math.isclose(amount.value, value, rel_tol=1e-9)
    assert amount.currency == currency
    for name, expected in extra.items():
        got = getattr(amount, name)
        if isinstance(expected, float):
            assert math.isclose(got, expected, rel_tol=1e-9), name
        else:
            assert got == expected, name
    if "qualifier" not in extra:
        assert amount.qualifier is None


@pytest.mark.parametrize(("text", "value", "unit", "extra"), NON_MONEY)
def test_unit_amounts(text: str, value: float, unit: str, extra: dict) -> None:
    amount = _only(text)
    assert amount.currency is None
    assert amount.unit == unit
    assert math.isclose(amount.value, value, rel_tol=1e-9)
    for name, expected in extra.items():
        assert getattr(amount, name) == expected


@pytest.mark.parametrize("text", NOT_AMOUNTS)
def test_not_amounts(text: str) -> None:
    assert find_amounts(text) == []
    # Next to an amount, only the amount is read.
    assert [(a.value, a.currency) for a in find_amounts(f"{text}, and then $5bn")] == [(5e9, "USD")]


def test_written_number_span_leaves_out_the_article() -> None:
    text = "a two hundred dollar jacket"
    (amount,) = find_amounts(text)
    assert text[amount.start : amount.end] == "two hundred dollar"


def test_values_are_exact_in_base_units() -> None:
    values = [a.value for a in find_amounts("$67.6bn, $0.3m, €1.1bn and 4.35 million tonnes")]
    assert values == [67_600_000_000, 300_000, 1_100_000_000, 4_350_000]


def test_span_covers_the_written_amount() -> None:
    text = "Trade reached US$147.1bn, up from $140bn."
    spans = [text[a.start : a.end] for a in find_amounts(text)]
    assert spans == ["US$147.1bn", "$140bn"]


def test_several_amounts_in_one_line() -> None:
    found = find_amounts("rmb 10 usd 20, then 10 rmb 20 usd")
    assert [(a.value, a.currency) for a in found] == [
        (10, "CNY"),
        (20, "USD"),
        (10, "CNY"),
        (20, "USD"),
    ]


def test_dollar_sign_takes_the_dateline_dollar() -> None:
    text = "Canberra pledged A$5bn. Of that, $3bn goes to defence."
    first, second = find_amounts(text, local_dollar="AUD")
    assert first.currency == "AUD" and not first.currency_assumed
    assert second.currency == "AUD" and second.currency_assumed


def test_dollar_sign_stays_usd_beside_a_foreign_dollar() -> None:
    # A US paper quotes Toronto prices in C$ and New York ones in $ (TimeBank wsj_0938, WSJ
    # 1989: "Cineplex closed at $11 ... On the Toronto Stock Exchange, Cineplex closed at
    # C$12.875").
    text = "Cineplex closed at $11, down 25 cents. In Toronto, Cineplex closed at C$12.875."
    assert [a.currency for a in find_amounts(text)] == ["USD", "USD", "CAD"]


def test_dollar_sign_is_local_where_the_paper_writes_dollar_us() -> None:
    # The Australian press marks US dollars "$US"; its bare "$" is then the Australian dollar.
    text = "BHP paid $US20 million ($A28 million) and will spend $5 million more."
    first, second = find_amounts(text)
    assert (first.currency, [(e.value, e.currency) for e in first.equivalents]) == (
        "USD",
        [(28e6, "AUD")],
    )
    assert second.currency == "AUD" and second.currency_assumed


def test_a_conversion_in_brackets_is_one_amount() -> None:
    text = "HK$10bn (US$1.28bn) was raised; $2bn more is planned."
    first, second = find_amounts(text)
    assert first.currency == "HKD" and [(e.value, e.currency) for e in first.equivalents] == [
        (1.28e9, "USD")
    ]
    assert second.currency == "USD" and second.currency_assumed


def test_bare_dinar_takes_the_articles_dinar() -> None:
    text = "They paid two Jordanian dinars an hour; now one dinar."
    assert [(a.value, a.currency) for a in find_amounts(text)] == [(2, "JOD"), (1, "JOD")]


@given(
    st.integers(min_value=1, max_value=999),
    st.sampled_from([("bn", 1e9), ("m", 1e6), (" billion", 1e9), (" million", 1e6), ("", 1)]),
    st.sampled_from([("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("US$", "USD"), ("HK$", "HKD")]),
)
def test_symbol_number_magnitude_round_trip(number: int, scale: tuple, symbol: tuple) -> None:
    text = f"Exports reached {symbol[0]}{number}{scale[0]} last year."
    amount = _only(text)
    assert amount.currency == symbol[1]
    assert math.isclose(amount.value, number * scale[1])


@given(st.text(max_size=200))
def test_any_text_gives_spans_inside_it(text: str) -> None:
    for amount in find_amounts(text):
        assert 0 <= amount.start < amount.end <= len(text)


def test_dollar_sign_is_local_where_the_paper_writes_dollar_a() -> None:
    # Issue 19: "an Australian article quoting '$A' elsewhere" fixes its bare "$".
    first, second = find_amounts("Exports rose to $A12bn. Imports were $9bn.")
    assert first.currency == "AUD" and second.currency == "AUD" and second.currency_assumed
