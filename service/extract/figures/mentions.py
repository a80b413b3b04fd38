"""Who a mention of the article is, for the figures section: the entity of every mention, short
names the entities section left unmarked ("Blockbuster" after "Blockbuster Entertainment
Corp."), and the organisation "it", "its" and "the company" stand for (``Antecedents``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from service.extract.figures.lexicon import Lexicon
from service.extract.results import Entity

#: Entity types that are people: a person is a party only when the tree ties it to the figure.
PERSON_TYPES = frozenset({"PERSON", "PER", "person"})
#: Entity types an anaphor ("the company", "its") may stand for.
ORGANISATION_TYPES = frozenset({"ORG", "organisation", "organization"})
#: Entity types a pronoun may stand for when they are its speaker ("the United States said it
#: would provide"): states and groups as well as organisations.
SPEAKER_TYPES = ORGANISATION_TYPES | {"GPE", "NORP", "country", "group"}
Mentions = list[tuple[int, int, Entity]]


def is_organisation(entity: Entity, lex: Lexicon) -> bool:
    """An organisation, or a "person" whose name is a company's ("Jim Pattison Industries",
    "Price Stern Sloan Inc."): the small model types some companies as people."""
    if entity.type in ORGANISATION_TYPES:
        return True
    return entity.type in PERSON_TYPES and entity.name.split()[-1] in lex.company_suffixes


def is_person(entity: Entity, lex: Lexicon) -> bool:
    return entity.type in PERSON_TYPES and not is_organisation(entity, lex)


def mention_index(doc: Doc, entities: list[Entity]) -> Mentions:
    """(start, end, entity) for every mention, by character offsets. A "person" whose name
    starts an organisation's name in the article ("Poughkeepsie", "Poughkeepsie Savings Bank")
    is that organisation's short form, which the small model reads as a name of a person."""
    organisations = {tuple(e.name.split()): e for e in entities if e.type in ORGANISATION_TYPES}
    alias: dict[str, Entity] = {}
    for e in entities:
        if e.type not in PERSON_TYPES:
            continue
        words = tuple(e.name.split())
        longer = sorted(
            (n for n in organisations if len(n) > len(words) == 1 and n[0] == words[0]), key=len
        )
        # one company, perhaps named twice ("Poughkeepsie Savings", "Poughkeepsie Savings Bank")
        if longer and all(n == longer[-1][: len(n)] for n in longer):
            alias[e.id] = organisations[longer[-1]]
    rows = [(m.start, m.end, alias.get(e.id, e)) for e in entities for m in e.mentions]
    rows += short_names(doc, entities, rows)
    rows.sort(key=lambda r: r[0])
    return rows


#: Entity types of a token a short name may be (a name the model typed, or none at all).
_SHORT_NAME_TYPES = frozenset({"", "ORG", "PRODUCT"})


def short_names(doc: Doc, entities: list[Entity], rows: Mentions) -> Mentions:
    """Unmarked short forms of an organisation named in full before: "Blockbuster shares
    closed at $18.75" after "BLOCKBUSTER ENTERTAINMENT CORP.", "Starpointe holders" after
    "Starpointe Savings Bank". The first word of exactly one organisation's name of several
    words, written capitalised where no mention is, that the article never writes in lower
    case (so "First" of "First of America" or "General" of "General Motors" is none) and the
    model types as no place, nationality or person."""
    text = doc.text
    first: dict[str, Entity | None] = {}
    for e in entities:
        words = e.name.split()
        if e.type not in ORGANISATION_TYPES or len(words) < 2 or len(words[0]) < 4:
            continue
        key = words[0].casefold()
        first[key] = None if key in first and first[key] is not e else e
    if not first:
        return []
    covered = sorted((s, t) for s, t, _ in rows)
    starts = [s for s, _ in covered]
    out: Mentions = []
    lower_case: dict[str, bool] = {}
    for tok in doc:
        entity = first.get(tok.lower_) if tok.text[:1].isupper() else None
        if entity is None or tok.ent_type_ not in _SHORT_NAME_TYPES:
            continue
        if tok.is_stop:
            continue  # "First" of "First of America" opening a sentence
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if after is not None and after.text[:1].isupper() and not _continues(entity, after):
            continue  # "Esselte AB" is another company than "Esselte Business Systems Inc."
        if not entity.mentions or tok.idx <= min(m.start for m in entity.mentions):
            continue  # a short form follows the full name
        at = bisect_right(starts, tok.idx) - 1
        if at >= 0 and covered[at][1] > tok.idx:
            continue  # inside a mention already
        if tok.lower_ not in lower_case:
            pattern = rf"(?<![\w-]){re.escape(tok.lower_)}(?![\w-])"
            lower_case[tok.lower_] = re.search(pattern, text) is not None
        if lower_case[tok.lower_]:
            continue  # a word of the language ("general"), not a name
        out.append((tok.idx, tok.idx + len(tok.text), entity))
    return out


def _continues(entity: Entity, tok: Token) -> bool:
    words = [w.casefold() for w in entity.name.split()]
    return len(words) > 1 and words[1] == tok.lower_


