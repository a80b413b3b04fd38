"""The parties of a figure and their roles, from the dependency tree of its sentence.

A party is an entity the sentence ties to the amount: within a few tree edges of the amount or
of its metric cue, and not a bystander of the sentence (the exchange a share trades on, the
parent named in an apposition, the maker of a product in a relative clause, the nationality of
a currency). "It", "its" and "the company" stand for the organisation the article is about
(``Antecedents``). Roles (buyer, seller, target, lender, borrower, giver, recipient) follow the
data rules of ``figures.json`` (``role_rules``); exporter and importer the trade rules below.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from service.extract.figures.context import Cue, tree_distance
from service.extract.figures.lexicon import Lexicon
from service.extract.results import Entity

#: Entity types that are people: a person is a party only when the tree ties it to the figure.
PERSON_TYPES = frozenset({"PERSON", "PER", "person"})
#: Entity types an anaphor ("the company", "its") may stand for.
ORGANISATION_TYPES = frozenset({"ORG", "organisation", "organization"})
#: Entity types a pronoun may stand for when they are its speaker ("the United States said it
#: would provide"): states and groups as well as organisations.
SPEAKER_TYPES = ORGANISATION_TYPES | {"GPE", "NORP", "country", "group"}
#: Phrases climbed from a name to the word a role rule reads ("shares of X", "X's offer").
MAX_RELATION_HOPS = 3
#: Objects whose verb's subject owns them: "IMA lowered its offer", "X raised its bid".
OWNED_OFFERS = frozenset({"offer", "bid", "proposal"})
#: Largest tree distance from the amount or its cue at which a mention is a party.
MAX_PARTY_DISTANCE = 7
#: Largest tree distance from the amount of the word a role rule reads ("acquire", "offer").
MAX_ROLE_WORD_DISTANCE = 5
#: Largest tree distance from the amount or its cue at which "it", "its", "the company" is one.
MAX_ANAPHOR_DISTANCE = 3
#: Steps up the tree looked at for a bystander clause (apposition, relative clause).
BYSTANDER_CLIMB = 4

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


def find_parties(
    sent: Span,
    root: Token,
    cue: Cue | None,
    metric: str,
    mentions: Mentions,
    excluded: list[tuple[int, int]],
    lex: Lexicon,
    anaphors: frozenset[int] = frozenset(),
) -> tuple[list[str], dict[str, str]]:
    """Entity ids the figure is between or about, and their roles where the grammar gives one;
    ``anaphors`` are the starts of the mentions that are "it", "its", "the company"."""
    doc = sent.doc
    parties: list[str] = []
    roles: dict[str, str] = {}
    lo, hi = sent.start_char, sent.end_char
    anchors = [root] + ([cue.root] if cue else [])
    root_path = {root.i} | {a.i for a in root.ancestors}
    holders = _named_holders(doc, anchors, mentions, anaphors)
    for start, end, entity in mentions:
        if start < lo or end > hi:
            continue
        if any(s <= start < e or s < end <= e for s, e in excluded):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        tok = span.root
        near = min(tree_distance(tok, a) for a in anchors)
        if near > MAX_PARTY_DISTANCE or (is_person(entity, lex) and near > 2):
            continue
        if start in anaphors and near > MAX_ANAPHOR_DISTANCE:
            continue  # a pronoun far from the figure may stand for anything
        if start in anaphors and holders and entity.id not in holders:
            continue  # "It has relinquished ... during BP's #2.5 billion takeover": BP's
        if _bystander(tok, root, root_path, lex):
            continue
        if entity.id not in parties:
            parties.append(entity.id)
        role = _trade_role(tok, cue) or _rule_role(tok, root, cue, metric, lex)
        if role and entity.id not in roles:
            roles[entity.id] = role
    return parties, roles


def _named_holders(
    doc: Doc, anchors: list[Token], mentions: Mentions, anaphors: frozenset[int]
) -> set[str]:
    """Entities named as the possessor of the amount or its cue ("British Petroleum Co.'s
    #2.5 billion takeover"): the amount's phrase says whose it is, so a pronoun of the clause
    around it ("It has relinquished a golden share ... during") is no party of it."""
    heads = {a.i for a in anchors}
    holders: set[str] = set()
    for start, end, entity in mentions:
        if start in anaphors:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and span.root.dep_ == "poss" and span.root.head.i in heads:
            holders.add(entity.id)
    return holders


def _bystander(tok: Token, root: Token, root_path: set[int], lex: Lexicon) -> bool:
    """A mention the sentence names beside the figure, not in it: "In New York Stock Exchange
    composite trading", "DD Acquisition Corp., a partnership of Unicorp Canada Corp.,",
    "aircraft made by McDonnell Douglas", "37.5 Canadian cents"."""
    if tok.head.lower_ in lex.currency_words:
        return True  # a nationality naming a currency ("Canadian dollars") is no party
    node = tok
    for _ in range(BYSTANDER_CLIMB):
        if node.head.i == node.i or node.i in root_path:
            return False
        if node.dep_ == "prep" and node.lower_ in ("in", "on", "at"):
            objects = [c for c in node.children if c.dep_ == "pobj"]
            if objects and objects[0].lemma_.lower() in lex.market_nouns:
                return True
        # An apposition off the amount's path describes (the parent, the maker); a relative
        # clause does when it modifies another noun than the amount's ("aircraft made by").
        # An apposition of the amount itself ("#2.5 billion ( $4 billion ) takeover of X", as
        # the small model parses it) is the figure's own phrase.
        if node.dep_ == "appos" and node.head.i != root.i:
            return True
        if node.dep_ in ("acl", "relcl") and node.head.i not in root_path:
            return True
        node = node.head
    return False


def _trade_role(tok: Token, cue: Cue | None) -> str | None:
    """Exporter or importer, from "X's exports to Y", "imports from X", "X exported ... to Y"."""
    if cue is None or cue.metric not in ("exports", "imports"):
        return None
    selling = cue.metric == "exports"
    head = tok.head
    owners = (cue.root.i, cue.root.head.i)
    if tok.dep_ in ("poss", "nsubj", "amod", "compound") and head.i in owners:
        return "exporter" if selling else "importer"
    if tok.dep_ == "pobj" and head.lower_ in ("to", "into", "from"):
        toward = head.lower_ in ("to", "into")
        if head.head.i in (cue.root.i, cue.root.head.i) or head.head.head.i == cue.root.i:
            return "importer" if toward else "exporter"
    return None


def _relations(tok: Token, depth: int = 0) -> list[tuple[Token, str]]:
    """(word, relation) pairs tying a mention to the words a role rule may read."""
    out: list[tuple[Token, str]] = []
    if depth > MAX_RELATION_HOPS:
        return out
    if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent", "dative"):
        prep = tok.head
        out.append((prep.head, f"pobj:{prep.lower_}"))
        noun = prep.head
        # "buy 32.99% of BIP", "pay ... for shares of Sansui": the phrase the "of" belongs to.
        # "a unit of DPC launched an offer": the "of" phrase of a subject acts with it.
        if prep.lower_ == "of" and noun.dep_ in ("dobj", "pobj", "nsubjpass", "nsubj"):
            out.extend(_relations(noun, depth + 1))
        return out
    word = tok.head
    relation = tok.dep_
    out.append((word, relation))
    if relation in ("compound", "poss", "nmod", "amod") and word.dep_ in ("pobj", "dobj"):
        # "its offer for Dunkin' Donuts Inc. shares": the noun the name qualifies.
        out.extend(_relations(word, depth + 1))
    if relation == "nsubj":
        # "agreed to be acquired by", "proposed acquiring Mesa": the verbs the subject controls.
        verb = word
        for _ in range(2):
            xcomps = [c for c in verb.children if c.dep_ == "xcomp"]
            if not xcomps:
                break
            verb = xcomps[0]
            passive = any(c.dep_ == "auxpass" for c in verb.children)
            out.append((verb, "nsubjpass" if passive else "nsubj"))
        # "IMA lowered its offer to $26.50": the subject owns the offer it changes.
        out.extend(
            (c, "poss")
            for c in word.children
            if c.dep_ == "dobj" and c.lemma_.lower() in OWNED_OFFERS
        )
    return out


def _rule_role(tok: Token, root: Token, cue: Cue | None, metric: str, lex: Lexicon) -> str | None:
    rules = lex.role_rules.get(metric)
    if not rules:
        return None
    relations = _relations(tok)
    if cue is not None:
        # "BP's #2.5 billion takeover": a name tied to the amount is tied to its cue word.
        relations += [
            (cue.root, r) for w, r in relations if w.i == root.i and r in ("poss", "compound")
        ]
    for word, relation in relations:
        if tree_distance(word, root) > MAX_ROLE_WORD_DISTANCE:
            continue
        role = rules.get((word.lemma_.lower(), relation)) or rules.get((word.lower_, relation))
        if role:
            return role
    return None
