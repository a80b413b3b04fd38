"""'U.S. Open', 'Asian Games': a place or people named before an event word is the event."""

from __future__ import annotations

from spacy.tokens import Span

from service.extract.entities.spans import NameSet
from service.knowledge import actors

_HEADS = actors.cues()["event_heads"]


def apply(names: NameSet, kb: actors.KnowledgeBase) -> None:
    doc, tokens = names.doc, names.tokens
    for span in list(names.spans):
        if span.label_ not in ("GPE", "NORP", "LOC"):
            continue
        end = span.end
        while end < len(tokens) and end - span.end < 3 and tokens[end].text[:1].isupper():
            end += 1
            if doc[span.end : end].text in _HEADS or tokens[end - 1].text in _HEADS:
                if names.free(span.end, end):
                    names.replace(Span(doc, span.start, end, label="EVENT"))
                break
