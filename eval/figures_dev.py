"""Score the trade figures section against figures read by hand on TimeBank/AQUAINT articles.

    python eval/figures_dev.py ../shared/data/tempeval3/train [--gold eval/data/figures_dev.yaml]
        [--verbose] [--no-corpus]

The gold (``eval/data/figures_dev.yaml``, its header says how the 60 figures were drawn) names
each figure by document and character offsets. For each, the service's figure at that amount
(the figure whose span holds it) is compared field by field: value and currency (and
``value_max``, ``unit`` where the gold gives them), qualifier, metric, parties, roles, period,
equivalents (conversions) and the change where the drawn amount is one. Printed: the share of
figures right in every field, the share right per field, and (unless ``--no-corpus``) the share
of the metric ``other`` over every figure the service finds in all the articles of the folder.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.tempeval3 import read_tml
from service.extract.core import extract
from service.extract.results import Entity, TradeFigure

GOLD = Path(__file__).resolve().parent / "data" / "figures_dev.yaml"
FIELDS = ("found", "amount", "qualifier", "metric", "parties", "roles", "period", "linked")
_PUNCT = re.compile(r"[.,'’]|\bamp\b")


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _norm(name: str) -> list[str]:
    return _PUNCT.sub(" ", name.casefold()).split()


def _names(entity: Entity) -> list[list[str]]:
    return [_norm(entity.name)] + [_norm(m.text) for m in entity.mentions]


def _same(gold: str, entity: Entity) -> bool:
    """A gold name is an entity when it equals its name or a mention, or one starts the other
    ("Dow Jones amp Co." and "Dow Jones")."""
    g = _norm(gold)
    return any(n and (n == g or n == g[: len(n)] or g == n[: len(g)]) for n in _names(entity))


def _parties_ok(gold: list[Any], ids: list[str], entities: dict[str, Entity]) -> bool:
    options = gold if gold and isinstance(gold[0], list) else [gold]
    predicted = [entities[i] for i in ids if i in entities]
    for names in options:
        covered = all(any(_same(n, e) for e in predicted) for n in names)
        if (
            covered
            and len(names) == len(predicted)
            and all(any(_same(n, e) for n in names) for e in predicted)
        ):
            return True
    return False


def _roles_ok(gold: dict[str, str], roles: dict[str, str], entities: dict[str, Entity]) -> bool:
    if len(gold) != len(roles):
        return False
    for name, role in gold.items():
        if not any(
            _same(name, entities[i]) and r == role for i, r in roles.items() if i in entities
        ):
            return False
    return True


def _locate(text: str, item: dict[str, Any]) -> int:
    """Start of the amount the figure is read at: the drawn one, or the nearest `figure` quote."""
    start = item["at"][0]
    quote = item.get("figure")
    if not quote:
        return start
    hits = [m.start() for m in re.finditer(re.escape(quote), text)]
    if not hits:
        raise ValueError(f"{item['doc']}: {quote!r} not found")
    return min(hits, key=lambda h: abs(h - start))


def _figure_at(figures: list[TradeFigure], at: int) -> TradeFigure | None:
    for f in figures:
        if f.start <= at < f.end:
            return f
    for f in figures:  # a conversion or change inside the figure's own span
        if f.start - 2 <= at <= f.end:
            return f
    return None


def _equivalents(f: TradeFigure) -> list[tuple[float | None, str | None]]:
    return [(e.value, e.currency) for e in getattr(f, "equivalents", []) or []]


def score_item(item: dict[str, Any], f: TradeFigure | None, entities: dict[str, Entity]) -> dict:
    result = {k: False for k in FIELDS}
    if f is None:
        return result
    result["found"] = True
    amount = _close(f.value, float(item["value"])) and f.currency == item.get("currency")
    if "value_max" in item:
        amount = amount and _close(f.value_max, float(item["value_max"]))
    if "unit" in item:
        amount = amount and f.unit == item["unit"]
    result["amount"] = amount
    result["qualifier"] = f.qualifier == item.get("qualifier")
    metrics = item["metric"] if isinstance(item["metric"], list) else [item["metric"]]
    result["metric"] = f.metric in metrics
    result["parties"] = _parties_ok(item.get("parties", []), f.parties, entities)
    result["roles"] = _roles_ok(item.get("roles", {}), f.roles, entities)
    periods = item["period"] if isinstance(item.get("period"), list) else [item.get("period")]
    result["period"] = f.period in periods
    linked = True
    for value, currency in item.get("equivalents", []):
        linked = linked and any(
            c == currency and _close(v, float(value)) for v, c in _equivalents(f)
        )
    if "change" in item:
        want = float(item["change"])
        linked = (
            linked
            and f.change is not None
            and any(
                v is not None and _close(v, want)
                for v in (f.change.value, getattr(f.change, "previous", None))
            )
        )
    result["linked"] = linked
    return result


def _describe(f: TradeFigure | None, entities: dict[str, Entity]) -> str:
    if f is None:
        return "no figure"
    parties = [entities[i].name if i in entities else i for i in f.parties]
    roles = {entities[i].name if i in entities else i: r for i, r in f.roles.items()}
    change = (f.change.kind, f.change.value) if f.change else None
    return (
        f"{f.text!r} v={f.value} max={f.value_max} {f.currency or ''}{f.unit or ''} "
        f"q={f.qualifier} m={f.metric} p={parties} roles={roles} per={f.period} "
        f"eq={_equivalents(f)} ch={change}"
    )


def run(root: Path, gold_path: Path, verbose: bool, corpus: bool) -> dict[str, float]:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    items: list[dict[str, Any]] = gold["figures"]
    cache: dict[str, tuple[str, list[TradeFigure], dict[str, Entity]]] = {}

    def analysed(name: str) -> tuple[str, list[TradeFigure], dict[str, Entity]]:
        if name not in cache:
            doc = read_tml(root / name)
            r = extract(doc.text, doc.dct[:10])
            cache[name] = (doc.text, r.trade_figures, {e.id: e for e in r.entities})
        return cache[name]

    per_field: Counter[str] = Counter()
    full = 0
    for item in items:
        text, figures, entities = analysed(item["doc"])
        f = _figure_at(figures, _locate(text, item))
        res = score_item(item, f, entities)
        per_field.update(k for k, ok in res.items() if ok)
        ok = all(res.values())
        full += ok
        if verbose and not ok:
            wrong = [k for k, v in res.items() if not v]
            print(f"- {item['doc']} {item['quote']!r}: wrong {wrong}")
            print(f"    ours {_describe(f, entities)}")
    extra = 0
    for item in gold.get("not_figures", []):
        _, figures, _ = analysed(item["doc"])
        extra += _figure_at(figures, item["at"][0]) is not None
    scores: dict[str, float] = {"figures": len(items), "fully_right": full / len(items)}
    for k in FIELDS:
        scores[f"right_{k}"] = per_field[k] / len(items)
    scores["not_figures_emitted"] = extra
    if corpus:
        metrics: Counter[str] = Counter()
        for path in sorted(root.glob("*/*.tml")):
            doc = read_tml(path)
            for f in extract(doc.text, doc.dct[:10], include=["trade_figures"]).trade_figures:
                metrics[f.metric] += 1
        total = sum(metrics.values())
        scores["corpus_figures"] = total
        scores["corpus_other_share"] = metrics["other"] / max(total, 1)
        if verbose:
            print("metrics over the corpus:", dict(metrics.most_common()))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="tempeval3/train folder")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--no-corpus", action="store_true", help="skip the corpus-wide 'other'")
    args = parser.parse_args(argv)
    scores = run(args.root, args.gold, args.verbose, not args.no_corpus)
    for name, value in scores.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{name:<24} {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
