"""The entities evaluation script reads its corpora right (synthetic samples, not the data)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from service.extract import pipeline
from service.extract.entities import extract_entities

_SPEC = importlib.util.spec_from_file_location(
    "eval_entities", Path(__file__).resolve().parent.parent / "eval" / "entities.py"
)
assert _SPEC is not None and _SPEC.loader is not None
ev = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(ev)

CONLL = """-DOCSTART- -X- O O

Anna NNP I-NP I-PER
Berg NNP I-NP I-PER
met NN I-NP O
Carl NNP I-NP I-PER
Dahl NNP I-NP B-PER
in IN I-PP O
Oslo NNP I-NP I-LOC
. . O O

-DOCSTART- -X- O O

Acme NNP I-NP I-ORG
Corp NNP I-NP I-ORG
"""


def test_conll_reader_rebuilds_text_and_iob1_spans(tmp_path: Path) -> None:
    path = tmp_path / "sample.conll"
    path.write_text(CONLL, encoding="utf-8")
    docs = list(ev.read_conll(path))
    assert len(docs) == 2
    text, spans = docs[0]
    assert text == "Anna Berg met Carl Dahl in Oslo .\n"
    assert [(text[s:e], k) for s, e, k in spans] == [
        ("Anna Berg", "PER"),
        ("Carl", "PER"),  # B- starts a second person right after the first
        ("Dahl", "PER"),
        ("Oslo", "LOC"),
    ]
    assert [(docs[1][0][s:e], k) for s, e, k in docs[1][1]] == [("Acme Corp", "ORG")]


def test_re3d_reader_splits_confident_from_uncertain(tmp_path: Path) -> None:
    folder = tmp_path / "Source"
    folder.mkdir()
    text = "Iraq said ISIL fled."
    (folder / "documents.json").write_text(json.dumps({"_id": "d1", "text": text}) + "\n")
    rows = [
        {"documentId": "d1", "begin": 0, "end": 4, "type": "Location", "confidence": 1},
        {"documentId": "d1", "begin": 10, "end": 14, "type": "Organisation", "confidence": 0},
        {"documentId": "d1", "begin": 15, "end": 19, "type": "Temporal", "confidence": 1},
    ]
    (folder / "entities.json").write_text("".join(json.dumps(r) + "\n" for r in rows))
    uncertain: set = set()
    docs = list(ev.read_re3d(tmp_path, 0.5, uncertain))
    assert docs == [(text, [(0, 4, "Location")])]
    assert uncertain == {(0, 10, 14, "Organisation")}


def test_score_counts_exact_extent_and_label() -> None:
    gold = {(0, 0, 4, "LOC"), (0, 10, 14, "ORG")}
    pred = {(0, 0, 4, "LOC"), (0, 10, 14, "PER")}
    rows = {
        label: (tp, fp, fn) for label, tp, fp, fn in ev.score(gold, pred, ("LOC", "ORG", "PER"))
    }
    assert rows == {"LOC": (1, 0, 0), "ORG": (0, 0, 1), "PER": (0, 1, 0)}


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "the the the", "$147bn 69th 2022", "A. B. C."])
def test_odd_input_gives_no_spurious_entity(text: str) -> None:
    entities = extract_entities(pipeline.load()(text))
    assert all(any(c.isalpha() for c in m.text) for e in entities for m in e.mentions)
    assert all(text[m.start : m.end] == m.text for e in entities for m in e.mentions)


def test_one_actor_counts_the_splits_the_issue_names() -> None:
    assert ev.one_actor(("Apple Inc.", "ORG"), ("Apple", "ORG"))  # legal suffix
    assert ev.one_actor(("INS", "ORG"), ("Immigration and Naturalization Service", "ORG"))
    assert ev.one_actor(("Ratners", "PERSON"), ("Ratners Group PLC", "ORG"))  # company words
    assert not ev.one_actor(("United Nations", "ORG"), ("United Nations Security Council", "ORG"))
    assert not ev.one_actor(("United States", "GPE"), ("United States Congress", "ORG"))


def test_reading_prints_the_share_right_per_set_and_side(tmp_path: Path, capsys) -> None:
    path = tmp_path / "reading.tsv"
    rows = [
        "# comment",
        "set\tarticle\tside\tname\ttype\tverdict\tnote",
        "A\tx.tml\tbefore\tIraq\tGPE\tright\t",
        "A\tx.tml\tbefore\tLybia\tGPE\twrong\tsplit",
        "A\tx.tml\tafter\tIraq\tGPE\tright\t",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    ev.reading(path)
    out = capsys.readouterr().out
    assert "A after: 1/1 right (1.000)" in out and "A before: 1/2 right (0.500)" in out


def test_relations_reader_keeps_only_relations_between_different_actors(tmp_path: Path) -> None:
    folder = tmp_path / "Source"
    folder.mkdir()
    row = {"type": "FightingAgainst", "documentId": "d1", "confidence": 1}
    row |= {"sourceBegin": 0, "sourceEnd": 4, "targetBegin": 5, "targetEnd": 9}
    same = row | {"type": "CoLocated"}  # one may be in the other: no sign of two actors
    (folder / "relations.json").write_text(json.dumps(row) + "\n" + json.dumps(same) + "\n")
    assert ev.read_relations(tmp_path) == {"d1": [(0, 4, 5, 9, "FightingAgainst")]}
