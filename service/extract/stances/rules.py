"""Parse helpers the stance links read: the speaker, negation, hedging, coordination, paths."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from service.extract.stances.lexicon import HEDGE, NEGATOR, SPEECH, Cue

#: Role nouns and pronouns that refer back to the last named speaker ("the official added").
_ANAPHORIC_SPEAKERS = frozenset(
    {
        "he",
        "she",
        "they",
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "ministry",
        "statement",
        "president",
        "leader",
        "diplomat",
        "ambassador",
    }
)
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_QUOTES = "\"“”‘’'«»"

#: Plural references to two actors named earlier: (pattern, entity types they refer to).
PAIR_ANAPHORS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"\b(?:the|both) (?:two )?leaders\b", re.I), frozenset({"PERSON"})),
    (
        re.compile(
            r"\b(?:the (?:two|pair)|both)(?: (?:countries|nations|sides|states|governments|"
            r"neighbou?rs|capitals))?\b(?! of)",
            re.I,
        ),
        frozenset({"GPE", "ORG", "NORP"}),
    ),
)


def token_span(doc: Doc, start: int, end: int) -> SpacySpan | None:
    return doc.char_span(start, end, alignment_mode="expand")


def speaker_tokens(sent: SpacySpan, cues: list[Cue]) -> tuple[list[Token], bool]:
    """Tokens naming who the sentence's statement is attributed to, and whether the subject is
    anaphoric (a role noun or pronoun standing for an earlier speaker)."""
    doc = sent.doc
    for cue in cues:
        if cue.kind != SPEECH:
            continue
        token = doc[cue.start]
        if token.lower_ == "according":
            # "according to CCTV": the object of "to".
            for prep in token.children:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return list(obj.subtree), False
            if cue.end < sent.end:
                return list(doc[cue.end].subtree), False
            continue
        if token.pos_ not in ("VERB", "AUX"):
            continue
        for child in token.children:
            if child.dep_ in _SUBJECTS:
                anaphoric = child.lemma_.lower() in _ANAPHORIC_SPEAKERS or child.pos_ == "PRON"
                return list(child.subtree), anaphoric
    return [], False


def is_quote_only(sent: SpacySpan) -> bool:
    """A sentence that is all quotation, continuing an earlier speaker's words."""
    text = sent.text.strip()
    return len(text) > 1 and text[0] in _QUOTES and text.rstrip(".")[-1] in _QUOTES


def is_negated(token: Token) -> bool:
    """True if the cue is negated ("did not condemn") or cancelled ("refuses to condemn")."""
    if any(c.dep_ == "neg" or c.lower_ in ("never", "no") for c in token.children):
        return True
    current = token
    for _ in range(2):
        purpose = current.dep_ == "advcl" and _infinitive(current)
        if not purpose and current.dep_ not in (
            "xcomp",
            "ccomp",
            "dobj",
            "pobj",
            "prep",
            "aux",
            "amod",
        ):
            break
        head = current.head
        if head is current:
            break
        if head.lemma_.lower() in _NEGATOR_LEMMAS:
            return True
        if any(c.dep_ == "neg" for c in head.children) and (current.dep_ == "xcomp" or purpose):
            # "will not be sent to fight the Taliban": no fight is stated.
            return True
        current = head
    return False


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


# Filled from the lexicon at first use (the single-word negators).
_NEGATOR_LEMMAS: set[str] = set()


def set_negators(words: set[str]) -> None:
    _NEGATOR_LEMMAS.update(words)


def hedged(cues: list[Cue]) -> bool:
    return any(c.kind == HEDGE for c in cues)


def dependency_path(a: Token, b: Token) -> list[Token]:
    """Tokens on the tree path between two tokens, both ends and the common ancestor included."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    in_b = {t.i for t in up_b}
    path: list[Token] = []
    common: Token | None = None
    for t in up_a:
        path.append(t)
        if t.i in in_b:
            common = t
            break
    if common is None:
        return path + up_b
    for t in up_b:
        if t.i == common.i:
            break
        path.append(t)
    return path


def coordinated(a: Token, b: Token) -> bool:
    """ "Beijing and Moscow", "the EU and the US": conjuncts of one another."""
    return b in a.conjuncts


def negator_words(entries: dict[str, list[object]]) -> set[str]:
    return {
        key
        for key, items in entries.items()
        for e in items
        if getattr(e, "kind", None) == NEGATOR and len(getattr(e, "words", ())) == 1
    }
