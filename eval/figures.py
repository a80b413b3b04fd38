"""Score the trade figures section's amounts on the currency corpus and on re3d Money spans.

    python eval/figures.py currency PATH/currency/currency-model.json [--verbose]
    python eval/figures.py re3d PATH/re3d [--min-confidence 0.5] [--verbose]

currency: 180 sentences with gold amounts as (value, unit name) and no offsets. A gold money
amount is found when a figure of the sentence (or the change linked to one) has the same value
(relative tolerance 1e-6) and the same ISO 4217 currency; gold minor units ("cent", "penny") are
converted to the main unit first. Printed: recall of money amounts, and the share of our money
figures that match no gold money amount; percentages are scored the same way, for information.

re3d: gold Money spans with a number in them (re3d also tags "wages", "money" as Money) and
``confidence >= --min-confidence``. A gold span is found when a money figure overlaps it; a
money figure overlapping no gold Money span of any confidence counts as unmatched. re3d gives
no value: ``eval/data/re3d_money.yaml`` has the value and currency of each such span, read by
hand, and ``value_currency_recall`` / ``_precision`` count a span found only when an amount
overlapping it (a figure, a conversion of one or a change) has that value and currency.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from service.extract import pipeline
from service.extract.dates import extract_dates
from service.extract.entities import extract_entities
from service.extract.figures import extract_figures
from service.extract.results import TradeFigure

RE3D_VALUES = Path(__file__).resolve().parent / "data" / "re3d_money.yaml"

#: Gold unit names of the currency corpus -> (ISO 4217 code, factor to the main unit).
GOLD_CURRENCY: dict[str, tuple[str, float]] = {
    "dollar": ("USD", 1),
    "dollar per share": ("USD", 1),
    "cent": ("USD", 0.01),
    "cent per share": ("USD", 0.01),
    "cent per dozen": ("USD", 0.01),
    "euro": ("EUR", 1),
    "pound sterling": ("GBP", 1),
    "penny": ("GBP", 0.01),
    "penny per share": ("GBP", 0.01),
    "chinese yuan": ("CNY", 1),
    "japanese yen": ("JPY", 1),
    "canadian dollar": ("CAD", 1),
    "canadian dollar per share": ("CAD", 1),
    "australian dollar": ("AUD", 1),
    "new zealand dollar": ("NZD", 1),
    "hong kong dollar": ("HKD", 1),
    "swiss franc": ("CHF", 1),
    "swiss franc per share": ("CHF", 1),
    "turkish lira": ("TRY", 1),
    "rupee": ("INR", 1),
    "sri lankan rupee": ("LKR", 1),
    "mexican peso": ("MXN", 1),
    "finnish markka": ("FIM", 1),
    "peseta": ("ESP", 1),
    "netherlands guilde": ("NLG", 1),
    "mark": ("DEM", 1),
    "costa rican colón": ("CRC", 1),
    "georgian lari": ("GEL", 1),
    "lao kip": ("LAK", 1),
    "bitcoin": ("XBT", 1),
    "satoshi": ("XBT", 1e-8),
    "sen": ("MYR", 0.01),
}
GOLD_PERCENT = {"percentage", "percentage per year"}
_HAS_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion)\b",
    re.IGNORECASE,
)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _figures(texts: list[str]) -> Iterator[list[TradeFigure]]:
    nlp = pipeline.load()
    for doc in nlp.pipe(texts, batch_size=32):
        yield extract_figures(doc, extract_entities(doc), extract_dates(doc, None))


def _amounts(figures: list[TradeFigure]) -> list[tuple[float, str | None, str | None, str]]:
    """(value, currency, unit, text) of every figure and of every change carrying an amount."""
    rows = []
    for f in figures:
        if f.value is not None:
            rows.append((f.value, f.currency, f.unit, f.text))
        for e in getattr(f, "equivalents", []) or []:  # "4.2 billion euros ($4.6 billion)"
            rows.append((e.value, e.currency, f.unit, e.text))
        c = f.change
        # A change that is the figure itself ("tumbled $2.75") is not a second amount.
        inside = c is not None and c.start <= f.start and f.end <= c.end
        if c is not None and c.value is not None and (c.currency or c.unit) and not inside:
            rows.append((c.value, c.currency, c.unit, c.text))
    return rows


def _match(gold: list[tuple[float, str]], predicted: list[tuple[float, str]]) -> int:
    """Greedy one-to-one matches of (value, key) pairs."""
    left = list(predicted)
    found = 0
    for value, key in gold:
        for index, (pv, pk) in enumerate(left):
            if pk == key and _close(pv, value):
                found += 1
                del left[index]
                break
    return found


def score_currency(path: Path, verbose: bool) -> dict[str, float]:
    data = json.loads(path.read_text(encoding="utf-8"))
    texts = [row["text"] for row in data]
    gold_money = predicted_money = found_money = unmatched_money = 0
    gold_pct = predicted_pct = found_pct = unmatched_pct = 0
    for row, figures in zip(data, _figures(texts), strict=True):
        money_gold, pct_gold = [], []
        for q in row["quantities"]:
            unit = q["normalized_unit"]
            if unit in GOLD_CURRENCY:
                code, factor = GOLD_CURRENCY[unit]
                money_gold.append((float(q["value"]) * factor, code))
            elif unit in GOLD_PERCENT:
                pct_gold.append((float(q["value"]), "%"))
        rows = _amounts(figures)
        money = [(v, c) for v, c, _, _ in rows if c]
        pct = [(v, "%") for v, c, u, _ in rows if not c and u in ("percent", "percentage_point")]
        hits = _match(money_gold, money)
        extra = len(money) - _match(money, money_gold)
        gold_money += len(money_gold)
        predicted_money += len(money)
        found_money += hits
        unmatched_money += extra
        pct_hits = _match(pct_gold, pct)
        gold_pct += len(pct_gold)
        predicted_pct += len(pct)
        found_pct += pct_hits
        unmatched_pct += len(pct) - _match(pct, pct_gold)
        if verbose and (hits < len(money_gold) or extra):
            print(f"- {row['text'][:160]}")
            print(f"    gold {money_gold}")
            print(f"    ours {[(v, c, t) for v, c, _, t in rows if c]}")
    return {
        "money_gold": gold_money,
        "money_predicted": predicted_money,
        "money_recall": found_money / max(gold_money, 1),
        "money_unmatched_share": unmatched_money / max(predicted_money, 1),
        "percent_gold": gold_pct,
        "percent_predicted": predicted_pct,
        "percent_recall": found_pct / max(gold_pct, 1),
        "percent_unmatched_share": unmatched_pct / max(predicted_pct, 1),
    }


def _read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _money_spans(figures: list[TradeFigure]) -> list[tuple[int, int, float | None, str | None]]:
    """(start, end, value, currency) of every money amount: figures, conversions, changes."""
    spans = [(f.start, f.end, f.value, f.currency) for f in figures if f.currency]
    for f in figures:
        spans += [(e.start, e.end, e.value, e.currency) for e in getattr(f, "equivalents", [])]
        if f.change and f.change.currency:
            spans.append((f.change.start, f.change.end, f.change.value, f.change.currency))
    return spans


def score_re3d(root: Path, min_confidence: float, verbose: bool) -> dict[str, float]:
    import yaml

    documents: dict[str, str] = {}
    money: dict[str, list[tuple[int, int, float, str]]] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        for doc in _read_jsonl(folder / "documents.json"):
            documents[doc["_id"]] = doc["text"]
        for ent in _read_jsonl(folder / "entities.json"):
            if ent["type"] == "Money":
                money.setdefault(ent["documentId"], []).append(
                    (ent["begin"], ent["end"], float(ent["confidence"]), ent["value"])
                )
    values = {
        (row["doc"], int(row["begin"])): (float(row["value"]), row["currency"])
        for row in yaml.safe_load(RE3D_VALUES.read_text(encoding="utf-8"))["money"]
    }
    ids = sorted(documents)
    gold_total = found = predicted = unmatched = exact = exact_predicted = 0
    for doc_id, figures in zip(ids, _figures([documents[i] for i in ids]), strict=True):
        spans = money.get(doc_id, [])
        gold = [s for s in spans if s[2] >= min_confidence and _HAS_NUMBER.search(s[3])]
        ours = _money_spans(figures)
        gold_total += len(gold)
        for start, end, _, value in gold:
            hit = any(s < end and start < e for s, e, _, _ in ours)
            found += hit
            want = values.get((doc_id, start))
            right = want is not None and any(
                s < end and start < e and c == want[1] and v is not None and _close(v, want[0])
                for s, e, v, c in ours
            )
            exact += right
            if verbose and not right:
                print(f"- missed {value!r} {want} in {doc_id}")
        predicted += len(ours)
        for s, e, v, c in ours:
            gold_here = [g for g in spans if s < g[1] and g[0] < e]
            if not gold_here:
                unmatched += 1
                if verbose:
                    print(f"- unmatched {documents[doc_id][s:e]!r} ({v} {c}) in {doc_id}")
                continue
            want = [values.get((doc_id, g[0])) for g in gold_here]
            exact_predicted += 1
            if not any(w and w[1] == c and v is not None and _close(v, w[0]) for w in want):
                exact_predicted -= 1
                if verbose:
                    print(f"- wrong {documents[doc_id][s:e]!r} ({v} {c}), gold {want}")
    return {
        "money_gold": gold_total,
        "money_predicted": predicted,
        "money_recall": found / max(gold_total, 1),
        "money_unmatched_share": unmatched / max(predicted, 1),
        "value_currency_recall": exact / max(gold_total, 1),
        "value_currency_precision": exact_predicted / max(predicted, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", choices=("currency", "re3d"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--min-confidence", type=float, default=0.5)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.corpus == "currency":
        scores = score_currency(args.path, args.verbose)
    else:
        scores = score_re3d(args.path, args.min_confidence, args.verbose)
    for name, value in scores.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{name:<24} {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
