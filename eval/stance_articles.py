"""Score the stances section on whole articles: what it emits, not only what it finds.

    python eval/stance_articles.py mpqa ../shared/data/mpqa2/dev.json
    python eval/stance_articles.py re3d ../shared/data/re3d
    python eval/stance_articles.py mpqa ../shared/data/mpqa2/dev.json --dump wrong.jsonl

A benchmark that hands over the sentence and the pair hides false positives; an article holds
mostly pairs that are only mentioned together. Here the service reads each article whole, and:

- **evidence precision**: the share of emitted evidence items (one per stance and sentence)
  that lie in a sentence whose gold has an opinion (MPQA 2.0) or relation (re3d: Likes and
  AlliesOf supportive, Dislikes and FightingAgainst critical) of the same polarity from a
  mention of the holder to a mention of the target. A stance lifted from a person or body to
  its country (Xi -> China) counts with the country's family: its people and state bodies.
- **lenient precision** (MPQA): a gold opinion whose source is a pronoun ("he said") also
  accepts any holder, as the service does not resolve pronouns.
- **recall**: of the gold positive and negative opinions (relations) whose source and target
  are both mentions of two different entities the service found, the share with an emitted
  stance of that polarity, holder and target, with evidence in that sentence.

MPQA articles are rebuilt from their sentences in order, one per line (the corpus gives no
paragraphs). Prints one JSON line of figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.extract.core import _stance_min_score, extract_documents
from service.extract.results import Document, Entity, ExtractionResult
from service.extract.stances.actors import STATE_BODY_KINDS

POLARITY = {"Positive": "supportive", "Negative": "critical"}
RE3D_POLARITY = {
    "Likes": "supportive",
    "AlliesOf": "supportive",
    "Dislikes": "critical",
    "FightingAgainst": "critical",
}
#: Pronoun sources the lenient precision accepts for any holder (the service resolves none).
PRONOUNS = frozenset(
    [
        "he",
        "she",
        "they",
        "we",
        "i",
        "it",
        "his",
        "her",
        "their",
        "our",
        "its",
        "him",
        "them",
        "us",
        "you",
        "one",
        "who",
        "which",
    ]
)


@dataclass
class Opinion:
    """A gold opinion or relation, in article offsets."""

    label: str
    source: list[tuple[int, int]]
    target: list[tuple[int, int]]
    #: MPQA: the gold sentence, which the evidence must lie in; re3d: the span of the relation
    #: (source, target and its words), which the evidence must hold.
    sentence: tuple[int, int]
    pronoun_source: bool = False
    relation_span: bool = False

    def stated_in(self, evidence: tuple[int, int]) -> bool:
        """Whether an evidence item (its character span) is the sentence this opinion is in.

        The service may split a corpus sentence (a dateline, a dash): its evidence then lies in
        the sentence without covering it whole."""
        start, end = evidence
        if self.relation_span:
            return _within(self.sentence, (start, end + 1))
        return _within((start, end), (self.sentence[0], self.sentence[1] + 1))


@dataclass
class Article:
    id: str
    text: str
    gold: list[Opinion] = field(default_factory=list)
    #: Sentence spans, for locating an evidence item's gold (MPQA; re3d by the evidence span).
    sentences: list[tuple[int, int]] = field(default_factory=list)


def _spans(field_: list[list[str]]) -> list[tuple[int, int]]:
    out = []
    for offsets in field_[1]:
        a, b = offsets.split(":")
        out.append((int(a), int(b)))
    return out


def mpqa_articles(path: Path) -> list[Article]:
    """MPQA 2.0 sentences (structured-sentiment JSON) joined into their articles."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    grouped: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for row in rows:
        doc_id, index = row["sent_id"].rsplit("-", 1)
        grouped[doc_id].append((int(index), row))
    articles = []
    for doc_id, items in grouped.items():
        items.sort(key=lambda pair: pair[0])
        article = Article(doc_id, "")
        parts: list[str] = []
        offset = 0
        for _, row in items:
            text = row["text"]
            sentence = (offset, offset + len(text))
            article.sentences.append(sentence)
            for o in row["opinions"]:
                label = POLARITY.get(o.get("Polarity") or "")
                if label is None or not o["Source"][0] or not o["Target"][0]:
                    continue
                source = [(a + offset, b + offset) for a, b in _spans(o["Source"])]
                target = [(a + offset, b + offset) for a, b in _spans(o["Target"])]
                pronoun = all(t.strip().lower() in PRONOUNS for t in o["Source"][0])
                article.gold.append(Opinion(label, source, target, sentence, pronoun))
            parts.append(text)
            offset += len(text) + 1
        article.text = "\n".join(parts)
        articles.append(article)
    return articles


def _jsonl(path: Path) -> Iterator[dict]:
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.strip():
            yield json.loads(line)


def re3d_articles(root: Path, min_confidence: float = 0.5) -> list[Article]:
    """re3d documents with their stance-like relations (confidence >= ``min_confidence``)."""
    articles = []
    for folder in sorted(p for p in root.iterdir() if (p / "documents.json").exists()):
        docs = {d["_id"]: Article(d["_id"], d["text"]) for d in _jsonl(folder / "documents.json")}
        for r in _jsonl(folder / "relations.json"):
            label = RE3D_POLARITY.get(r["type"])
            if label is None or r.get("confidence", 1.0) < min_confidence:
                continue
            article = docs.get(r["documentId"])
            if article is None:
                continue
            spans = [
                (r["sourceBegin"], r["sourceEnd"]),
                (r["targetBegin"], r["targetEnd"]),
                (r["begin"], r["end"]),
            ]
            lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
            article.gold.append(
                Opinion(
                    label,
                    [(r["sourceBegin"], r["sourceEnd"])],
                    [(r["targetBegin"], r["targetEnd"])],
                    (lo, hi),
                    relation_span=True,
                )
            )
        articles.extend(docs.values())
    return articles


