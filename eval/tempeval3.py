"""TempEval-3 evaluation of the dates section on TimeML ``.tml`` files.

Usage::

    .venv/bin/python eval/tempeval3.py ../shared/data/tempeval3/train/ [--errors FILE]

Each document's ``<TEXT>`` goes through the public entry point with the document creation time
(the ``TIMEX3`` with ``functionInDocument="CREATION_TIME"``) as ``published``. Scores as
TempEval-3 defines them: strict extent (same span) and relaxed extent (overlapping spans, one to
one) precision, recall and F1; value and type F1 are attribute scores over the relaxed matches
(correct attributes / system expressions, correct attributes / gold expressions).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

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


def evaluate(docs: list[TmlDoc], predictions: list[list[Timex]], errors=None) -> dict[str, tuple]:
    n_sys = n_gold = strict = relaxed = value_ok = type_ok = 0
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
            type_ok += s.type == g.type
            if errors and (not exact or s.value != g.value or s.type != g.type):
                kind = "VALUE" if s.value != g.value else "TYPE" if s.type != g.type else "SPAN"
                ctx = doc.text[max(0, gs - 40) : ge + 30].replace("\n", " ")
                print(
                    f"{kind}\t{doc.name}\t{doc.dct}\tgold {g.text!r} {g.type} {g.value} {g.mod}"
                    f"\tsys {s.text!r} {s.type} {s.value} {s.mod}\t{ctx}",
                    file=errors,
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
        "counts": (n_sys, n_gold, relaxed),
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
    print(f"elapsed {elapsed:.1f} s (spaCy parse and all sections asked for: dates only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
