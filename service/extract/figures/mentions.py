"""Who a mention of the article is, for the figures section: the entity of every mention, short
names the entities section left unmarked ("Blockbuster" after "Blockbuster Entertainment
Corp."), and the organisation "it", "its" and "the company" stand for (``Antecedents``).
"""

from __future__ import annotations

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
    rows.sort(key=lambda r: r[0])
    return rows


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