def _overlaps(spans: Iterable[tuple[int, int]], mentions: Iterable[tuple[int, int]]) -> bool:
    return any(a < d and c < b for a, b in spans for c, d in mentions)


def families(entities: list[Entity]) -> dict[str, list[tuple[int, int]]]:
    """Entity id -> mention spans of the entity and, for a country, of its affiliated actors."""
    spans = {e.id: [(m.start, m.end) for m in e.mentions] for e in entities}
    out = {eid: list(s) for eid, s in spans.items()}
    countries = {e.country: e.id for e in entities if e.kind == "country" and e.country}
    for e in entities:
        speaks_for_state = e.type == "PERSON" or e.kind in STATE_BODY_KINDS
        if speaks_for_state and e.country in countries and countries[e.country] != e.id:
            out[countries[e.country]].extend(spans[e.id])
    return out


def _entity_of(spans: list[tuple[int, int]], entities: list[Entity]) -> str | None:
    """The entity with a mention overlapping the gold span, the closest-fitting first."""
    best: tuple[int, str] | None = None
    for e in entities:
        for m in e.mentions:
            for a, b in spans:
                if m.start < b and a < m.end:
                    cost = abs(m.start - a) + abs(m.end - b)
                    if best is None or cost < best[0]:
                        best = (cost, e.id)
    return None if best is None else best[1]


def _within(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


@dataclass
class Tally:
    emitted: int = 0
    right: int = 0
    right_lenient: int = 0
    stances: int = 0
    gold: int = 0
    gold_linkable: int = 0
    covered: int = 0
    articles: int = 0

    def figures(self) -> dict[str, float | int]:
        return {
            "articles": self.articles,
            "stances": self.stances,
            "evidence_items": self.emitted,
            "evidence_right": self.right,
            "evidence_precision": round(self.right / max(self.emitted, 1), 3),
            "lenient_precision": round(self.right_lenient / max(self.emitted, 1), 3),
            "gold_polar": self.gold,
            "gold_between_found_entities": self.gold_linkable,
            "covered": self.covered,
            "recall": round(self.covered / max(self.gold_linkable, 1), 3),
        }


def score(
    articles: list[Article], results: list[ExtractionResult], dump: list[dict] | None = None
) -> Tally:
    tally = Tally()
    for article, result in zip(articles, results, strict=True):
        tally.articles += 1
        entities = result.entities or []
        fam = families(entities)
        names = {e.id: e.name for e in entities}
        stances = result.stances or []
        tally.stances += len(stances)
        for stance in stances:
            holder, target = fam.get(stance.holder, []), fam.get(stance.target, [])
            for ev in stance.evidence:
                tally.emitted += 1
                here = [
                    g
                    for g in article.gold
                    if g.label == stance.label and g.stated_in((ev.start, ev.end))
                ]
                on_target = [g for g in here if _overlaps(g.target, target)]
                right = any(_overlaps(g.source, holder) for g in on_target)
                lenient = right or any(g.pronoun_source for g in on_target)
                tally.right += right
                tally.right_lenient += lenient
                if dump is not None:
                    dump.append(
                        {
                            "article": article.id,
                            "right": right,
                            "holder": names.get(stance.holder),
                            "target": names.get(stance.target),
                            "label": stance.label,
                            "score": stance.score,
                            "text": ev.text,
                            "cues": [c.text for c in ev.cues],
                            "event": ev.event.category if ev.event else None,
                        }
                    )
        for g in article.gold:
            tally.gold += 1
            source, target = _entity_of(g.source, entities), _entity_of(g.target, entities)
            if source is None or target is None or source == target:
                continue
            tally.gold_linkable += 1
            tally.covered += any(
                s.label == g.label
                and _overlaps(g.source, fam.get(s.holder, []))
                and _overlaps(g.target, fam.get(s.target, []))
                and any(g.stated_in((ev.start, ev.end)) for ev in s.evidence)
                for s in stances
            )
    return tally


def run(articles: list[Article]) -> list[ExtractionResult]:
    docs = [
        Document(text=a.text, id=a.id, include=frozenset({"entities", "stances"})) for a in articles
    ]
    return list(extract_documents(docs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", choices=["mpqa", "re3d"])
    parser.add_argument("path", type=Path)
    parser.add_argument("--dump", type=Path, help="write every emitted evidence item as JSONL")
    parser.add_argument(
        "--min-scores",
        help="comma-separated NEWSX_STANCE_MIN_SCORE values: the figures at each (default: the "
        "service's own)",
    )
    args = parser.parse_args(argv)
    articles = mpqa_articles(args.path) if args.corpus == "mpqa" else re3d_articles(args.path)
    thresholds = [float(t) for t in args.min_scores.split(",")] if args.min_scores else [None]
    for threshold in thresholds:
        if threshold is not None:
            os.environ["NEWSX_STANCE_MIN_SCORE"] = str(threshold)
            _stance_min_score.cache_clear()
        results = run(articles)
        dump: list[dict] | None = [] if args.dump else None
        tally = score(articles, results, dump)
        print(
            json.dumps({"corpus": args.corpus, "min_score": _stance_min_score(), **tally.figures()})
        )
        if args.dump and dump is not None:
            args.dump.write_text("".join(json.dumps(d) + "\n" for d in dump), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
