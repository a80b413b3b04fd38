"""'the Syrian opposition', 'Palestinian security forces': a nationality adjective on a group
noun is a group of its own (ORG, or NORP for a people), affiliated to the country, not a
mention of the state; "Chinese customs data" stays a mention of China (issue 18). The span gets
the role ``group`` with the adjective's entry, so the entities step knows its country."""

from __future__ import annotations

from spacy.tokens import Span

from service.extract.entities.spans import NameSet
from service.knowledge import actors

_CUES = actors.cues()
GROUP_ORG = _CUES["group_heads_org"]
GROUP_PEOPLE = _CUES["group_heads_people"]
_MODIFIERS = ("NOUN", "PROPN", "ADJ")


def apply(names: NameSet, kb: actors.KnowledgeBase) -> None:
    doc, tokens = names.doc, names.tokens
    result = []
    for span in names.spans:
        entry_id, _, role = span.kb_id_.partition("|")
        if role != actors.ADJECTIVE or kb.entries[entry_id].kind not in ("country", "bloc"):
            result.append(span)
            continue
        end = None
        label = "ORG"
        j = span.end
        while j < len(tokens) and j - span.end < 3 and not names.taken[j]:
            token = tokens[j]
            if token.pos_ not in _MODIFIERS or not token.is_alpha:
                break
            if token.text in GROUP_ORG or token.text in GROUP_PEOPLE:
                end, label = j + 1, "ORG" if token.text in GROUP_ORG else "NORP"
            j += 1
        if end is None or tokens[span.end - 1].head.i < span.end:
            result.append(span)  # "Chinese customs data"; "the rebels were Syrian"
            continue
        result.append(Span(doc, span.start, end, label=label, kb_id=f"{entry_id}|{actors.GROUP}"))
        names.cover(span.end, end)
    names.spans = result
