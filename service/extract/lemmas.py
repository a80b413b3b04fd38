"""spaCy's rule lemmatizer, each answer computed once per process and applied as an array.

spaCy's ``lemmatizer`` walks the document token by token and, for the base forms that are most
of news (a singular noun, an infinitive), recomputes the answer from the token's morphology on
every occurrence: its cache skips them. The lemma depends only on the word, its POS and its
morphology, the key spaCy's own cache uses; here every answer is kept under that key, and the
document's columns are read and written in one array each. The answers are spaCy's own, so the
lemmas are the same: ``tests/test_lemmas.py`` compares both.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

#: Answers kept at most: a stream of new words (a hostile body) must not grow memory forever.
MAX_CACHED = 200_000


class CachedLemmatizer:
    """Lemmatizes as ``lemmatizer`` does, asking it once per (word, POS, morphology)."""

    def __init__(self, lemmatizer: Lemmatizer | None = None) -> None:
        self.lemmatizer = lemmatizer
        self._lemmas: dict[tuple[int, ...], int] = {}

    @staticmethod
    def supports(lemmatizer: object) -> bool:
        # The rule mode is the one whose answer is a function of that key.
        return isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule"

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or self.lemmatizer is None:
            return doc
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = columns[:, 3].copy()
        todo = (
            range(len(doc)) if self.lemmatizer.overwrite else np.flatnonzero(lemmas == 0).tolist()
        )
        keys = columns[:, :3].tolist()
        known = self._lemmas
        if len(known) > MAX_CACHED:
            known.clear()
        add = doc.vocab.strings.add
        for i in todo:
            key = tuple(keys[i])
            lemma = known.get(key)
            if lemma is None:
                lemma = known[key] = add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas)
        return doc


@Language.factory("cached_lemmatizer", assigns=["token.lemma"])
def _make_cached_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    # Without a lemmatizer until ``use_cached_lemmatizer`` hands it the loaded one.
    return CachedLemmatizer()


def use_cached_lemmatizer(nlp: Language) -> None:
    """Swap the pipeline's rule ``lemmatizer`` for a :class:`CachedLemmatizer`, in its place."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not CachedLemmatizer.supports(lemmatizer):
        return
    component = nlp.add_pipe("cached_lemmatizer", before="lemmatizer")
    component.lemmatizer = lemmatizer
    nlp.remove_pipe("lemmatizer")
