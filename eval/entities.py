"""Score the entities section against CoNLL-2003 and re3d mentions.

    python eval/entities.py conll PATH/conll2003/eng.testa [--spacy-only]
    python eval/entities.py re3d PATH/re3d [--min-confidence 0.5] [--penalize-uncertain]
    python eval/entities.py articles PATH/tempeval3/train PATH/re3d [--dump FILE]
    python eval/entities.py reading eval/entities_reading.tsv

``articles`` measures whole articles (TimeBank and AQUAINT texts, re3d documents): splits, pairs
of entities in one answer that are one actor by their names (equal once "the", punctuation and a
legal suffix are dropped; one the acronym of the other; an organisation's name and a longer form
of it), per 100 entities; false merges, entities holding mentions of both sides of a re3d
relation between different actors (FightingAgainst, Dislikes, CommWith, AlliesOf, Likes, Apart);
and the share of TimeBank/AQUAINT entities with a ``wikidata`` id and with a ``country``.
``--dump`` writes every entity (article, key, name, type, country, wikidata, mention forms).

``reading`` prints, per reading set and side (before/after), the share of entities judged right
(the right actor or place, one item, the right type) in a judgement file read by hand from such
dumps: one row per entity, ``set, article, side, name, type, verdict, note``.

A predicted mention counts when its character extent and its mapped label both equal a gold one.
Our OntoNotes labels are mapped to each corpus' scheme: CoNLL PERSON->PER, ORG->ORG,
GPE/LOC/FAC->LOC, every other name type->MISC; re3d PERSON->Person, ORG->Organisation,
GPE/LOC/FAC->Location, NORP->Nationality (other re3d types are not scored). ``--spacy-only`` scores
the bare statistical NER (the pipeline without the project's gazetteer, no resolution step): the
"before" figure. A group named by its nationality ("Iraqi troops", an ORG item) is scored as
each scheme marks it: re3d marks the group an Organisation; CoNLL, which marks names only, marks
the nationality word MISC, so for CoNLL the item's mention is scored as that word, NORP.

re3d marks each annotation with a confidence; many plain names ("ISIL", "Iraq") are annotated
with confidence 0 as often as 1. Annotations below ``--min-confidence`` are neither required nor
penalized: a prediction equal to one (extent and type) is left out of the counts, unless
``--penalize-uncertain`` counts it as a false positive.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from service.extract import pipeline
from service.extract.entities import labelled_mentions, names
from service.knowledge import actors

ORG_WORDS = actors.cues()["org_words"]

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
    texts: list[str],
    mapping: dict[str, str],
    misc: str | None,
    spacy_only: bool,
    groups_as_items: bool = False,
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
                # CoNLL marks names only: a group's mention is its nationality word there.
                names_only = misc is not None and not groups_as_items
                raw = labelled_mentions(doc, groups_as_names=names_only)
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


#: re3d relations whose two ends are different actors.
DIFFERENT = {"FightingAgainst", "Dislikes", "CommWith", "AlliesOf", "Likes", "Apart"}


def one_actor(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Are two (name, type) entities one actor by their names alone?

    Equal once "the", punctuation and a legal suffix are dropped ("Apple Inc." / "Apple"); one
    the acronym of the other ("INS" / "Immigration and Naturalization Service"); or a company's
    name and its longer form with company words only ("Ratners" / "Ratners Group PLC")."""
    wa, wb = names.words(a[0]), names.words(b[0])
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    if names.is_acronym_of(a[0], b[0]) or names.is_acronym_of(b[0], a[0]):
        return True
    if "ORG" in (a[1], b[1]):
        short, long_ = sorted((wa, wb), key=len)
        rest = long_[len(short) :]
        company = all(w in ORG_WORDS or w in names.LEGAL for w in rest)
        if rest and long_[: len(short)] == short and company and len(short[0]) > 3:
            return True
    return False


def read_tml_text(path: Path) -> str:
    raw = path.read_text("utf-8")
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def read_relations(root: Path) -> dict[str, list[tuple[int, int, int, int, str]]]:
    out: dict[str, list[tuple[int, int, int, int, str]]] = {}
    for path in sorted(root.glob("*/relations.json")):
        for line in path.open(encoding="utf-8-sig"):
            if line.strip():
                r = json.loads(line)
                if r["type"] in DIFFERENT and r.get("confidence", 1) >= 0.5:
                    spans = (r["sourceBegin"], r["sourceEnd"], r["targetBegin"], r["targetEnd"])
                    out.setdefault(r["documentId"], []).append((*spans, r["type"]))
    return out


