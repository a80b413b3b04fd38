"""The vote between the small model's names and the news NER's (service/extract/entities/vote.py),
on spans set by hand over real sentences, so each rule is tested apart from what the models say."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from service.extract.entities import vote
from service.knowledge import actors

# ../shared/data/conll2003/eng.testa, document 1 (a Reuters cricket report).
CONLL_SIMMONS = (
    "West Indian all-rounder Phil Simmons took four for 38 on Friday as Leicestershire beat "
    "Somerset by an innings and 39 runs in two days to take over at the head of the county "
    "championship ."
)
# ../shared/data/re3d/CENTCOM/documents.json (a strike report).
RE3D_MOSUL = "Near Mosul, five strikes engaged four ISIL tactical units"
# ../shared/data/tempeval3/train: AP900816-0139.tml (the second sentence shortened).
TIMEBANK_BUSH = (
    "Pentagon sources in Washington meanwhile said the Bush administration plans to deploy "
    "45,000 Marines to the region. Bush said so."
)


def _span(doc: Doc, text: str, label: str, nth: int = 0) -> Span:
    """The ``nth`` occurrence of ``text`` in ``doc`` as a span labelled ``label``."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    span = doc.char_span(start, start + len(text), label=label)
    assert span is not None
    return span


def _labels(spans: list[Span]) -> list[tuple[str, str]]:
    return [(s.text, s.label_) for s in spans]


@pytest.fixture(scope="module")
def kb() -> actors.KnowledgeBase:
    return actors.load()


def test_off_is_the_small_model_alone(nlp: Language) -> None:
    doc = nlp.make_doc(CONLL_SIMMONS)
    small = [_span(doc, "Leicestershire", "PERSON")]
    trained = [_span(doc, "Leicestershire", "ORG"), _span(doc, "Somerset", "ORG")]
    assert vote.vote(small, trained, "off") == small


def test_types_the_news_ner_types_a_name_the_small_model_mistypes(nlp: Language, kb) -> None:
    doc = nlp.make_doc(CONLL_SIMMONS)
    small = [_span(doc, "Phil Simmons", "PERSON"), _span(doc, "Leicestershire", "PERSON")]
    trained = [
        _span(doc, "Phil Simmons", "PER"),
        _span(doc, "Leicestershire", "ORG"),
        _span(doc, "Somerset", "ORG"),
    ]
    # Same extents only: Somerset, which the small model did not propose, is not added.
    assert _labels(vote.vote(small, trained, "types", kb)) == [
        ("Phil Simmons", "PERSON"),
        ("Leicestershire", "ORG"),
    ]


def test_a_known_place_is_not_made_a_person_by_the_news_ner_alone(nlp: Language, kb) -> None:
    doc = nlp.make_doc(RE3D_MOSUL)
    small = [_span(doc, "Mosul", "GPE")]
    trained = [_span(doc, "Mosul", "PER")]
    for mode in ("types", "agree"):
        assert _labels(vote.vote(small, trained, mode, kb)) == [("Mosul", "GPE")]


def test_a_name_keeps_the_type_both_models_agree_on_elsewhere(nlp: Language, kb) -> None:
    doc = nlp.make_doc(TIMEBANK_BUSH)
    small = [_span(doc, "Bush", "PERSON", 0), _span(doc, "Bush", "PERSON", 1)]
    # The news NER reads "the Bush administration" as a place, the later "Bush said" a person.
    trained = [_span(doc, "Bush", "LOC", 0), _span(doc, "Bush", "PER", 1)]
    assert _labels(vote.vote(small, trained, "types", kb)) == [
        ("Bush", "PERSON"),
        ("Bush", "PERSON"),
    ]


def test_agree_a_name_only_one_model_proposes_needs_evidence(nlp: Language, kb) -> None:
    doc = nlp.make_doc(CONLL_SIMMONS)
    small = [_span(doc, "West Indian", "NORP"), _span(doc, "Leicestershire", "ORG")]
    trained = [_span(doc, "Leicestershire", "ORG"), _span(doc, "Somerset", "ORG")]
    # "West Indian" (small model alone) and "Somerset" (news NER alone) occur once, and the
    # knowledge base knows neither: both need the article's support, which this one lacks.
    assert _labels(vote.vote(small, trained, "agree", kb)) == [("Leicestershire", "ORG")]
    # ``union`` keeps every name; ``trust`` keeps the news NER's alone.
    assert len(vote.vote(small, trained, "union", kb)) == 3
    assert _labels(vote.vote(small, trained, "trust", kb)) == [
        ("Leicestershire", "ORG"),
        ("Somerset", "ORG"),
    ]


def test_agree_a_name_that_recurs_is_kept(nlp: Language, kb) -> None:
    doc = nlp.make_doc(TIMEBANK_BUSH)
    small = [_span(doc, "Bush", "PERSON", 0), _span(doc, "Bush", "PERSON", 1)]
    assert _labels(vote.vote(small, [], "agree", kb)) == [("Bush", "PERSON"), ("Bush", "PERSON")]


def test_agree_the_news_ner_extent_leaves_the_title_out(nlp: Language, kb) -> None:
    doc = nlp.make_doc(CONLL_SIMMONS)
    # The small model runs the description into the name; the news NER does not.
    small = [_span(doc, "all-rounder Phil Simmons", "PERSON")]
    trained = [_span(doc, "Phil Simmons", "PER")]
    assert _labels(vote.vote(small, trained, "agree", kb)) == [("Phil Simmons", "PERSON")]


def test_an_unknown_mode_is_refused(nlp: Language) -> None:
    with pytest.raises(ValueError, match="vote mode"):
        vote.vote([], [], "majority")


def test_veto_drops_only_an_unsupported_name_the_news_ner_does_not_see(nlp: Language, kb) -> None:
    doc = nlp.make_doc(CONLL_SIMMONS)
    small = [_span(doc, "West Indian", "NORP"), _span(doc, "Leicestershire", "FAC")]
    trained = [_span(doc, "Leicestershire", "ORG")]
    # The small model's type stands; "West Indian", seen by the small model alone, goes.
    assert _labels(vote.vote(small, trained, "veto", kb)) == [("Leicestershire", "FAC")]
