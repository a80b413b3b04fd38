"""'the city of Hehe': the proper noun after a place noun and 'of' is a place, and so is the
same name elsewhere in the article ("the Damascus suburb of Darayya" ... "Darayya's
attackers"), whatever the model called it there."""

from __future__ import annotations

from spacy.tokens import Span

from service.extract.entities.spans import NameSet
from service.knowledge import actors

_PLACE_NOUNS = actors.cues()["place_nouns"]
_PROPER_TAGS = ("NNP", "NNPS")


def apply(names: NameSet, kb: actors.KnowledgeBase) -> None:
    doc, tokens = names.doc, names.tokens
    by_start = {s.start: s for s in names.spans}
    result = list(names.spans)
    named: set[str] = set()
    for token in tokens:
        if token.lower_ != "of" or token.i == 0 or tokens[token.i - 1].lower_ not in _PLACE_NOUNS:
            continue
        i = token.i + 1
        j = i
        while j < len(tokens) and tokens[j].tag_ in _PROPER_TAGS and tokens[j].text[:1].isupper():
            j += 1
        if j == i:
            continue
        existing = by_start.get(i)
        if existing is not None and existing.end == j:
            if existing.label_ in ("PERSON", "ORG", "NORP") and not existing.kb_id_:
                result[result.index(existing)] = Span(doc, i, j, label="GPE")
                named.add(existing.text)
        elif names.free(i, j):
            result.append(Span(doc, i, j, label="GPE"))
            named.add(doc[i:j].text)
            names.cover(i, j)
    if named:
        result = [
            Span(doc, s.start, s.end, label="GPE")
            if s.text in named and not s.kb_id_ and s.label_ in ("PERSON", "ORG", "NORP")
            else s
            for s in result
        ]
    names.spans = result
