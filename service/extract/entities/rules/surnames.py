"""A lone surname (or given name) of a person named in full in the article is that person."""

from __future__ import annotations

from spacy.tokens import Span

from service.extract.entities.names import name_parts
from service.extract.entities.spans import NameSet
from service.knowledge import actors


def apply(names: NameSet, kb: actors.KnowledgeBase) -> None:
    parts = person_parts(names.spans)
    if not parts:
        return
    doc = names.doc
    result = []
    for span in names.spans:
        text = span.text.title() if span.text.isupper() else span.text
        if span.label_ != "PERSON" and text in parts and len(span) <= 2:
            span = Span(doc, span.start, span.end, label="PERSON")
        result.append(span)
    names.spans = result
    for token in names.tokens:
        text = token.text.title() if token.text.isupper() else token.text  # "SHEARER"
        if not names.taken[token.i] and text in parts and token.text[:1].isupper():
            names.add(Span(doc, token.i, token.i + 1, label="PERSON"))


def person_parts(spans: list[Span]) -> set[str]:
    """Surnames and given names of the people named in full ("D. Gough" gives "Gough")."""
    parts: set[str] = set()
    for span in spans:
        if span.label_ == "PERSON" and len(span) > 1:
            words = [t.text for t in span if t.text[:1].isupper() and t.text.rstrip(".").isalpha()]
            if len(words) > 1:
                parts.update(w for w in name_parts(words) if len(w) > 2)
    return parts