def articles(tempeval: Path, re3d: Path, dump: Path | None) -> None:
    from service.extract import Document, extract_documents

    named: list[tuple[str, str, str]] = []  # (corpus, name, text)
    for path in sorted(tempeval.rglob("*.tml")):
        named.append(("timebank", path.name, read_tml_text(path)))
    re3d_ids: list[str] = []
    for folder in sorted(p for p in re3d.iterdir() if p.is_dir()):
        for line in (folder / "documents.json").open(encoding="utf-8-sig"):
            if line.strip():
                record = json.loads(line)
                named.append(("re3d", f"{folder.name}/{record['_id']}", record["text"]))
                re3d_ids.append(record["_id"])
    relations = read_relations(re3d)
    docs = [Document(text=t, include=frozenset({"entities"})) for _, _, t in named]
    totals: Counter[str] = Counter()
    examples: list[str] = []
    out = dump.open("w", encoding="utf-8") if dump else None
    for (corpus, name, text), result in zip(named, extract_documents(docs), strict=True):
        ents = result.entities or []
        totals[f"{corpus} entities"] += len(ents)
        if corpus == "timebank":
            totals["wikidata"] += sum(e.wikidata is not None for e in ents)
            totals["country"] += sum(e.country is not None for e in ents)
        for i, a in enumerate(ents):
            for b in ents[i + 1 :]:
                if one_actor((a.name, a.type), (b.name, b.type)):
                    totals[f"{corpus} splits"] += 1
                    examples.append(f"SPLIT\t{name}\t{a.name} ({a.type}) / {b.name} ({b.type})")
        if corpus == "re3d":
            for sb, se, tb, te, kind in relations.get(name.split("/")[-1], []):
                for e in ents:
                    # A mention over both ends ("Iran-Iraq War") is one name, not a merge.
                    spans = [
                        (m.start, m.end)
                        for m in e.mentions
                        if not (m.start < se and m.end > sb and m.start < te and m.end > tb)
                    ]
                    src = any(s < se and e_ > sb for s, e_ in spans)
                    tgt = any(s < te and e_ > tb for s, e_ in spans)
                    if src and tgt:
                        totals["false merges"] += 1
                        pair = f"{text[sb:se]!r} {kind} {text[tb:te]!r}"
                        examples.append(f"MERGE\t{name}\t{e.name}: {pair}")
        if out is not None:
            for e in ents:
                forms = sorted({m.text for m in e.mentions})
                key = getattr(e, "key", None)  # the dump also reads answers from before ``key``
                out.write(f"{name}\t{key}\t{e.name}\t{e.type}\t{e.country}\t{e.wikidata}")
                out.write(f"\t{' | '.join(forms)}\n")
    if out is not None:
        out.close()
    for line in examples:
        print(line)
    for corpus in ("timebank", "re3d"):
        n, splits = totals[f"{corpus} entities"], totals[f"{corpus} splits"]
        print(f"{corpus}: {n} entities, {splits} splits, {100 * splits / max(n, 1):.2f} per 100")
    n = totals["timebank entities"]
    print(f"re3d false merges: {totals['false merges']}")
    print(f"timebank share with wikidata: {totals['wikidata'] / max(n, 1):.3f}")
    print(f"timebank share with country: {totals['country'] / max(n, 1):.3f}")


def reading(path: Path) -> None:
    totals: Counter[tuple[str, str]] = Counter()
    right: Counter[tuple[str, str]] = Counter()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or line.startswith("set\t") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            group = (cols[0], cols[2])
            totals[group] += 1
            right[group] += cols[5] == "right"
    for group in sorted(totals):
        n = totals[group]
        print(f"{group[0]} {group[1]}: {right[group]}/{n} right ({right[group] / n:.3f})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", choices=("conll", "re3d", "articles", "reading"))
    parser.add_argument("path", type=Path)
    parser.add_argument("re3d_path", type=Path, nargs="?", help="articles: the re3d folder")
    parser.add_argument("--dump", type=Path, help="articles: write every entity here")
    parser.add_argument("--spacy-only", action="store_true", help="bare spaCy NER (baseline)")
    parser.add_argument("--min-confidence", type=float, default=0.5, help="re3d confidence")
    parser.add_argument(
        "--penalize-uncertain",
        action="store_true",
        help="re3d: count predictions equal to low-confidence annotations as false positives",
    )
    parser.add_argument("--errors", type=Path, help="write missed/spurious mentions here")
    parser.add_argument(
        "--groups-as-items",
        action="store_true",
        help="conll: score a nationality group ('Iraqi troops') as its whole ORG mention",
    )
    args = parser.parse_args(argv)
    uncertain: Gold = set()

    if args.corpus == "articles":
        return articles(args.path, args.re3d_path, args.dump)
    if args.corpus == "reading":
        return reading(args.path)
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
    for i, spans in enumerate(predict(texts, mapping, misc, args.spacy_only, args.groups_as_items)):
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
