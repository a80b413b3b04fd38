"""Trade figures section: economic amounts with currency, metric, parties, period and source."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from service.extract.model import Entity, TimeExpression, TradeFigure

_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₹": "INR"}
_SCALES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6,
    "bn": 1e9, "b": 1e9, "billion": 1e9, "tn": 1e12, "trillion": 1e12,
}  # fmt: skip
_AMOUNT = re.compile(
    r"(?P<symbol>[$€£¥₽₹])?\s*(?P<number>\d+(?:[.,]\d+)*)\s*(?P<scale>[a-z]+)?", re.IGNORECASE
)


def _parse_money(text: str) -> tuple[float | None, str | None]:
    match = _AMOUNT.search(text)
    if match is None:
        return None, None
    number = float(match.group("number").replace(",", ""))
    scale = _SCALES.get((match.group("scale") or "").lower(), 1.0)
    return number * scale, _SYMBOLS.get(match.group("symbol") or "")


def extract_figures(
    doc: Doc, entities: list[Entity], dates: list[TimeExpression]
) -> list[TradeFigure]:
    figures = []
    text = doc.text
    for ent in doc.ents:
        start = ent.start_char
        # spaCy's small model tags "$147bn" as a PERSON "147bn": a currency symbol decides.
        if start > 0 and text[start - 1] in _SYMBOLS:
            start -= 1
        if ent.label_ != "MONEY" and text[start] not in _SYMBOLS:
            continue
        value, currency = _parse_money(text[start : ent.end_char])
        if value is None:
            continue
        figures.append(
            TradeFigure(
                text=text[start : ent.end_char], start=start, end=ent.end_char, value=value,
                currency=currency,
            )
        )  # fmt: skip
    return figures
