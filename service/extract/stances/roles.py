"""The role grammar: who holds a cue and whom it is aimed at, read from the dependency parse.

A stance needs a link in the text: a predicate that carries it (a verb, noun or adjective of the
cue lexicon) with the holder in its holder role (subject, agent of a passive, possessor of "X's
support", "support from X") and the target in its target role (object, prepositional object,
the subject of a passive). Co-mention, coordination, apposition and modifiers give no roles.
The word lists are ``service/knowledge/stance_roles.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from service.extract.results import Mention
from service.extract.stances.lexicon import roles

_ROLES = roles()
VERB_TARGET_PREPS = _ROLES["verb_target_preps"]
NOUN_TARGET_PREPS = _ROLES["noun_target_preps"]
DOER_PREPS = _ROLES["doer_preps"]
RECIPIENT_VERBS = _ROLES["recipient_verbs"]
REVERSERS = _ROLES["reversers"]
STATE_AGENTS = _ROLES["state_agents"]
MODALS = _ROLES["modals"]
LOCATIVE_PREPS = _ROLES["locative_preps"]
EXPERIENCER_VERBS = _ROLES["experiencer_verbs"]
FIRST_PERSON = _ROLES["first_person"]
FIRST_PERSON_POSSESSIVES = _ROLES["first_person_possessives"]
REPORTED_SELF = _ROLES["reported_self"]
TEMPORAL_PREPS = _ROLES["temporal_preps"]
CONDITIONALS = _ROLES["conditionals"]
NO_CLAUSE_TARGET_VERBS = _ROLES["no_clause_target_verbs"]
PLACE_KINDS = _ROLES["place_kinds"]
PREPOSITIONAL_PARTICIPLES = _ROLES["prepositional_participles"]
JUDGING_EVENTS = _ROLES["judging_events"]
AGENT_NOUNS = _ROLES["agent_nouns"]
#: Nouns whose possessor is not the target of what is done to them: people tied to another,
#: and what someone receives.
TIED_NOUNS = _ROLES["relation_nouns"] | AGENT_NOUNS | _ROLES["benefit_nouns"]

SUBJECT_DEPS = ("nsubj", "csubj")
NOMINAL_POS = ("NOUN", "PROPN")
#: How deep a noun phrase is searched for its actor ("the government of Iraq", "the leaders of
#: the government of Iraq"): never far.
_DEPTH = 2


@dataclass(slots=True, frozen=True)
class Actor:
    """An entity standing in a role: its id and the mention that names it."""

    entity: str
    mention: Mention


#: The first person of a speaker ("we condemn"): the holder is whoever the sentence quotes.
SPEAKER = "<speaker>"


class MentionIndex:
    """Which entity mention covers each token of the article."""

    def __init__(self, by_token: dict[int, Actor], places: frozenset[str] = frozenset()) -> None:
        self.by_token = by_token
        #: Entities that are cities or regions: as a noun's modifier they say where, not who.
        self.places = places
        #: Tokens of event cues ("invasion", "attack"): "of" after them names the patient
        #: ("the invasion of Ukraine"), not the doer.
        self.event_tokens: set[int] = set()
        #: Tokens of verbs that judge what they take ("condemned", "praised"): their object is
        #: someone else's deed ("condemned the bombing of the US embassies").
        self.judging_tokens: set[int] = set()

    def at(self, token: Token) -> Actor | None:
        return self.by_token.get(token.i)


def actors_of(
    token: Token, index: MentionIndex, depth: int = _DEPTH, *, holder: bool = False
) -> list[Actor]:
    """The actors a role token names: its own mention, or the doer of the noun phrase it heads
    ("Beijing's alignment", "the policy of the West", "US sanctions", "Iranian officials");
    its conjuncts too ("Britain and France")."""
    out: list[Actor] = []
    for t in (token, *token.conjuncts):
        for actor in _actors_at(t, index, depth, holder):
            if actor.entity not in {a.entity for a in out}:
                out.append(actor)
    return out


def holders_of(token: Token, index: MentionIndex) -> list[Actor]:
    """:func:`actors_of` in a holder role."""
    return actors_of(token, index, holder=True)


def _actors_at(token: Token, index: MentionIndex, depth: int, holder: bool) -> Iterator[Actor]:
    own = index.at(token)
    if own is not None:
        yield own
        return
    if token.pos_ not in NOMINAL_POS or depth <= 0:
        return
    # An event's nationality word names its doer too ("the Israeli attacks", "US sanctions").
    agentive = is_agent(token) or token.i in index.event_tokens
    for child in token.children:
        if child.dep_ == "appos":
            # "The UN rapporteur, Maurice Copithorne, ...": the apposition names the actor.
            found = index.at(child)
            if found is not None:
                yield found
        elif (child.dep_ == "poss" and (agentive or not (holder or tied(token)))) or (
            child.dep_ in ("compound", "amod", "nmod") and agentive
        ):
            # A holder is the possessor's only through its agents ("China's government"), not
            # its kin or things ("Elian's father was angry"); a target is ("Burton's subpoena"),
            # but not through a rival or a supporter ("praised Clinton's chief rival").
            found = index.at(child)
            if found is not None:
                yield found
            elif child.dep_ == "poss" and not holder:
                # "a comment on the US president's speech": aimed at the president's state.
                yield from actors_of(child, index, depth - 1)
        elif child.dep_ in ("compound", "nmod") and child.pos_ == "PROPN":
            # "US sanctions", "State Department spokesman", "Putin's support" parsed as nmod;
            # a city or region there says where ("the Miami relatives"), not who.
            found = index.at(child)
            if found is not None and found.entity not in index.places:
                yield found
        elif child.dep_ == "prep" and child.lower_ in DOER_PREPS:
            if child.lower_ == "of" and token.i in index.event_tokens:
                continue
            for obj in child.children:
                if obj.dep_ == "pobj":
                    yield from actors_of(obj, index, depth - 1, holder=holder)


def tied(noun: Token) -> bool:
    """ "Clinton's rival", "Trump's supporters": someone else than the possessor."""
    return noun.lemma_.lower() in TIED_NOUNS or noun.lower_ in TIED_NOUNS


def is_agent(noun: Token) -> bool:
    """A noun that stands for a state's or group's agents ("officials", "troops")."""
    return noun.lemma_.lower() in STATE_AGENTS or noun.lower_ in STATE_AGENTS


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def subjects(verb: Token, index: MentionIndex) -> list[Actor] | str:
    """The holder role of a verb: its subject, the agent of a passive, the subject of the verb
    that controls it ("refused to condemn", "agreed to support"), the noun a participle or a
    subject relative clause hangs on ("countries backing Kyiv", "Iran, which condemned");
    :data:`SPEAKER` for a first-person subject."""
    current = verb
    for _ in range(3):
        if is_passive(current) and current is not verb and verb.dep_ in ("xcomp", "advcl", "pcomp"):
            # "soldiers have been killed fighting Hezbollah": the passive's subject does the
            # fighting, whoever did the killing.
            return [
                a for c in current.children if c.dep_ == "nsubjpass" for a in holders_of(c, index)
            ]
        if is_passive(current):
            return _agents(current, index)
        subj = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if subj:
            pronoun = subj[0].pos_ == "PRON"  # "us", never "US"
            if pronoun and subj[0].lower_ in FIRST_PERSON:
                return SPEAKER
            if pronoun and subj[0].lower_ in REPORTED_SELF and _reported(current):
                # "Trump has indicated that he supports Planned Parenthood": the subject of the
                # clause's verb where it names an actor, else whoever the sentence quotes
                # ("Rigell said he could not support Trump").
                return _reporter(current, index) or SPEAKER
            if subj[0].tag_ in ("WDT", "WP") and current.dep_ == "relcl":
                return holders_of(current.head, index)
            return [a for s in subj for a in holders_of(s, index)]
        if current.dep_ == "acl" and current.tag_ == "VBG":
            return holders_of(current.head, index)
        if reduced_passive(current):
            # "Gonzalez, backed by Castro": the agent backs.
            return _agents(current, index)
        if current.dep_ in ("xcomp", "conj", "advcl") and current.head.pos_ in ("VERB", "AUX"):
            current = current.head
            continue
        if current.dep_ == "pcomp" and current.head.head.pos_ in ("VERB", "AUX"):
            # "The UK is committed to supporting the Iraqi government": the UK supports.
            current = current.head.head
            continue
        break
    return []


def reduced_passive(verb: Token) -> bool:
    """A past participle on a noun, with its doer after "by" ("Gonzalez, backed by Castro")."""
    return (
        verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and verb.head.pos_ in NOMINAL_POS
        and any(c.dep_ == "agent" for c in verb.children)
    )


def _agents(verb: Token, index: MentionIndex) -> list[Actor]:
    """The actors a passive's "by" phrase names."""
    return [
        a
        for agent in verb.children
        if agent.dep_ == "agent"
        for obj in agent.children
        if obj.dep_ == "pobj"
        for a in holders_of(obj, index)
    ]


