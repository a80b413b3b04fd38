"""The news NER component (service/extract/news_ner.py): shipped weights, loading without a
network, what it writes and leaves alone, and its BILUO decoding."""

from __future__ import annotations

import fnmatch
import socket
import tomllib

import numpy
import pytest
import spacy
from spacy.language import Language

from service.config import Settings
from service.extract import news_ner, pipeline
from service.extract.entities import vote
from tests.conftest import ROOT

# ../shared/data/conll2003/eng.testa, document 1 (a Reuters cricket report), sentences 3 and 4.
CONLL_RIVALS = (
    "Their stay on top , though , may be short-lived as title rivals Essex , Derbyshire and "
    "Surrey all closed in on victory while Kent made up for lost time in their rain-affected "
    "match against Nottinghamshire ."
)
CONLL_SIMMONS = (
    "West Indian all-rounder Phil Simmons took four for 38 on Friday as Leicestershire beat "
    "Somerset by an innings and 39 runs in two days to take over at the head of the county "
    "championship ."
)


@pytest.fixture(scope="module")
def voting_nlp() -> Language:
    """The service's pipeline with ``news_names`` voting by ``types`` (the default is off)."""
    nlp = pipeline.load_model(Settings().spacy_model)
    nlp.add_pipe("news_names", after="ner", config={"vote": "types"})
    pipeline._add_components(nlp)
    return nlp


def test_weights_are_small_package_data_with_their_licence_note() -> None:
    files = sorted(p for p in news_ner.WEIGHTS.iterdir() if p.is_file())
    assert [p.name for p in files] == ["README.md", "cfg", "model"]
    assert sum(p.stat().st_size for p in files) < 8_000_000
    note = (news_ner.WEIGHTS / "README.md").read_text(encoding="utf-8")
    assert "CoNLL-2003" in note and "research use" in note and "never the sentences" in note
    # Every file is package data, so a wheel and an installed package (the container) hold it.
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = [*data["package-data"]["*"], *data["package-data"]["service.extract"]]
    for path in files:
        relative = str(path.relative_to(ROOT / "service" / "extract"))
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), relative


def test_the_component_loads_from_the_package_without_a_network(monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the news NER tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("news_ner")
    assert {"U-PER", "B-ORG", "L-LOC", "I-MISC", "O"} <= set(pipe.labels)


def test_the_default_pipeline_leaves_it_out(nlp: Language) -> None:
    # Off by default (vote.DEFAULT): no time spent, the small model's names as before.
    assert vote.DEFAULT == "off"
    assert "news_ner" not in nlp.pipe_names
    assert nlp.get_pipe("news_names").vote == "off"


def test_a_voting_pipeline_runs_it_before_the_vote(voting_nlp: Language) -> None:
    names = voting_nlp.pipe_names
    assert names.index("tok2vec") < names.index("news_ner") < names.index("news_names")


def test_it_writes_spans_and_leaves_the_small_models_annotations(voting_nlp: Language) -> None:
    doc = voting_nlp(CONLL_SIMMONS)
    with voting_nlp.select_pipes(disable=["news_ner"]):
        bare = voting_nlp(CONLL_SIMMONS)
    assert [(e.start, e.end, e.label_) for e in doc.ents] == [
        (e.start, e.end, e.label_) for e in bare.ents
    ]
    assert [t.tag_ for t in doc] == [t.tag_ for t in bare]
    found = {(s.text, s.label_) for s in doc.spans[news_ner.SPAN_KEY]}
    assert {("Phil Simmons", "PER"), ("Leicestershire", "ORG"), ("Somerset", "ORG")} <= found


def test_the_vote_takes_the_news_ners_type_of_county_teams(
    nlp: Language, voting_nlp: Language
) -> None:
    # The small model calls the county cricket teams people; the news NER, teams. Kent and
    # Surrey, which the knowledge base knows as places, are not retyped by it alone.
    bare, voted = nlp(CONLL_RIVALS), voting_nlp(CONLL_RIVALS)
    before = {(s.text, s.label_) for s in bare.spans["news_names"]}
    after = {(s.text, s.label_) for s in voted.spans["news_names"]}
    assert {("Derbyshire", "PERSON"), ("Nottinghamshire", "PERSON")} <= before
    assert {("Derbyshire", "ORG"), ("Nottinghamshire", "ORG")} <= after


def test_its_names_survive_a_parse_in_pieces(voting_nlp: Language) -> None:
    text = "\n\n".join([CONLL_SIMMONS] * 3)
    (doc,) = pipeline.parse(voting_nlp, [text], limit=60)
    found = [(s.text, s.label_) for s in doc.spans[news_ner.SPAN_KEY]]
    assert found.count(("Phil Simmons", "PER")) == 3


def _decode(tags_scores: list[dict[str, float]]) -> list[str]:
    labels = ("B-ORG", "B-PER", "I-PER", "L-ORG", "L-PER", "O", "U-PER")
    scores = numpy.full((len(tags_scores), len(labels)), 0.01, dtype="f")
    for i, row in enumerate(tags_scores):
        for tag, p in row.items():
            scores[i, labels.index(tag)] = p
    return news_ner.BiluoDecoder(labels)(scores)


def test_decoding_keeps_a_name_whole_where_the_likeliest_tags_break_it() -> None:
    # ../shared/data/re3d/UK Government/documents.json: "Philip Hammond condemns apparent
    # barrel bomb attacks in Syria"; the likeliest tags were B-PER, L-ORG.
    tags = _decode([{"B-PER": 0.6, "B-ORG": 0.2}, {"L-ORG": 0.5, "L-PER": 0.4}, {"O": 0.9}])
    assert tags == ["B-PER", "L-PER", "O"]


def test_decoding_leaves_plain_tags_as_they_are() -> None:
    tags = _decode([{"O": 0.9}, {"U-PER": 0.8}, {"O": 0.9}])
    assert tags == ["O", "U-PER", "O"]


@pytest.mark.parametrize(
    ("tags", "names"),
    [
        (["B-PER", "L-PER", "O"], [("Phil Simmons", "PER")]),
        (["B-PER", "I-PER", "O"], [("Phil Simmons", "PER")]),  # never closed: still a name
        (["I-PER", "U-ORG", "O"], [("Phil", "PER"), ("Simmons", "ORG")]),
    ],
)
def test_spans_of_tags_are_read_leniently(nlp: Language, tags, names) -> None:
    doc = nlp.make_doc("Phil Simmons took")
    assert [(s.text, s.label_) for s in news_ner.biluo_spans(doc, tags)] == names
