"""The cached lemmatizer gives exactly the lemmas spaCy's ``lemmatizer`` gives."""

from __future__ import annotations

import re

import pytest
from spacy.language import Language

from service.extract import lemmas
from service.extract.lemmas import CachedLemmatizer
from tests.conftest import ROOT, SEED_PATH, parsed_up_to

_TEMPEVAL = ROOT.parent / "shared" / "data" / "tempeval3" / "train" / "TimeBank"
_MIXED = """The leaders were meeting; they'd met before and are meeting again. Better prices,
best offers, worse news: the children's mice ran. She has been saying it. I ain't gonna go.
Exports rose 5% to $2bn, rising faster than imports had risen."""


def _assert_same(nlp: Language, texts: list[str]) -> int:
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert CachedLemmatizer.supports(lemmatizer)
    cached = CachedLemmatizer(lemmatizer)
    differ = 0
    for text in texts:
        parsed = parsed_up_to(nlp, text, "lemmatizer")
        expected = [t.lemma_ for t in lemmatizer(parsed.copy())]
        # Twice: the second run reads every answer from the cache.
        for _ in range(2):
            got = [t.lemma_ for t in cached(parsed.copy())]
            assert got == expected
        differ += sum(t.lemma_ != t.text for t in lemmatizer(parsed.copy()))
    return differ


def test_same_lemmas_as_spacy(spacy_nlp: Language, seed_text: str) -> None:
    # Lemmas that differ from the word must be there, or doing nothing would pass.
    assert _assert_same(spacy_nlp, [seed_text, _MIXED, "", " ", "\n\n"]) > 150


@pytest.mark.slow  # every TimeBank document
@pytest.mark.skipif(not _TEMPEVAL.is_dir(), reason="TimeBank not beside the project")
def test_same_as_spacy_on_timebank(spacy_nlp: Language) -> None:
    texts = [re.sub(r"<[^>]+>", "", p.read_text("utf-8")) for p in sorted(_TEMPEVAL.glob("*.tml"))]
    assert _assert_same(spacy_nlp, texts[:60]) > 5_000


def test_cache_is_bounded(
    spacy_nlp: Language, monkeypatch: pytest.MonkeyPatch, seed_text: str
) -> None:
    monkeypatch.setattr(lemmas, "MAX_CACHED", 50)
    cached = CachedLemmatizer(spacy_nlp.get_pipe("lemmatizer"))
    cached(parsed_up_to(spacy_nlp, seed_text, "lemmatizer"))
    assert len(cached._lemmas) > 50  # one article fills it past the limit
    mixed = parsed_up_to(spacy_nlp, _MIXED, "lemmatizer")
    cached(mixed.copy())
    # Emptied before the next article: only that article's answers are kept.
    assert len(cached._lemmas) == len({(t.orth, t.pos, t.morph.key) for t in mixed if not t.lemma})


def test_service_pipeline_uses_it(nlp: Language) -> None:
    assert "cached_lemmatizer" in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names
    doc = nlp(SEED_PATH.read_text(encoding="utf-8"))
    assert {"say", "be"} <= {t.lemma_ for t in doc}
