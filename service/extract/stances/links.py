"""Candidate links: the (holder, cue, target) triples a sentence states, and the grammar's rules.

Each rule reads one sentence (its cues, its speaker, the mention index) and yields links: here
the rules that read roles from the grammar (a predicate, a reciprocal cue, the quoted speaker's
judgements); :mod:`.paths` the fallback along the dependency path; :mod:`.reading` registers
them in order. Only linked pairs go on to the classifier: two actors mentioned together are not
a stance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from service.extract.stances import nominals, roles, rules
from service.extract.stances.lexicon import (
    CRITICAL,
    HEDGE,
    MUTUAL,
    POLAR,
    SUPPORTIVE,
    Cue,
)
from service.extract.stances.roles import SPEAKER, Actor, MentionIndex

#: The polarity of a negated cue that states no stance ("refused to condemn").
NEUTRAL = "neutral"


@dataclass(frozen=True, slots=True)
class Limits:
    """The rules' tunable limits (the stances component's ``default_config``)."""

    #: The path rule reads mentions at most this many tokens apart on the dependency path (both
    #: mentions' heads included): "X's criticism of Y" is 4, "X accused Y" 3.
    path_max_tokens: int = 9
    #: A mention pairs with at most this many following mentions of its sentence, and each
    #: entity pair is read through its closest ``mention_pairs`` mention pairs: a run-on list of
    #: names must not cost the square of its length.
    pair_window: int = 12
    mention_pairs: int = 2
    #: Evaluative adjectives weaker than this ("new", "major") judge nothing.
    evaluative_min_weight: float = 0.6


@dataclass(slots=True)
class Sentence:
    """What every rule reads of one sentence."""

    span: SpacySpan
    cues: list[Cue]
    index: MentionIndex
    #: The entity the sentence's statement is attributed to, if it names one.
    speaker: Actor | None
    hedged: bool
    #: The two entities a pair anaphor ("the two leaders") refers to, if any.
    pair: tuple[Actor, Actor] | None = None
    #: The actor mentions of the sentence, in text order.
    here: list[Actor] = field(default_factory=list)
    limits: Limits = Limits()

    @property
    def doc(self) -> Doc:
        return self.span.doc


@dataclass(slots=True)
class Link:
    """One stated stance: ``holder`` holds ``polarity`` toward ``target`` through ``cue``."""

    holder: Actor
    target: Actor
    cue: Cue
    polarity: str  # supportive | critical | neutral (a negated cue that states no stance)
    rule: str
    negated: bool = False
    hedged: bool = False
    #: How many actors the sentence names: the more, the likelier a wrong pairing.
    crowd: int = 0
    #: A path link's tokens between the two mentions (the path rule's only).
    via: frozenset[int] = frozenset()


Rule = Callable[[Sentence], Iterator[Link]]

#: Parts of speech that carry no stance: a cue is a content word ("against" in "sanctions against
#: Russia", "like" in "countries like France" and "back" in "sent back to Cuba" are no cue,
#: whatever the lexicon lists).
_FUNCTION_POS = frozenset(
    {"ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "PUNCT", "NUM", "X", "ADV"}
)


def content_cues(sent: Sentence) -> list[Cue]:
    """The cues that carry a stance: content words, and never a word of an actor's name
    ("NATO's Partnership for Peace program" is no partnership; a phrase's wildcard may hold one:
    "charged Kopp with")."""
    doc = sent.doc
    return [
        c
        for c in sent.cues
        if doc[c.start].pos_ not in _FUNCTION_POS
        and not roles.prepositional(doc[c.start])
        and sent.index.at(doc[c.head]) is None
    ]


def cue_polarity(cue: Cue) -> str:
    return CRITICAL if cue.kind == CRITICAL else SUPPORTIVE


def cue_negated(token: Token) -> bool:
    """ "did not condemn", "refused to condemn", "did not offer support", "for not condemning"."""
    if rules.is_negated(token):
        return True
    head = token.head
    # "did not offer support", "could not be a threat": the verb over the noun is negated.
    return token.dep_ in ("dobj", "attr") and any(c.dep_ == "neg" for c in head.children)


def negate(polarity: str, cue: Cue) -> str:
    """What a negated cue leaves: withheld support is opposition ("would not support X", "did
    not back"), withheld criticism or a deed not done is no stance ("refused to condemn",
    "did not send aid")."""
    verbal = cue.event is None or cue.event.mode == "verbal"
    return CRITICAL if polarity == SUPPORTIVE and verbal and cue.kind != MUTUAL else NEUTRAL


def cue_hedged(sent: Sentence, token: Token) -> bool:
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    return (
        sent.hedged
        or roles.modal(verb)
        or roles.conditional(token)
        or sent.span.text.rstrip().endswith("?")
    )


def _links(
    sent: Sentence,
    cue: Cue,
    holders: list[Actor] | str,
    targets: list[Actor],
    rule: str,
    polarity: str | None = None,
) -> Iterator[Link]:
    if holders == SPEAKER:
        holders = [sent.speaker] if sent.speaker is not None else []
    token = sent.doc[cue.start]
    negated = cue_negated(token)
    hedged = cue_hedged(sent, token)
    polarity = (
        negate(polarity or cue_polarity(cue), cue) if negated else polarity or cue_polarity(cue)
    )
    for h in holders:
        for t in targets:
            if h.entity != t.entity:
                yield Link(h, t, cue, polarity, rule, negated, hedged)


def predicate_rule(sent: Sentence) -> Iterator[Link]:
    """A stance verb, noun or adjective with its holder and target roles filled."""
    for cue in content_cues(sent):
        token = sent.doc[cue.start]
        nominal = token.pos_ in ("NOUN", "PROPN")
        withdrawn = nominal and nominals.reversed_by(token) is not None
        if cue.kind == MUTUAL and withdrawn:
            # "suspend ties with Israel", "severed relations with": critical of the other side.
            yield from _noun_links(sent, cue, token, CRITICAL)
            continue
        if cue.kind not in (SUPPORTIVE, CRITICAL):
            continue
        if token.pos_ == "VERB" and token.lemma_.lower() in roles.EXPERIENCER_VERBS:
            holders, targets = roles.experiencer_roles(token, sent.index)
            yield from _links(sent, cue, holders, targets, "verb")
        elif token.pos_ in ("VERB", "AUX"):
            yield from _links(
                sent, cue, roles.subjects(token, sent.index), _verb_targets(cue, sent), "verb"
            )
        elif nominal:
            # "withdrew its support from": the supportive noun turned around.
            flipped = CRITICAL if withdrawn and cue.kind == SUPPORTIVE else None
            yield from _noun_links(sent, cue, token, flipped)
        elif token.pos_ == "ADJ" and token.dep_ == "amod":
            # "Washington's biased attitude towards Tehran", "wrote a critical comment on X's
            # speech": the adjective judges through the noun it modifies, whose roles it takes.
            noun = token.head
            if noun.pos_ == "NOUN" and not any(c.start == noun.i for c in sent.cues):
                holders = nominals.noun_holders(noun, sent.index)
                yield from _links(
                    sent, cue, holders, nominals.noun_targets(noun, sent.index), "adjective"
                )
        elif token.pos_ == "ADJ":
            holders, targets = nominals.adjective_roles(token, sent.index)
            yield from _links(sent, cue, holders, targets, "adjective")


def _noun_links(sent: Sentence, cue: Cue, noun: Token, polarity: str | None) -> Iterator[Link]:
    if nominals.is_agent_noun(noun):
        holders, targets = nominals.agent_roles(noun, sent.index)
        yield from _links(sent, cue, holders, targets, "noun", polarity)
        return
    holders = nominals.noun_holders(noun, sent.index)
    yield from _links(sent, cue, holders, nominals.noun_targets(noun, sent.index), "noun", polarity)


def _verb_targets(cue: Cue, sent: Sentence) -> list[Actor]:
    """A phrase cue ("stand with", "impose sanctions on") is aimed through any of its words."""
    doc = sent.doc
    clause_doer = doc[cue.start].lemma_.lower() not in roles.NO_CLAUSE_TARGET_VERBS
    for i in range(cue.start, cue.end):
        token = doc[i]
        if token.pos_ == "ADP" and i > cue.start:
            # The phrase's own preposition names its target ("stands by Iraq").
            found = [
                a
                for o in token.children
                if o.dep_ == "pobj"
                for a in roles.actors_of(o, sent.index)
            ]
        else:
            found = roles.verb_targets(token, sent.index, clause_doer=clause_doer)
        if found:
            return found
    return []


def mutual_rule(sent: Sentence) -> Iterator[Link]:
    """A reciprocal cue between coordinated actors goes both ways: "Beijing and Moscow stepped up
    cooperation", "ties between Hanoi and Washington", "X signed an accord with Y"; and between
    the two a pair anaphor refers to ("the two leaders agreed")."""
    doc = sent.doc
    for cue in content_cues(sent):
        if cue.kind != MUTUAL or cue.event is None:
            # A relation word with no event ("ties", "relations", "bilateral") states no
            # stance: "relations between X and Y" is as often strained as warm.
            continue
        token = doc[cue.start]
        verb = token if token.pos_ in ("VERB", "AUX") else token.head
        critical = {c.start for c in sent.cues if c.kind == CRITICAL}
        if verb is not token and (verb.i in critical or _reverses(verb)):
            continue  # "will damage ties", "severed ties": no cooperation stated
        parties: list[Actor] = []
        if token.pos_ in ("NOUN", "PROPN"):
            for prep in (c for c in token.children if c.dep_ == "prep"):
                if prep.lower_ in ("between", "among"):
                    for o in (c for c in prep.children if c.dep_ == "pobj"):
                        parties += roles.actors_of(o, sent.index)
                        if not parties and sent.pair is not None and _pair_phrase(o):
                            parties = list(sent.pair)  # "coordination between the two countries"
        if not parties:
            holders = roles.subjects(verb, sent.index)
            if holders == SPEAKER:
                holders = []
            parties = list(holders)
            if len(parties) == 1:
                parties += [
                    a
                    for o in roles.prep_objects(verb, ("with",))
                    for a in roles.actors_of(o, sent.index)
                ] or [
                    a
                    for o in roles.prep_objects(token, ("with",))
                    for a in roles.actors_of(o, sent.index)
                ]
        if len(parties) < 2 and sent.pair is not None and _pair_subject(verb):
            parties = list(sent.pair)
        if len(parties) < 2:
            # "offer mutual support to Russia": one named side and a target, both ways.
            if token.pos_ in ("NOUN", "PROPN"):
                holders = nominals.noun_holders(token, sent.index)
                targets = nominals.noun_targets(token, sent.index)
            else:
                holders, targets = roles.subjects(token, sent.index), _verb_targets(cue, sent)
            if holders == SPEAKER:
                holders = [sent.speaker] if sent.speaker is not None else []
            parties = [*holders[:1], *targets[:1]] if holders and targets else []
        negated = cue_negated(token)
        hedged = cue_hedged(sent, token)
        for h in parties:
            for t in parties:
                if h.entity != t.entity:
                    polarity = NEUTRAL if negated else SUPPORTIVE
                    yield Link(h, t, cue, polarity, "mutual", negated, hedged)


def _reverses(verb: Token) -> bool:
    return verb.lemma_.lower() in roles.REVERSERS


def _pair_phrase(token: Token) -> bool:
    """The phrase under the token is a pair anaphor ("the two leaders", "the pair")."""
    return any(p.search(" ".join(t.text for t in token.subtree)) for p, _ in rules.PAIR_ANAPHORS)


def _pair_subject(verb: Token) -> bool:
    """The verb's subject is a pair anaphor ("the two leaders", "the pair", "both sides")."""
    current = verb
    for _ in range(3):
        for c in current.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return _pair_phrase(c)
        if current.dep_ not in ("xcomp", "conj") or current.head is current:
            return False
        current = current.head
    return False


