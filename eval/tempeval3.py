"""TempEval-3 evaluation of the dates section on TimeML ``.tml`` files.

Usage::

    .venv/bin/python eval/tempeval3.py ../shared/data/tempeval3/train/ [--errors FILE]

Each document's ``<TEXT>`` goes through the public entry point with the document creation time
(the ``TIMEX3`` with ``functionInDocument="CREATION_TIME"``) as ``published``. Scores as
TempEval-3 defines them: strict extent (same span) and relaxed extent (overlapping spans, one to
one) precision, recall and F1; value and type F1 are attribute scores over the relaxed matches
(correct attributes / system expressions, correct attributes / gold expressions).

Two extra lines, never instead of the TempEval-3 ones:

- ``value~``: value F1 counting two notations of the same value as equal (``canonical_value``):
  a decade or century with or without its trailing ``X`` ("199X" / "199"), an unpadded ISO week
  ("2000-W7" / "2000-W07"), a clock time without minutes or with zero seconds ("T17" /
  "T17:00"), and durations in units of fixed size ("P1E" / "P10Y", "P1Q" / "P3M", "P2W" /
  "P14D"). Values that only overlap ("1949-XX" / "1949", "1989-WXX" / "1989-W43") stay unequal.
- ``value*``: value F1 if the expressions whose normalization the dates issue
  prescribes ("last week" -> the ISO week, "recent years" -> PAST_REF, "now" -> PRESENT_REF)
  were not held against the system where the gold departs from it: the gold writes "last week"
  as "1989-WXX", "P1W" or a month in some documents, and leaves many "now" unannotated. This
  shows what following the issue's own conventions costs on this corpus.
- ``--categories N`` prints the N commonest value mismatches by shape (digits as 9), gold
  against system, to show which conventions or rules the errors come from.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Expressions whose value the dates issue prescribes ("last week" -> "2022-W23", "recent
#: years" -> PAST_REF, "now" -> PRESENT_REF).
PRESCRIBED = re.compile(
    r"(?:(?:early|late|earlier|later) )?(?:last|this|next) week|recent (?:years|months|weeks|days)"
    r"|now",
    re.IGNORECASE,
)

_ISO_WEEK = re.compile(r"\d{4}-W\d\d?")


def _departs_from_prescribed(text: str, gold_value: str) -> bool:
    """The gold gives a prescribed expression another kind of value than the issue asks for:
    not a calendar week for "last week", not PAST_REF or PRESENT_REF for "recent years", "now"
    (a different week, or the same in another notation, is not counted)."""
    if not PRESCRIBED.fullmatch(text.strip()):
        return False
    if text.strip().lower().endswith("week"):
        return not _ISO_WEEK.fullmatch(gold_value)
    return not gold_value.endswith("_REF")


_TAG = re.compile(r"<(/?)(\w+)([^>]*)>|&(\w+|#\d+);")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None


@dataclass(slots=True)
class TmlDoc:
    name: str
    dct: str
    text: str
    gold: list[Timex]


def read_tml(path: Path) -> TmlDoc:
    """The plain text of ``<TEXT>`` with the gold TIMEX3 offsets into it, and the DCT."""
    raw = path.read_text("utf-8")
    dct_match = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    if dct_match is None:
        raise ValueError(f"{path}: no creation time")
    dct = dict(_ATTR.findall(dct_match.group(0)))["value"]
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    out: list[str] = []
    length = 0
    gold: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for m in _TAG.finditer(body):
        out.append(body[pos : m.start()])
        length += m.start() - pos
        pos = m.end()
        if m.group(4):  # an XML entity stands for one character
            char = html.unescape(m.group(0))
            out.append(char)
            length += len(char)
        elif m.group(2) == "TIMEX3" and not m.group(1):
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
        elif m.group(2) == "TIMEX3" and open_timex is not None:
            start, attrs = open_timex
            text = "".join(out)[start:length]
            gold.append(
                Timex(start, length, text, attrs["type"], attrs.get("value", ""), attrs.get("mod"))
            )
            open_timex = None
    out.append(body[pos:])
    return TmlDoc(path.name, dct, "".join(out), gold)


# Durations in units of fixed size, rewritten in the unit TIMEX3 writers use most.
_FIXED_UNITS: dict[str, tuple[int, str]] = {
    "L": (1000, "Y"),
    "C": (100, "Y"),
    "E": (10, "Y"),
    "Q": (3, "M"),
    "W": (7, "D"),
}
_DURATION = re.compile(r"P(\d+)([LCEQW])")


def canonical_value(value: str) -> str:
    """One spelling per TIMEX3 value, for the equivalence-aware score (see the module doc)."""
    v = value.strip().upper()
    if re.fullmatch(r"\d{3}X|\d{2}XX", v):  # decade "199X" = "199", century "19XX" = "19"
        return v.rstrip("X")
    v = re.sub(r"-W(\d)(?=$|-)", r"-W0\1", v)
    v = re.sub(r"(T\d\d)$", r"\1:00", v)
    v = re.sub(r"(T\d\d:\d\d):00$", r"\1", v)
    m = _DURATION.fullmatch(v)
    if m:
        factor, unit = _FIXED_UNITS[m[2]]
        v = f"P{int(m[1]) * factor}{unit}"
    return v


def _shape(value: str) -> str:
    return re.sub(r"\d", "9", value) or "-"


def _trim(start: int, end: int, text: str) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _prf(correct: int, system: int, gold: int) -> tuple[float, float, float]:
    p = correct / system if system else 0.0
    r = correct / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(docs: list[TmlDoc], predictions: list[list[Timex]], errors=None) -> dict[str, Any]:
    n_sys = n_gold = strict = relaxed = value_ok = value_equiv = type_ok = 0
    prescribed_mismatches = prescribed_extras = 0
    mismatches: Counter[tuple[str, str]] = Counter()
    for doc, system in zip(docs, predictions, strict=True):
        n_sys += len(system)
        n_gold += len(doc.gold)
        used: set[int] = set()
        for g in doc.gold:
            gs, ge = _trim(g.start, g.end, doc.text)
            match = None
            for i, s in enumerate(system):
                if i in used:
                    continue
                ss, se = _trim(s.start, s.end, doc.text)
                if ss < ge and gs < se:
                    if ss == gs and se == ge:
                        match = i
                        break
                    match = i if match is None else match
            if match is None:
                if errors:
                    print(
                        f"MISS\t{doc.name}\t{doc.dct}\t{g.text!r}\t{g.type}\t{g.value}", file=errors
                    )
                continue
            used.add(match)
            s = system[match]
            relaxed += 1
            ss, se = _trim(s.start, s.end, doc.text)
            exact = (ss, se) == (gs, ge)
            strict += exact
            value_ok += s.value == g.value
            value_equiv += canonical_value(s.value) == canonical_value(g.value)
            if s.value != g.value:
                mismatches[(_shape(g.value), _shape(s.value))] += 1
                prescribed_mismatches += _departs_from_prescribed(s.text, g.value)
            type_ok += s.type == g.type
            if errors and (not exact or s.value != g.value or s.type != g.type):
                kind = "VALUE" if s.value != g.value else "TYPE" if s.type != g.type else "SPAN"
                ctx = doc.text[max(0, gs - 40) : ge + 30].replace("\n", " ")
                print(
                    f"{kind}\t{doc.name}\t{doc.dct}\tgold {g.text!r} {g.type} {g.value} {g.mod}"
                    f"\tsys {s.text!r} {s.type} {s.value} {s.mod}\t{ctx}",
                    file=errors,
                )
        prescribed_extras += sum(
            1
            for i, s in enumerate(system)
            if i not in used and PRESCRIBED.fullmatch(s.text.strip())
        )
        if errors:
            for i, s in enumerate(system):
                if i not in used:
                    ctx = doc.text[max(0, s.start - 40) : s.end + 30].replace("\n", " ")
                    print(
                        f"EXTRA\t{doc.name}\t{doc.dct}\t{s.text!r}\t{s.type}\t{s.value}\t{ctx}",
                        file=errors,
                    )
    return {
        "strict": _prf(strict, n_sys, n_gold),
        "relaxed": _prf(relaxed, n_sys, n_gold),
        "value": _prf(value_ok, n_sys, n_gold),
        "type": _prf(type_ok, n_sys, n_gold),
        "value~": _prf(value_equiv, n_sys, n_gold),
        "prescribed": _prf(value_ok + prescribed_mismatches, n_sys - prescribed_extras, n_gold),
        "prescribed_counts": (prescribed_mismatches, prescribed_extras),
        "counts": (n_sys, n_gold, relaxed),
        "mismatches": mismatches,
    }


def predict(docs: list[TmlDoc]) -> list[list[Timex]]:
    from service.extract import Document, extract_documents, parse_published

    requests = [
        Document(text=d.text, published=parse_published(d.dct), include=frozenset({"dates"}))
        for d in docs
    ]
    return [
        [Timex(t.start, t.end, t.text, t.type, t.value or "", t.mod) for t in result.dates or []]
        for result in extract_documents(requests)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="a folder of .tml files (searched recursively)")
    parser.add_argument("--errors", type=Path, help="write every miss, extra and mismatch here")
    parser.add_argument(
        "--categories",
        type=int,
        default=0,
        metavar="N",
        help="print the N commonest value mismatches by shape (gold -> system)",
    )
    args = parser.parse_args(argv)
    files = sorted(args.path.rglob("*.tml"))
    if not files:
        print(f"no .tml files under {args.path}", file=sys.stderr)
        return 2
    docs = [read_tml(f) for f in files]
    started = time.perf_counter()
    predictions = predict(docs)
    elapsed = time.perf_counter() - started
    errors = args.errors.open("w", encoding="utf-8") if args.errors else None
    scores = evaluate(docs, predictions, errors)
    if errors:
        errors.close()
    n_sys, n_gold, matched = scores["counts"]
    print(f"documents {len(docs)}  gold {n_gold}  system {n_sys}  matched {matched}")
    print(f"{'':10}{'P':>8}{'R':>8}{'F1':>8}")
    for key in ("strict", "relaxed", "value", "type"):
        p, r, f = scores[key]
        print(f"{key:10}{p:8.3f}{r:8.3f}{f:8.3f}")
    p, r, f = scores["value~"]
    print(f"{'value~':10}{p:8.3f}{r:8.3f}{f:8.3f}  (same value in another notation counts)")
    p, r, f = scores["prescribed"]
    mismatched, extra = scores["prescribed_counts"]
    print(
        f"{'value*':10}{p:8.3f}{r:8.3f}{f:8.3f}  (value, not counting {mismatched} mismatches and"
        f" {extra} extras where the gold departs from the issue's prescribed values)"
    )
    print(f"elapsed {elapsed:.1f} s (spaCy parse and all sections asked for: dates only)")
    if args.categories:
        print(f"commonest value mismatches (of {sum(scores['mismatches'].values())}):")
        for (gold, system), n in scores["mismatches"].most_common(args.categories):
            print(f"{n:6}  gold {gold:22} system {system}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