@dataclass(slots=True)
class Antecedents:
    """Resolves "it", "its", "the company" in a sentence to an organisation mentioned just
    before: the subject of its own clause ("IMA lowered its offer"), the subject of the verb
    that reports it ("Dow Jones said it extended its offer"), the subject of the sentence
    before ("Phoenix has had losses. Its stock ..."), else the most salient organisation of the
    sentences before it. A subject that is a business the article does not name ("The
    extrusion unit produces ... it had sales") leaves "it" with no entity."""

    lex: Lexicon
    before: Mentions  # mentions of the few sentences before the figure's sentence
    previous: Span | None = None  # the sentence right before

    def mentions(self, sent: Span, sentence_mentions: Mentions) -> Mentions:
        out: Mentions = []
        for tok in sent:
            if not self._is_anaphor(tok):
                continue
            types = SPEAKER_TYPES if tok.lower_ in ("it", "its") else ORGANISATION_TYPES
            bound, entity = self._clause_subject(tok, sentence_mentions, types)
            if not bound:
                entity = self._speaker(tok, sentence_mentions, types)
            if not bound and entity is None and tok.lower_ in ("it", "its"):
                bound, entity = self._previous_subject(tok, sent, sentence_mentions, types)
            if not bound and entity is None:
                entity = self._salient(tok, sentence_mentions)
            if entity is not None:
                out.append((tok.idx, tok.idx + len(tok.text), entity))
        return out

    def _clause_subject(
        self, tok: Token, mentions: Mentions, types: frozenset[str]
    ) -> tuple[bool, Entity | None]:
        """ "IMA lowered its offer", "after extending its offer, IMA lowered it": the subject
        of the nearest clause over the pronoun that has one, when it is named (or unnamed:
        "the unit raised its prices"). (False, None) when the clause does not say."""
        if tok.lower_ != "its":
            return False, None  # "it" is itself a subject: its verb's subject says nothing
        for verb in tok.ancestors:
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects:
                continue  # "after extending its offer": the clause above controls it
            subject = subjects[0]
            if subject.left_edge.i <= tok.i <= subject.right_edge.i:
                return False, None  # "Its stock ... has been trading": no antecedent here
            return self._reading(subject, mentions, types)
        return False, None

    def _previous_subject(
        self, tok: Token, sent: Span, mentions: Mentions, types: frozenset[str]
    ) -> tuple[bool, Entity | None]:
        """ "Phoenix has had losses. Its stock ...": a pronoun with no subject before it in its
        sentence continues the subject of the sentence before."""
        if self.previous is None:
            return False, None
        if any(t.dep_ in ("nsubj", "nsubjpass") for t in sent.doc[sent.start : tok.i]) or any(
            sent.start_char <= s < tok.idx and self._fits(e, types) for s, _, e in mentions
        ):
            return False, None  # "Hudson's Bay said it", "gains for Du Pont ... its segment"
        subjects = [c for c in self.previous.root.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects:
            return False, None
        return self._reading(subjects[0], self.before, types)

    def _reading(
        self, subject: Token, mentions: Mentions, types: frozenset[str]
    ) -> tuple[bool, Entity | None]:
        for start, end, entity in mentions:
            if start <= subject.idx < end:
                return (True, entity) if self._fits(entity, types) else (False, None)
        lemma = subject.lemma_.lower()
        if subject.tag_ == "NN" and lemma in self.lex.unnamed_business_nouns:
            return True, None
        return False, None

    def _fits(self, entity: Entity, types: frozenset[str]) -> bool:
        return entity.type in types or is_organisation(entity, self.lex)

    def _is_anaphor(self, tok: Token) -> bool:
        if tok.lower_ in ("it", "its"):
            return tok.pos_ == "PRON"
        if tok.lemma_.lower() not in self.lex.company_nouns or tok.pos_ != "NOUN":
            return False
        # "the company", "the consumer-products company", not "a company" or "companies".
        return tok.tag_ == "NN" and any(
            c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children
        )

    def _speaker(self, tok: Token, mentions: Mentions, types: frozenset[str]) -> Entity | None:
        """ "Dow Jones said it extended its offer": the subject of the verb that reports it."""
        for verb in tok.ancestors:
            if verb.lemma_.lower() not in self.lex.source_verbs:
                continue
            for child in verb.children:
                if child.dep_ == "nsubj" and child.i < tok.i:
                    for start, end, entity in mentions:
                        if start <= child.idx < end and entity.type in types:
                            return entity
            return None
        return None

    def _salient(self, tok: Token, mentions: Mentions) -> Entity | None:
        best: tuple[tuple[float, int], Entity] | None = None
        for start, _, entity in self.before + mentions:
            if start >= tok.idx or not is_organisation(entity, self.lex):
                continue
            if entity.name.split()[-1].lower() in self.lex.market_nouns:
                continue  # "the New York Stock Exchange" is where shares trade, not "the company"
            key = (entity.salience, start)
            if best is None or key > best[0]:
                best = (key, entity)
        return best[1] if best else None
