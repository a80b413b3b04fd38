"""Score the entities section against CoNLL-2003 and re3d mentions.

    python eval/entities.py conll PATH/conll2003/eng.testa [--spacy-only]
    python eval/entities.py re3d PATH/re3d [--min-confidence 0.5] [--penalize-uncertain]

A predicted mention counts when its character extent and its mapped label both equal a gold one.
Our OntoNotes labels are mapped to each corpus' scheme: CoNLL PERSON->PER, ORG->ORG,
GPE/LOC/FAC->LOC, every other name type->MISC; re3d PERSON->Person, ORG->Organisation,
GPE/LOC/FAC->Location, NORP->Nationality (other re3d types are not scored). ``--spacy-only`` scores
the bare statistical NER (the pipeline without the project's gazetteer, no resolution step): the
"before" figure.

re3d marks each annotation with a confidence; many plain names ("ISIL", "Iraq") are annotated
with confidence 0 as often as 1. Annotations below ``--min-confidence`` are neither required nor
penalized: a prediction equal to one (extent and type) is left out of the counts, unless
``--penalize-uncertain`` counts it as a false positive.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from service.extract import pipeline
from service.extract.entities import labelled_mentions

CONLL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
CONLL_MISC = {"NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
RE3D_MAP = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "GPE": "Location",
    "LOC": "Location",
    "FAC": "Location",
    "NORP": "Nationality",
}
RE3D_TYPES = ("Person", "Organisation", "Location", "Nationality")

Gold = set[tuple[int, int, int, str]]  # (document, start, end, label)


def read_conll(path: Path) -> Iterator[tuple[str, list[tuple[int, int, str]]]]:
    """Documents as (text, gold spans): tokens joined by spaces, one sentence a line."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []

    def flush_doc() -> tuple[str, list[tuple[int, int, str]]]:
        parts: list[str] = []
        spans: list[tuple[int, int, str]] = []
        offset = 0
        for sentence in sentences:
            prev_tag = "O"
            for i, (token, tag) in enumerate(sentence):
                start = offset + (1 if i else 0)
                if i:
                    parts.append(" ")
                parts.append(token)
                offset = start + len(token)
                kind = tag[2:] if tag != "O" else "O"
                # IOB1: I-X continues an X run, B-X starts a new one right after another X.
                if kind != "O" and (tag.startswith("B-") or prev_tag != kind):
                    spans.append((start, offset, kind))
                elif kind != "O":
                    s, _, k = spans[-1]
                    spans[-1] = (s, offset, k)
                prev_tag = kind
            parts.append("\n")
            offset += 1
        return "".join(parts), spans

    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line.startswith("-DOCSTART-"):
                if current:
                    sentences.append(current)
                    current = []
                if sentences:
                    yield flush_doc()
                sentences = []
            elif not line:
                if current:
                    sentences.append(current)
                    current = []
            else:
                cols = line.split()
                current.append((cols[0], cols[-1]))
    if current:
        sentences.append(current)
    if sentences:
        yield flush_doc()


Docs = Iterator[tuple[str, list[tuple[int, int, str]]]]


def read_re3d(root: Path, min_confidence: float, uncertain: set | None = None) -> Docs:
    """re3d documents and their gold spans; spans under the threshold go to ``uncertain``."""
    index = -1
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        docs = {}
        for line in (folder / "documents.json").open(encoding="utf-8-sig"):
            if line.strip():
                record = json.loads(line)
                docs[record["_id"]] = record["text"]
        spans: dict[str, set[tuple[int, int, str]]] = {key: set() for key in docs}
        low: dict[str, set[tuple[int, int, str]]] = {}
        for line in (folder / "entities.json").open(encoding="utf-8-sig"):
            if not line.strip():
                continue
            record = json.loads(line)
            if record["type"] not in RE3D_TYPES or record["documentId"] not in spans:
                continue
            item = (record["begin"], record["end"], record["type"])
            if record["confidence"] >= min_confidence:
                spans[record["documentId"]].add(item)
            else:
                low.setdefault(record["documentId"], set()).add(item)
        for key, text in docs.items():
            index += 1
            if uncertain is not None:
                uncertain.update((index, s, e, k) for s, e, k in low.get(key, ()))
            yield text, sorted(spans[key])


