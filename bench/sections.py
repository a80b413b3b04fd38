"""Time the bare spaCy pipeline and each extraction section on one article.

    python bench/sections.py [ARTICLE] [--published 2022-06-15] [--repeat 30]

Prints the spaCy parse time and each section's own time, as milliseconds and as a share of the
parse time (the issues' budgets: entities +20%, dates +15%, figures +10%, stances +30%).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from service.extract import pipeline
from service.extract.dates import extract_dates
from service.extract.entities import extract_entities
from service.extract.figures import extract_figures
from service.extract.stances import extract_stances

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_2a91903f997600ae.txt"


def _median_ms(func: Callable[[], object], repeat: int) -> float:
    func()  # warm caches (lazy data files, ONNX session)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=SEED)
    parser.add_argument("--published", default="2022-06-15")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    text = args.article.read_text(encoding="utf-8")
    anchor = dt.date.fromisoformat(args.published)
    nlp = pipeline.load()
    doc = nlp(text)
    entities = extract_entities(doc)
    dates = extract_dates(doc, anchor)

    parse = _median_ms(lambda: nlp(text), args.repeat)
    sections = {
        "entities": lambda: extract_entities(doc),
        "dates": lambda: extract_dates(doc, anchor),
        "trade_figures": lambda: extract_figures(doc, entities, dates),
        "stances": lambda: extract_stances(doc, entities),
    }
    print(f"article: {args.article.name} ({len(text)} chars), median of {args.repeat} runs")
    print(f"{'spacy parse':<14} {parse:8.2f} ms")
    for name, func in sections.items():
        ms = _median_ms(func, args.repeat)
        print(f"{name:<14} {ms:8.2f} ms  {100 * ms / parse:6.1f}% of parse")


if __name__ == "__main__":
    main()