def _reporter(verb: Token, index: MentionIndex) -> list[Actor]:
    """The actors the subject of the verb that reports ``verb``'s clause names."""
    current = verb
    for _ in range(3):
        if current.dep_ == "ccomp":
            return [
                a for c in current.head.children if c.dep_ == "nsubj" for a in holders_of(c, index)
            ]
        current = current.head
    return []


def prepositional(token: Token) -> bool:
    """A participle used as a preposition ("two things concerning Zimbabwe"): no cue."""
    return token.lower_ in PREPOSITIONAL_PARTICIPLES and token.dep_ in ("acl", "prep", "advcl")


def _reported(verb: Token) -> bool:
    """The verb is in a clause a verb of saying reports ("said that he would ...")."""
    current = verb
    for _ in range(3):
        if current.dep_ == "ccomp":
            return True
        if current.dep_ not in ("xcomp", "conj", "aux") or current.head is current:
            return False
        current = current.head
    return False


def verb_targets(verb: Token, index: MentionIndex, *, clause_doer: bool = True) -> list[Actor]:
    """The target role of a verb: the subject of its passive, its object (or the doer of an
    object that is an event: "condemned the attack by Israel" is aimed at Israel, never at the
    attacked), its dative, else the object of a target preposition ("apologized to Chile"), else
    the doer in the clause it governs ("warned that any support from Beijing would ...")."""
    out: list[Actor] = []
    if is_passive(verb):
        out += [
            a
            for c in verb.children
            if c.dep_ == "nsubjpass"
            for a in actors_of(_antecedent(c, verb), index)
        ]
    if reduced_passive(verb):
        out += actors_of(verb.head, index)  # "the Khans, criticized by McCain"
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    for obj in objects:
        out += actors_of(_antecedent(obj, verb), index)
    if not out:
        # No object, or one that names no actor ("imposed sanctions on Israel").
        for prep in (c for c in verb.children if c.dep_ == "prep"):
            if prep.lower_ in VERB_TARGET_PREPS:
                out += [a for o in prep.children if o.dep_ == "pobj" for a in actors_of(o, index)]
    if not out and clause_doer:
        # The doer of the reported clause, never its patient ("warned that Taiwan's interest
        # would be harmed" is no warning to Taiwan).
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            for subj in (c for c in clause.children if c.dep_ == "nsubj"):
                out += actors_of(subj, index)
    return out