def predict(
    texts: list[str], mapping: dict[str, str], misc: str | None, spacy_only: bool
) -> Iterator[set[tuple[int, int, str]]]:
    nlp = pipeline.load()
    disabled = [name for name in nlp.pipe_names if name.startswith("news_")] if spacy_only else []
    with nlp.select_pipes(disable=disabled):
        for doc in nlp.pipe(texts, batch_size=32):
            if spacy_only:
                raw: Iterable[tuple[int, int, str]] = (
                    (e.start_char, e.end_char, e.label_) for e in doc.ents
                )
            else:
                raw = labelled_mentions(doc)
            out = set()
            for start, end, label in raw:
                mapped = mapping.get(label) or (misc if label in CONLL_MISC else None)
                if mapped:
                    out.add((start, end, mapped))
            yield out


def score(gold: Gold, pred: Gold, labels: Iterable[str]) -> list[tuple[str, int, int, int]]:
    tp, fp, fn = Counter(), Counter(), Counter()
    for item in pred:
        (tp if item in gold else fp)[item[3]] += 1
    for item in gold:
        if item not in pred:
            fn[item[3]] += 1
    return [(label, tp[label], fp[label], fn[label]) for label in labels]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(rows: list[tuple[str, int, int, int]], groups: dict[str, tuple[str, ...]]) -> None:
    print(f"{'type':<22}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}")
    for label, tp, fp, fn in rows:
        p, r, f = prf(tp, fp, fn)
        print(f"{label:<22}{p:7.3f}{r:7.3f}{f:7.3f}{tp + fn:7d}{tp + fp:7d}")
    for name, members in groups.items():
        picked = [row for row in rows if row[0] in members]
        tp, fp, fn = (sum(row[i] for row in picked) for i in (1, 2, 3))
        p, r, f = prf(tp, fp, fn)
        print(f"{name:<22}{p:7.3f}{r:7.3f}{f:7.3f}{tp + fn:7d}{tp + fp:7d}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", choices=("conll", "re3d"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--spacy-only", action="store_true", help="bare spaCy NER (baseline)")
    parser.add_argument("--min-confidence", type=float, default=0.5, help="re3d confidence")
    parser.add_argument(
        "--penalize-uncertain",
        action="store_true",
        help="re3d: count predictions equal to low-confidence annotations as false positives",
    )
    parser.add_argument("--errors", type=Path, help="write missed/spurious mentions here")
    args = parser.parse_args(argv)
    uncertain: Gold = set()

    if args.corpus == "conll":
        docs = list(read_conll(args.path))
        mapping, misc, labels = CONLL_MAP, "MISC", ("PER", "ORG", "LOC", "MISC")
        groups = {"micro PER+ORG+LOC": ("PER", "ORG", "LOC"), "micro all four": labels}
    else:
        docs = list(read_re3d(args.path, args.min_confidence, uncertain))
        mapping, misc, labels = RE3D_MAP, None, RE3D_TYPES
        groups = {"micro Per+Org+Loc": RE3D_TYPES[:3], "micro all four": RE3D_TYPES}
    texts = [text for text, _ in docs]
    gold: Gold = {(i, s, e, k) for i, (_, spans) in enumerate(docs) for s, e, k in spans}
    pred: Gold = set()
    for i, spans in enumerate(predict(texts, mapping, misc, args.spacy_only)):
        pred.update((i, s, e, k) for s, e, k in spans)
    if not args.penalize_uncertain:
        pred -= uncertain - gold
    print(f"{args.corpus}: {len(docs)} documents, {len(gold)} gold mentions")
    report(score(gold, pred, labels), groups)
    if args.errors:
        with args.errors.open("w", encoding="utf-8") as out:
            for kind, items in (("MISSED", gold - pred), ("SPURIOUS", pred - gold)):
                for i, s, e, k in sorted(items):
                    out.write(f"{kind}\t{k}\t{texts[i][s:e]!r}\t{i}:{s}\n")


if __name__ == "__main__":
    sys.exit(main())
