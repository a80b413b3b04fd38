"""Fit the stance calibration: the probability that a linked stance is right.

    python training/calibrate_stances.py --data ../shared/data            # fit, report, write
    python training/calibrate_stances.py --data ../shared/data --dry-run  # report only

Every link the section finds (``service.extract.stances.score_links``) on development data is
labelled right or wrong against the gold:

- MPQA 2.0 dev articles and re3d documents, read whole: right when the gold of the link's
  sentence has an opinion (relation) of that polarity from a mention of the holder to a mention
  of the target (``eval/stance_articles.py``'s matching);
- directed-sentiment ``train.txt``: links between the annotated pair, right when their direction
  and polarity are the gold label (links to other entities of the sentence are not annotated and
  left out). The shipped pair classifier was trained on these sentences, so each of K seeded
  folds is read by a linear model the shipped recipe trains on the other folds (as
  ``eval/stances.py --train-folds``): the calibration sees the classifier as it reads new text.

A logistic model over ``scoring.FEATURES`` is fitted in K folds grouped by article; the
out-of-fold probabilities give the reliability table and the expected calibration error, for
links (evidence items) and for stances (a pair's best link per label, right when any is). The
model fitted on all of it is written to ``service/extract/stances/model/calibration.json``.
Needs the ``train`` extra (scikit-learn).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.stance_articles import (  # noqa: E402
    Article,
    _overlaps,
    _within,
    families,
    mpqa_articles,
    re3d_articles,
)
from eval.stances import _entity_at  # noqa: E402
from service.extract import pipeline  # noqa: E402
from service.extract.entities import extract_entities  # noqa: E402
from service.extract.stances import score_links, scoring  # noqa: E402
from service.extract.stances.aggregate import combine_probabilities  # noqa: E402
from service.extract.stances.transformer import MODEL_DIR  # noqa: E402
from training.train_stances import load_split  # noqa: E402

#: Five-class labels of the directed-sentiment corpus for (holder is ent1, polarity).
_DIRECTED = {(True, "supportive"): 1, (False, "supportive"): 2, (True, "critical"): 3}
_DIRECTED[(False, "critical")] = 4


class Rows:
    """Link features, right/wrong, the group (article) and the stance each link supports."""

    def __init__(self) -> None:
        self.x: list[list[float]] = []
        self.y: list[int] = []
        self.group: list[str] = []
        self.stance: list[tuple[str, str, str, str]] = []
        self.corpus: list[str] = []

    def add(self, corpus: str, group: str, s: scoring.Scored, right: bool) -> None:
        link = s.link
        self.x.append(scoring.link_features(s))
        self.y.append(int(right))
        self.group.append(f"{corpus}:{group}")
        self.stance.append(
            (f"{corpus}:{group}", link.holder.entity, link.target.entity, link.polarity)
        )
        self.corpus.append(corpus)


def article_rows(rows: Rows, corpus: str, articles: list[Article]) -> None:
    nlp = pipeline.load()
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        entities = extract_entities(doc)
        fam = families(entities)
        for sent, _, s in score_links(doc, entities):
            link = s.link
            if link.polarity == "neutral":
                continue
            span = (sent.start_char, sent.end_char + 1)
            right = any(
                g.label == link.polarity
                and _within(g.sentence, span)
                and _overlaps(g.source, fam.get(link.holder.entity, []))
                and _overlaps(g.target, fam.get(link.target.entity, []))
                for g in article.gold
            )
            rows.add(corpus, article.id, s, right)


def directed_rows(rows: Rows, data: Path, folds: int, limit: int) -> None:
    import tempfile

    from sklearn.model_selection import StratifiedKFold

    from service.extract.stances import linear
    from training import train_stances

    recipe = train_stances.build_parser().parse_args(["linear", "--data", str(data)])
    examples = load_split(data / "train.txt")
    parsed = train_stances.parse_split(examples, recipe.work)
    labels = np.array([e.label for e in examples])
    split = StratifiedKFold(folds, shuffle=True, random_state=recipe.seed)
    try:
        for fit, test in split.split(np.zeros(len(labels)), labels):
            items = [(parsed[i], examples[i]) for i in fit]
            model = train_stances.fit_linear(recipe, items, labels[fit])
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / linear.MODEL_FILE
                train_stances.export_linear(path, recipe, model)
                linear.use(linear.LinearClassifier(path))
            held_out = [(int(i), examples[i]) for i in test]
            if limit:
                held_out = held_out[:: max(1, len(held_out) * folds // limit)]
            _directed_fold(rows, held_out)
    finally:
        linear.use(None)


def _directed_fold(rows: Rows, examples: list) -> None:  # type: ignore[type-arg]
    nlp = pipeline.load()
    texts = (ex.text for _, ex in examples)
    for (n, ex), doc in zip(examples, nlp.pipe(texts), strict=True):
        entities = extract_entities(doc)
        a, b = _entity_at(entities, ex.e1), _entity_at(entities, ex.e2)
        if a is None or b is None or a == b:
            continue
        for _, _, s in score_links(doc, entities):
            link = s.link
            if link.polarity == "neutral" or {link.holder.entity, link.target.entity} != {a, b}:
                continue
            cls = _DIRECTED[(link.holder.entity == a, link.polarity)]
            rows.add("directed", str(n), s, cls == ex.label)


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> tuple[list[dict], float]:
    """Bins of predicted probability against observed precision; the expected calibration
    error (the bins' gaps weighted by their share of the items)."""
    table = []
    ece = 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    for lo, hi in itertools.pairwise(edges):
        inside = (p >= lo) & ((p < hi) if hi < 1.0 else (p <= hi))
        if not inside.any():
            continue
        conf, acc = float(p[inside].mean()), float(y[inside].mean())
        ece += inside.mean() * abs(conf - acc)
        table.append(
            {
                "bin": f"{lo:.1f}-{hi:.1f}",
                "n": int(inside.sum()),
                "mean_p": round(conf, 3),
                "precision": round(acc, 3),
            }
        )
    return table, float(ece)


def stance_level(rows: Rows, p: np.ndarray, combine: str) -> tuple[np.ndarray, np.ndarray]:
    """A stance is right when any of its links is; its probability combines its links' as the
    service does (``aggregate.combine``: the best one, or a noisy-or over its sentences)."""
    probs: dict[tuple[str, str, str, str], list[float]] = defaultdict(list)
    right: dict[tuple[str, str, str, str], int] = defaultdict(int)
    for key, prob, y in zip(rows.stance, p, rows.y, strict=True):
        probs[key].append(float(prob))
        right[key] = max(right[key], y)
    keys = list(probs)
    return np.array([combine_probabilities(probs[k], combine) for k in keys]), np.array(
        [right[k] for k in keys]
    )


def main(argv: list[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=0, help="directed-sentiment sentences")
    parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
    args = parser.parse_args(argv)

    scoring.uncalibrated()  # the features alone; the shipped fit may be of other features
    rows = Rows()
    article_rows(rows, "mpqa", mpqa_articles(args.data / "mpqa2" / "dev.json"))
    article_rows(rows, "re3d", re3d_articles(args.data / "re3d"))
    directed_rows(rows, args.data / "directed_sentiment", args.folds, args.limit)
    x, y, groups = np.array(rows.x), np.array(rows.y), np.array(rows.group)
    corpus = np.array(rows.corpus)

    oof = np.zeros(len(y))
    for fit, test in GroupKFold(args.folds).split(x, y, groups):
        model = LogisticRegression(C=1.0, max_iter=1000).fit(x[fit], y[fit])
        oof[test] = model.predict_proba(x[test])[:, 1]
    report: dict[str, object] = {"links": len(y), "right": int(y.sum())}
    for name in ("mpqa", "re3d", "directed"):
        mask = corpus == name
        report[f"{name}_links"] = int(mask.sum())
        report[f"{name}_ece"] = round(reliability(oof[mask], y[mask])[1], 4)
    table, ece = reliability(oof, y)
    report["evidence_ece_out_of_fold"] = round(ece, 4)
    # How a stance's links combine: the one with the lower log loss on stances out of fold (a
    # proper scoring rule; the calibration error, which is not one, is reported beside it).
    from sklearn.metrics import log_loss

    combined = {}
    for combine in ("max", "noisy_or"):
        stance_p, stance_y = stance_level(rows, oof, combine)
        loss = log_loss(stance_y, np.clip(stance_p, 1e-6, 1 - 1e-6), labels=[0, 1])
        combined[combine] = (reliability(stance_p, stance_y), len(stance_y), loss)
        report[f"stance_ece_{combine}"] = round(combined[combine][0][1], 4)
        report[f"stance_log_loss_{combine}"] = round(loss, 4)
    combine = min(combined, key=lambda c: combined[c][2])
    (stance_table, stance_ece), n_stances, _ = combined[combine]
    report["stance_combine"] = combine
    report["stances"] = n_stances
    report["stance_ece_out_of_fold"] = round(stance_ece, 4)
    print(json.dumps(report))
    rule_of = np.array(
        [scoring.RULE_NAMES[row[-len(scoring.RULE_NAMES) :].index(1.0)] for row in rows.x]
    )
    for name in ("mpqa", "re3d", "directed"):
        per_rule = {}
        for rule in scoring.RULE_NAMES:
            mask = (corpus == name) & (rule_of == rule)
            if mask.any():
                per_rule[rule] = [int(mask.sum()), round(float(y[mask].mean()), 3)]
        print(json.dumps({"corpus": name, "links_and_precision_per_rule": per_rule}))
    print("evidence items (links), out of fold:")
    for row in table:
        print("  " + json.dumps(row))
    print(f"stances ({combine}), out of fold:")
    for row in stance_table:
        print("  " + json.dumps(row))

    model = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    out = {
        "features": list(scoring.FEATURES),
        "coef": [round(float(c), 6) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "fitted_on": "MPQA 2.0 dev articles, re3d documents, directed-sentiment train.txt "
        "(links labelled right or wrong by their gold; training/calibrate_stances.py)",
        "stance_combine": combine,
        "out_of_fold": {k: v for k, v in report.items() if "ece" in k or "log_loss" in k},
    }
    print(json.dumps({"coef": dict(zip(scoring.FEATURES, out["coef"], strict=True))}))
    if not args.dry_run:
        (MODEL_DIR / scoring.CALIBRATION_FILE).write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
