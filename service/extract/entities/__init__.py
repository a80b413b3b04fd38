"""Entities section: the actors an article names, one item per real-world entity."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from service.extract.model import Entity, Mention

#: spaCy (OntoNotes) labels that name actors and places; numbers and dates belong elsewhere.
ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")

_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")


def _key(text: str) -> str:
    """Normalized name used to group mentions of one entity."""
    return _POSSESSIVE.sub("", _LEADING_THE.sub("", text.strip())).casefold()


def extract_entities(doc: Doc) -> list[Entity]:
    groups: dict[tuple[str, str], list[Mention]] = {}
    for ent in doc.ents:
        if ent.label_ not in ENTITY_TYPES:
            continue
        key = (_key(ent.text), ent.label_)
        if not key[0]:
            continue
        groups.setdefault(key, []).append(
            Mention(text=ent.text, start=ent.start_char, end=ent.end_char)
        )
    entities = []
    for index, ((_, label), mentions) in enumerate(groups.items(), start=1):
        name = max((m.text for m in mentions), key=len)
        entities.append(Entity(id=f"E{index}", name=name, type=label, mentions=mentions))
    _score_salience(entities, len(doc.text))
    return entities


def _score_salience(entities: list[Entity], length: int) -> None:
    """Mention share and earliness, combined into [0, 1]."""
    if not entities:
        return
    most = max(len(e.mentions) for e in entities)
    for e in entities:
        first = min(m.start for m in e.mentions) / max(length, 1)
        e.salience = round(0.7 * len(e.mentions) / most + 0.3 * (1.0 - first), 3)
