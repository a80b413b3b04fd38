"""Score the stances section on the directed-sentiment validation split.

    python eval/stances.py ../shared/data/directed_sentiment            # both (a) and (b)
    python eval/stances.py ../shared/data/directed_sentiment --only classifier

(a) classifier: the shipped pair classifier alone, on the gold entity spans (each sentence parsed
    by the service's pipeline, as the classifier reads the parse).
(b) end to end: brackets removed, the whole service run on each sentence (entities, then
    stances); the stance is read between the entities whose mentions cover the bracketed spans
    (none found: neutral). Five-class macro-F1 and per-class F1 for both, as JSON lines.

``--train-folds K`` scores (b) over train.txt instead, nine times the sentences of valid.txt:
K seeded stratified folds (as ``train_stances.py linear --cv K``), each fold's linear model,
trained by the shipped recipe on the other folds, serving the section on its own fold. A change
to the section is judged by this figure as well as by valid.txt's. Needs the ``train`` extra.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from service.extract.core import _stance_min_score, extract_documents
from service.extract.results import Document
from service.extract.stances import transformer
from training.train_stances import Example, load_split, macro_report, parse_split


def eval_classifier(
    examples: list[Example], transformer_dir: Path | None = None
) -> list[dict[str, float | str]]:
    """The shipped pair classifiers on the gold spans: the linear model (relation features),
    the transformer where its weights are present, and their blend as the service uses it."""
    from service.extract.stances import linear
    from service.extract.stances.scoring import TRANSFORMER_WEIGHT

    gold = [e.label for e in examples]
    reports: list[dict[str, float | str]] = []
    lin = linear.load()
    if lin is None:
        raise SystemExit(
            f"no shipped classifier (service/extract/stances/model/{linear.MODEL_FILE})"
        )
    # Parsed as the service parses (not timed: the parse is the pipeline's, not the section's).
    parsed = parse_split(examples, None)
    started = time.perf_counter()
    p_lin = lin.predict([(p, e.e1, e.e2) for p, e in zip(parsed, examples, strict=True)])
    ms = 1000 * (time.perf_counter() - started) / max(len(examples), 1)
    reports.append({"model": "linear", **macro_report(gold, p_lin.argmax(1).tolist())})
    reports[-1]["ms_per_pair"] = ms
    model = transformer.PairClassifier(transformer_dir) if transformer_dir else transformer.load()
    if model is not None:
        queries = [
            transformer.Query(
                transformer.mark(*transformer.crop(e.text, [e.e1, e.e2])), ((0, 1), (1, 0))
            )
            for e in examples
        ]
        # Both readings of the pair averaged, as the service does.
        p_tr = np.array(
            [(p[0] + p[1][list(transformer.REVERSED)]) / 2 for p in model.predict(queries)]
        )
        reports.append({"model": "transformer", **macro_report(gold, p_tr.argmax(1).tolist())})
        blend = TRANSFORMER_WEIGHT * p_tr + (1 - TRANSFORMER_WEIGHT) * p_lin
        reports.append(
            {
                "model": f"blend w={TRANSFORMER_WEIGHT}",
                **macro_report(gold, blend.argmax(1).tolist()),
            }
        )
    return reports


def _entity_at(entities: list, span: tuple[int, int]) -> str | None:  # type: ignore[type-arg]
    """The entity with a mention overlapping the span (the widest overlap wins)."""
    best: tuple[int, str] | None = None
    for e in entities:
        for m in e.mentions:
            overlap = min(m.end, span[1]) - max(m.start, span[0])
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, e.id)
    return None if best is None else best[1]


def _read_pair(stances: list, a: str | None, b: str | None) -> int:  # type: ignore[type-arg]
    """The five-class reading of the stances between a and b: the strongest labelled one."""
    if a is None or b is None or a == b:
        return 0
    best: tuple[float, int] | None = None
    for s in stances:
        if s.label == "neutral":
            continue
        if (s.holder, s.target) == (a, b):
            cls = 1 if s.label == "supportive" else 3
        elif (s.holder, s.target) == (b, a):
            cls = 2 if s.label == "supportive" else 4
        else:
            continue
        if best is None or s.score > best[0]:
            best = (s.score, cls)
    return 0 if best is None else best[1]


def predict_end_to_end(examples: list[Example]) -> tuple[list[int], float]:
    """Five-class predictions from the whole service; and the share of pairs whose two
    entities were both found."""
    docs = [Document(text=e.text, include=frozenset({"entities", "stances"})) for e in examples]
    preds: list[int] = []
    found = 0
    for ex, result in zip(examples, extract_documents(docs, batch_size=64), strict=True):
        a = _entity_at(result.entities or [], ex.e1)
        b = _entity_at(result.entities or [], ex.e2)
        found += a is not None and b is not None and a != b
        preds.append(_read_pair(result.stances or [], a, b))
    return preds, found / max(len(examples), 1)


def end_to_end_folds(data: Path, k: int) -> dict[str, float | int]:
    """End to end over train.txt: each fold's sentences through the whole service, its stances
    classified by a linear model the shipped recipe trains on the other folds."""
    import tempfile

    from sklearn.model_selection import StratifiedKFold

    from service.extract.stances import linear
    from training import train_stances

    recipe = train_stances.build_parser().parse_args(["linear", "--data", str(data)])
    examples = load_split(data / "train.txt")
    labels = np.array([e.label for e in examples])
    items = list(zip(parse_split(examples, recipe.work), examples, strict=True))
    folds = StratifiedKFold(k, shuffle=True, random_state=recipe.seed)
    gold: list[int] = []
    preds: list[int] = []
    try:
        for fit_rows, test_rows in folds.split(np.zeros(len(labels)), labels):
            model = train_stances.fit_linear(recipe, [items[i] for i in fit_rows], labels[fit_rows])
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / linear.MODEL_FILE
                train_stances.export_linear(path, recipe, model)
                linear.use(linear.LinearClassifier(path))
            held_out = [examples[i] for i in test_rows]
            gold += [e.label for e in held_out]
            preds += predict_end_to_end(held_out)[0]
    finally:
        linear.use(None)
    return {"n": len(gold), **_rounded(macro_report(gold, preds))}


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory_report(article: Path) -> dict[str, float]:
    """What the stance model adds to a worker: RSS after parsing and extracting entities, then
    after loading the model(s) and extracting stances from the article."""
    from service.extract import pipeline
    from service.extract.entities import extract_entities
    from service.extract.stances import extract_stances, linear

    text = article.read_text(encoding="utf-8")
    doc = pipeline.load()(text)
    entities = extract_entities(doc)
    before = _rss_mb()
    extract_stances(doc, entities)
    after = _rss_mb()
    from service.extract.stances.scoring import TRANSFORMER_WEIGHT

    files = [linear.MODEL_FILE] + (["model.onnx"] if TRANSFORMER_WEIGHT > 0 else [])
    size = sum((transformer.MODEL_DIR / f).stat().st_size for f in files) / 2**20
    return {
        "rss_before_mb": before,
        "rss_after_mb": after,
        "added_mb": after - before,
        "model_files_mb": size,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the directed_sentiment directory")
    parser.add_argument("--split", default="valid.txt")
    parser.add_argument("--only", choices=["classifier", "end-to-end"])
    parser.add_argument("--limit", type=int, default=0, help="a seeded sample of N sentences")
    parser.add_argument(
        "--transformer", type=Path, help="also score an exported transformer kept in this directory"
    )
    parser.add_argument(
        "--min-scores",
        help="comma-separated NEWSX_STANCE_MIN_SCORE values: end to end at each",
    )
    parser.add_argument(
        "--train-folds",
        type=int,
        default=0,
        metavar="K",
        help="end to end over train.txt, each of K folds served by a model trained on the others",
    )
    parser.add_argument(
        "--memory", type=Path, metavar="ARTICLE", help="only report the model's memory on ARTICLE"
    )
    args = parser.parse_args(argv)
    if args.min_scores:
        examples = _sample(args)
        for threshold in (float(t) for t in args.min_scores.split(",")):
            os.environ["NEWSX_STANCE_MIN_SCORE"] = str(threshold)
            _stance_min_score.cache_clear()
            preds, _ = predict_end_to_end(examples)
            report = macro_report([e.label for e in examples], preds)
            print(json.dumps({"eval": "end-to-end", "min_score": threshold, **_rounded(report)}))
        return 0
    if args.train_folds:
        report = end_to_end_folds(args.data, args.train_folds)
        print(json.dumps({"eval": f"end-to-end, train.txt in {args.train_folds} folds", **report}))
        return 0
    if args.memory:
        print(json.dumps({"eval": "memory", **_rounded(memory_report(args.memory))}))
        return 0
    examples = _sample(args)
    gold = [e.label for e in examples]
    if args.only in (None, "classifier"):
        for report in eval_classifier(examples, args.transformer):
            print(json.dumps({"eval": "classifier", "n": len(examples), **_rounded(report)}))
    if args.only in (None, "end-to-end"):
        started = time.perf_counter()
        preds, coverage = predict_end_to_end(examples)
        report = macro_report(gold, preds)
        report["entity_pair_found"] = coverage
        report["seconds"] = time.perf_counter() - started
        print(json.dumps({"eval": "end-to-end", "n": len(examples), **_rounded(report)}))
    return 0


def _sample(args: argparse.Namespace) -> list[Example]:
    examples = load_split(args.data / args.split)
    if args.limit:
        # The split is sorted by label: sample, seeded, rather than take the first N.
        examples = random.Random(13).sample(examples, min(args.limit, len(examples)))
    return examples


def _rounded(report: dict) -> dict:  # type: ignore[type-arg]
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in report.items()}


if __name__ == "__main__":
    sys.exit(main())
