"""The array attribute ruler gives exactly what spaCy's ``attribute_ruler`` gives."""

from __future__ import annotations

import re

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from service.extract.attributes import ArrayAttributeRuler
from tests.conftest import ROOT, SEED_PATH, parsed_up_to

# Contractions, dialect spellings and pronoun cases: the rules with IN, NOT_IN and REGEX tests.
_RULE_TEXT = """I ain't gonna say it, y'all. Nothin' doesn't matter, he said, and they'd seen
him. Give it to me! You told us you'd have done it; it is what it is. She's been there and
we're here, whether or not they'll come. Is that what you want? That ain't so. "Y' know," said
the man, who'd nothin' to add. What did they do? They did. It was cold, but we went anyway.
"""

_TEMPEVAL = ROOT.parent / "shared" / "data" / "tempeval3" / "train" / "TimeBank"


def _annotations(doc: Doc) -> list[tuple[str, str, str]]:
    return [(t.text, t.pos_, str(t.morph)) for t in doc]


def _assert_same(nlp: Language, texts: list[str]) -> int:
    ruler = nlp.get_pipe("attribute_ruler")
    assert ArrayAttributeRuler.supports(ruler)
    array_ruler = ArrayAttributeRuler()
    array_ruler.load_rules(ruler)
    changed = 0
    for text in texts:
        parsed = parsed_up_to(nlp, text, "attribute_ruler")
        expected = ruler(parsed.copy())
        got = array_ruler(parsed.copy())
        assert _annotations(got) == _annotations(expected)
        changed += sum(t.pos_ != "" for t in got)
    return changed


def test_same_pos_and_morphology_as_spacy(spacy_nlp: Language, seed_text: str) -> None:
    # Something must have been set, or two do-nothing rulers would pass.
    assert _assert_same(spacy_nlp, [seed_text, _RULE_TEXT, "", " ", "\n\n"]) > 500


@pytest.mark.slow  # every TimeBank document
@pytest.mark.skipif(not _TEMPEVAL.is_dir(), reason="TimeBank not beside the project")
def test_same_as_spacy_on_timebank(spacy_nlp: Language) -> None:
    texts = [re.sub(r"<[^>]+>", "", p.read_text("utf-8")) for p in sorted(_TEMPEVAL.glob("*.tml"))]
    assert _assert_same(spacy_nlp, texts[:60]) > 10_000


def test_service_pipeline_uses_it(nlp: Language) -> None:
    assert "array_attribute_ruler" in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names
    assert nlp.pipe_names.index("array_attribute_ruler") < nlp.pipe_names.index("cached_lemmatizer")
    doc = nlp(SEED_PATH.read_text(encoding="utf-8"))
    assert {t.pos_ for t in doc} >= {"PROPN", "VERB", "NOUN", "ADP", "PUNCT", "SPACE"}


def test_unreadable_rules_keep_spacys_ruler(spacy_nlp: Language) -> None:
    from spacy.pipeline import AttributeRuler

    ruler = AttributeRuler(spacy_nlp.vocab)
    ruler.add([[{"SHAPE": "Xxxx"}]], {"POS": "PROPN"})
    assert not ArrayAttributeRuler.supports(ruler)
    ruler = AttributeRuler(spacy_nlp.vocab)
    ruler.add([[{"LOWER": {"FUZZY": "colour"}}]], {"POS": "NOUN"})
    assert not ArrayAttributeRuler.supports(ruler)