def speaker_rule(sent: Sentence) -> Iterator[Link]:
    """The quoted speaker holds what the quotation judges: an evaluative adjective on an actor's
    doings ("the illegal sanctions policy of the West", the Kremlin said), and doubt about an
    actor's claim ("China claims to be neutral, but ...", a spokesman said)."""
    speaker = sent.speaker
    if speaker is None:
        return
    doc = sent.doc
    for cue in content_cues(sent):
        token = doc[cue.start]
        if cue.kind in POLAR and token.pos_ == "ADJ" and token.dep_ == "amod":
            if cue.weight < sent.limits.evaluative_min_weight:
                continue
            head = token.head
            targets = roles.actors_of(head, sent.index)
            if not targets and head.dep_ == "compound":
                # "the illegal sanctions policy of the West": the compound's head is judged.
                targets = roles.actors_of(head.head, sent.index)
            for target in targets:
                if target.entity != speaker.entity:
                    yield Link(
                        speaker, target, cue, cue_polarity(cue), "evaluative", False, sent.hedged
                    )
        elif cue.kind == HEDGE and token.lemma_.lower() == "claim":
            for subj in (c for c in token.children if c.dep_ == "nsubj"):
                for target in roles.actors_of(subj, sent.index):
                    if target.entity != speaker.entity:
                        yield Link(speaker, target, cue, CRITICAL, "doubt", False, True)
