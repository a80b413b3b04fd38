"""Names the ``news_names`` component adds after the model's and the knowledge base's.

- nationality groups: "the Syrian opposition", "Palestinian security forces" (issue 18);
- a company's short name the model missed ("Weisfield's shares" after "Weisfield's Inc.");
- ``placed``: whether a name is written as a place, which first-level regions need.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from service.extract.entities.merge import company_core
from service.knowledge import actors

_CUES = actors.cues()
PLACE_PREPS = _CUES["place_preps"]

GROUP_ORG = _CUES["group_heads_org"]
GROUP_PEOPLE = _CUES["group_heads_people"]
_MODIFIERS = ("NOUN", "PROPN", "ADJ")


def nationality_groups(
    doc: Doc, tokens: list[Token], spans: list[Span], taken: list[bool], kb: actors.KnowledgeBase
) -> list[Span]:
    """'the Syrian opposition', 'Palestinian security forces': a nationality adjective on a group
    noun is a group of its own (ORG, or NORP for a people), affiliated to the country, not a
    mention of the state; "Chinese customs data" stays a mention of China. The span gets the
    role ``group`` with the adjective's entry, so the entities step knows its country."""
    result = []
    for span in spans:
        entry_id, _, role = span.kb_id_.partition("|")
        if role != actors.ADJECTIVE or kb.entries[entry_id].kind not in ("country", "bloc"):
            result.append(span)
            continue
        end = None
        label = "ORG"
        j = span.end
        while j < len(tokens) and j - span.end < 3 and not taken[j]:
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
        for i in range(span.end, end):
            taken[i] = True
    return result


def company_short_mentions(
    doc: Doc, tokens: list[Token], spans: list[Span], taken: list[bool]
) -> list[Span]:
    """'Weisfield's shares soared' after "Weisfield's Inc.": the first word of a company named in
    full with its legal suffix or company word, written alone and untagged, is that company."""
    cores = set()
    for span in spans:
        if span.label_ == "ORG" and not span.kb_id_:
            core = company_core(span.text)
            if core is not None and len(core) == 1 and len(core[0]) > 3:
                cores.add(core[0])
    if not cores:
        return spans
    for token in tokens:
        if not taken[token.i] and token.tag_ == "NNP" and token.lower_ in cores:
            spans.append(Span(doc, token.i, token.i + 1, label="ORG"))
            taken[token.i] = True
    return spans


_REGION_NOUNS = frozenset({"province", "region", "governorate", "state", "oblast", "district"})


def placed(tokens: Sequence[Token] | Doc, start: int, end: int) -> bool:
    """Is the name at tokens[start:end] written as a place: tagged one by the model, after a
    place preposition ("in Anbar", "Near Raqqah") or before a region noun ("Helmand province")?
    First-level region names are often also words, people's names or titles."""
    if tokens[start].ent_type_ in ("GPE", "LOC"):
        return True
    if start > 0 and tokens[start - 1].lower_ in PLACE_PREPS:
        return True
    if end + 1 < len(tokens) and tokens[end].text == "," and tokens[end + 1].ent_type_ == "GPE":
        return True  # "Raqqah, Syria"
    return end < len(tokens) and tokens[end].lower_ in _REGION_NOUNS
