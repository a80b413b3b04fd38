"""Reading a trade figure's answer in tests: run the sections figures need, find a figure by its
text, and name its parties and roles."""

from __future__ import annotations

from service.extract import extract
from service.extract.results import ExtractionResult, TradeFigure

SECTIONS = ("entities", "dates", "trade_figures")


def run(text: str, published: str = "1989-10-30") -> ExtractionResult:
    return extract(text, published=published, include=SECTIONS)


def figure_at(result: ExtractionResult, written: str) -> TradeFigure:
    for f in result.trade_figures or []:
        if written in f.text:
            return f
    raise AssertionError(f"no figure {written!r} in {[f.text for f in result.trade_figures]}")


def party_names(result: ExtractionResult, ids: list[str] | dict[str, str]) -> set[str]:
    by_id = {e.id: e.name for e in result.entities or []}
    return {by_id[i] for i in ids}


def role_names(result: ExtractionResult, figure: TradeFigure) -> dict[str, str]:
    by_id = {e.id: e.name for e in result.entities or []}
    return {by_id[i]: r for i, r in figure.roles.items()}
