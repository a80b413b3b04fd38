"""'Pete Sampras ( U.S. )': a name followed by its country in brackets is a competitor.

Results and line-ups in wire news give each person's country this way."""

from __future__ import annotations

from spacy.tokens import Span

from service.extract.entities.spans import NameSet, capitalized_run, kind
from service.knowledge import actors


def apply(names: NameSet, kb: actors.KnowledgeBase) -> None:
    doc, tokens = names.doc, names.tokens
    countries = {s.start: s for s in names.spans if kind(s, kb) == "country"}
    for token in tokens:
        if token.text != "(" or token.i + 1 not in countries:
            continue
        country = countries[token.i + 1]
        if country.end >= len(tokens) or tokens[country.end].text != ")":
            continue
        start = capitalized_run(tokens, token.i)
        if token.i - start < 2:  # a lone word is too often a team or a place
            continue
        candidate = Span(doc, start, token.i, label="PERSON")
        inside = [s for s in names.spans if s.start < candidate.end and s.end > candidate.start]
        if any(s.kb_id_ or s.label_ == "PERSON" for s in inside):
            continue
        names.replace(candidate)