def _antecedent(token: Token, verb: Token) -> Token:
    """The noun a relative pronoun stands for ("his wife, Hilaria, who was accused by ...")."""
    if token.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        return verb.head
    return token


def experiencer_roles(verb: Token, index: MentionIndex) -> tuple[list[Actor], list[Actor]]:
    """Holder and target of a verb of feeling: the one who feels it holds it, toward its cause
    ("the pledge angered Taipei": Taipei; "Taipei was angered by/when Clinton pledged ...")."""
    if is_passive(verb):
        holders = [a for c in verb.children if c.dep_ == "nsubjpass" for a in holders_of(c, index)]
        causes = [
            o
            for agent in verb.children
            if agent.dep_ == "agent"
            for o in agent.children
            if o.dep_ == "pobj"
        ]
        # "was angered when Clinton pledged": the subject of the clause that says why.
        causes += [
            s
            for c in verb.children
            if c.dep_ == "advcl"
            for s in c.children
            if s.dep_ in ("nsubj", "nsubjpass")
        ]
        return holders, [a for c in causes for a in actors_of(c, index)]
    holders = [a for c in verb.children if c.dep_ == "dobj" for a in holders_of(c, index)]
    targets = [a for c in verb.children if c.dep_ in SUBJECT_DEPS for a in actors_of(c, index)]
    return holders, targets


def under_locative(token: Token, top: Token) -> bool:
    """Whether the way up from ``token`` to ``top`` passes a preposition of place or time."""
    current = token
    while current.i != top.i and current.head is not current:
        if current.dep_ == "prep" and current.lower_ in LOCATIVE_PREPS:
            return True
        current = current.head
    return False


def modal(verb: Token) -> bool:
    """ "would support", "could sanction": a possibility, not a stance taken."""
    return any(c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children)


def conditional(token: Token) -> bool:
    """The token is in a clause of condition ("if Japan does not give support to ...")."""
    for t in (token, *token.ancestors):
        if t.pos_ in ("VERB", "AUX") and any(
            c.dep_ == "mark" and c.lower_ in CONDITIONALS for c in t.children
        ):
            return True
    return False


def prep_objects(token: Token, preps: frozenset[str] | tuple[str, ...]) -> Iterator[Token]:
    for prep in token.children:
        # "provide support to the US": the parser calls that "to" a dative.
        if prep.dep_ in ("prep", "dative") and prep.lower_ in preps:
            yield from (o for o in prep.children if o.dep_ == "pobj")
