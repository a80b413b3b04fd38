"""The tense a date is told in: -1 past, +1 future, 0 present or unknown, from the verb that
governs the expression in the parse. Relative dates resolve in that direction ("Tuesday" in
"he said on Tuesday" is the last one, in "will meet Tuesday" the next)."""

from __future__ import annotations

from bisect import bisect_right

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Token

from service.extract.dates.accept import TokenIndex
from service.extract.dates.lexicon import lexicon
from service.extract.dates.timex_arith import Direction

#: "will", "'ll", "shall", "wo" (of "won't"): the verb they help is in the future.
_FUTURE_AUX = frozenset(lexicon()["cues"]["future_auxiliaries"])
#: "expected to arrive Friday", "due to expire Tuesday": an infinitive after them is ahead.
_FUTURE_VERBS = frozenset(lexicon()["cues"]["future_verbs"])


class SentenceRoots:
    """The root of the sentence holding a token, each sentence's found once.

    ``Token.sent`` walks its whole sentence on every access: over a run-on text of thousands of
    tokens ("February 24, 2022 last year 3 p.m. ..." without a full stop) that was quadratic.
    """

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        flags = doc.to_array(SENT_START).tolist() if len(doc) else []
        self._starts = [0, *(i for i, flag in enumerate(flags) if flag == 1 and i > 0)]
        self._roots: dict[int, Token] = {}

    def __getitem__(self, i: int) -> Token:
        k = bisect_right(self._starts, i) - 1
        start = self._starts[k]
        root = self._roots.get(start)
        if root is None:
            end = self._starts[k + 1] if k + 1 < len(self._starts) else len(self._doc)
            root = self._roots[start] = self._doc[start:end].root
        return root


def direction(
    doc: Doc,
    token_at: TokenIndex,
    start: int,
    end: int,
    tenses: dict[int, Direction],
    roots: SentenceRoots,
) -> Direction:
    """-1 past, +1 future, 0 present/unknown: the tense of the verb governing the expression.

    ``tenses`` caches the answer per governing verb: reading a verb's children costs as many
    steps as it has, and in a run-on sentence every expression hangs from the same root."""
    span = doc[token_at[start] : token_at[max(start, end - 1)] + 1]
    verb: Token | None = None
    node = span.root
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass"):
            verb = node
            break
        if node.head is node:
            break
        node = node.head
    if verb is None:
        verb = roots[span.root.i]
    if verb.i not in tenses:
        tenses[verb.i] = _governing_tense(verb)
    return tenses[verb.i]


def _governing_tense(verb: Token) -> Direction:
    for _ in range(3):
        tense = _verb_tense(verb)
        if tense is not None:
            return tense
        if verb.head is verb:
            break
        # An infinitive or participle takes the tense of the verb it depends on, except after
        # verbs of planning ("expected to arrive Friday") and "be to" ("is to resume Tuesday").
        if verb.tag_ == "VB" and (
            verb.head.lemma_ in _FUTURE_VERBS
            or (verb.head.lemma_ == "be" and any(c.lower_ == "to" for c in verb.children))
        ):
            # "had been scheduled to expire Friday": a plan the story has overtaken, so past.
            return -1 if _past_perfect(verb.head) else 1
        verb = verb.head
    return 0


def _past_perfect(word: Token) -> bool:
    """ "had" among the auxiliaries of ``word`` or, for "had been due to", of its copula."""
    heads = (word, word.head) if word.dep_ in ("acomp", "attr") else (word,)
    return any(c.lower_ == "had" and c.dep_ == "aux" for h in heads for c in h.children)


def _verb_tense(verb: Token) -> Direction | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX or verb.lower_ in _FUTURE_AUX:
        return 1
    if "going" in words and "to" in words:
        return 1
    tags = {a.tag_ for a in auxes} | {verb.tag_}
    if "VBD" in tags:
        return -1
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return -1
    if tags & {"VBZ", "VBP"} or "MD" in tags:
        return 0
    return None
