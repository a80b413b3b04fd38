"""Which entities can hold or receive a stance, and how they stand to their countries.

An entity's kind (country, bloc, city...) is the entities section's: ``Entity.kind``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from service.extract.results import Entity
from service.extract.stances import rules
from service.extract.stances.lexicon import roles as role_words
from service.extract.stances.roles import PLACE_KINDS, Actor, MentionIndex
from service.knowledge.actors import cues as entity_cues

#: Entity types that can hold or receive a stance (OntoNotes labels, as the entities section
#: gives them); dates, events and works are not actors. Facilities are: "the White House" and
#: "the Pentagon" speak for governments.
ACTOR_TYPES: frozenset[str] = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
#: Knowledge-base kinds of organisations that speak for their state (government bodies, state
#: media); companies and groups the text names do not.
STATE_BODY_KINDS: frozenset[str] = frozenset({"org", "seat"})
#: Titles of office: a person the article names by one speaks for the country ("Foreign Minister
#: Louis Michel"); any other person is an actor of their own (stance_roles.yaml).
OFFICE_TITLES = role_words()["office_titles"]
#: Prepositions after which a city or region is a place, not an actor (entity_cues.yaml).
_LOCATIVE_PREPOSITIONS = entity_cues()["locative_preps"]


@dataclass(slots=True)
class Actors:
    """The article's actors, the mention index over them, and their countries."""

    by_id: dict[str, Entity]
    index: MentionIndex
    #: ISO alpha-3 code -> id of the entity that is that country.
    countries: dict[str, str]
    #: Every mention of an actor that can take a role (datelines are not), in text order.
    mentions: list[Actor]
    #: People who hold an office: the knowledge base's, or titled so in the article.
    officials: frozenset[str] = frozenset()

    def lift(self, eid: str) -> str:
        """The country an official or state body speaks for (Xi -> China, the Kremlin's
        ministry -> Russia), else itself. Groups, companies and private people are actors of
        their own: "aid to the Syrian opposition" is no aid to Syria, "Samsung sued Apple" no
        stance of South Korea, an exiled millionaire's bombings none of Saudi Arabia."""
        e = self.by_id[eid]
        speaks = eid in self.officials if e.type == "PERSON" else e.kind in STATE_BODY_KINDS
        if e.country in self.countries and speaks:
            return self.countries[e.country]
        return eid

    def own_country(self, a: str, b: str) -> bool:
        """A person or organisation and its own country (Xi and China)."""
        return a != b and (self.lift(a) == b or self.lift(b) == a)


#: A wire dateline at the start of a line: "HARARE --", "TOKYO , Feb 18 ( AFP ) --", "WASHINGTON
#: (Reuters) -". The place and the agency it names are where and by whom, not actors.
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z.'’ -]{2,40}(?:\s*,[^\n]{0,40}?)?(?:\s*\([^()\n]{1,40}\))?\s*(?:--|-|–|—)\s",
    re.MULTILINE,
)


def datelines(text: str) -> list[tuple[int, int]]:
    """Character spans of the article's datelines."""
    return [(m.start(), m.end()) for m in _DATELINE.finditer(text)]


def find_actors(doc: Doc, entities: list[Entity]) -> Actors:
    actors = [e for e in entities if e.type in ACTOR_TYPES and e.mentions]
    countries: dict[str, str] = {}
    for e in actors:
        if e.type == "GPE" and e.country and (e.kind == "country" or _metonym(e)):
            countries.setdefault(e.country, e.id)
    country_ids = set(countries.values())
    actors = [e for e in actors if not _place_only(doc, e, country_ids)]
    by_token: dict[int, Actor] = {}
    mentions: list[Actor] = []
    lines = datelines(doc.text)
    for e in actors:
        for m in e.mentions:
            if any(a <= m.start < b for a, b in lines):
                continue
            actor = Actor(e.id, m)
            mentions.append(actor)
            span = rules.token_span(doc, m.start, m.end)
            if span is not None:
                for t in span:
                    by_token.setdefault(t.i, actor)
    mentions.sort(key=lambda a: a.mention.start)
    places = frozenset(e.id for e in actors if e.kind in PLACE_KINDS)
    officials = frozenset(
        e.id for e in actors if e.type == "PERSON" and (e.kind == "person" or _titled(doc, e))
    )
    index = MentionIndex(by_token, places)
    return Actors({e.id: e for e in actors}, index, countries, mentions, officials)


def _titled(doc: Doc, e: Entity) -> bool:
    """A mention of the person carries a title of office: "President Mugabe", "Russia's foreign
    minister, Sergei Lavrov", "Lavrov, the foreign minister"."""
    for m in e.mentions:
        span = rules.token_span(doc, m.start, m.end)
        if span is None:
            continue
        root = span.root
        near = [*span, *(c for t in span for c in t.children if c.dep_ in ("compound", "appos"))]
        if root.dep_ in ("appos", "compound"):
            near.append(root.head)
        if span.start > 0:
            near.append(doc[span.start - 1])  # "Foreign Minister Tien Hung-mao"
        if any(t.lemma_.lower() in OFFICE_TITLES or t.lower_ in OFFICE_TITLES for t in near):
            return True
    return False


def _metonym(e: Entity) -> bool:
    return any(m.metonym for m in e.mentions)


def _place_only(doc: Doc, e: Entity, country_ids: set[str]) -> bool:
    """A city or region named only as a place ("talks in Blagoveshchensk") is no actor; one that
    acts or is acted on ("Michigan blamed the EPA") is, as a capital standing for its government
    is."""
    if e.type != "GPE" or not e.country or e.id in country_ids or _metonym(e):
        return False
    for m in e.mentions:
        span = rules.token_span(doc, m.start, m.end)
        if span is None:
            continue
        root = span.root
        if not (root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE_PREPOSITIONS):
            return False
    return True
