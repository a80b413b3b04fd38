"""The roles of opinion and event nouns and adjectives: whose "support", "sanctions" or
"critical" it is and at whom it is aimed, read from the dependency parse (the verb grammar is
:mod:`.roles`)."""

from __future__ import annotations

from spacy.tokens import Token

from service.extract.stances.roles import (
    AGENT_NOUNS,
    FIRST_PERSON_POSSESSIVES,
    NOMINAL_POS,
    NOUN_TARGET_PREPS,
    RECIPIENT_VERBS,
    REVERSERS,
    SPEAKER,
    SUBJECT_DEPS,
    TEMPORAL_PREPS,
    VERB_TARGET_PREPS,
    Actor,
    MentionIndex,
    actors_of,
    holders_of,
    prep_objects,
    subjects,
)

#: Dependencies by which a verb predicates a noun of its subject ("is one of", "became").
_PREDICATING_DEPS = ("attr", "oprd")


def is_agent_noun(noun: Token) -> bool:
    """A noun for an actor by the stance it holds ("critic", "ally", "supporter")."""
    return noun.lemma_.lower() in AGENT_NOUNS


def agent_roles(noun: Token, index: MentionIndex) -> tuple[list[Actor], list[Actor]]:
    """Holder and target of an agent noun: "Navalny, a fierce critic of Putin", "Britain is one
    of America's closest allies", "Cotton has emerged as one of Trump's staunchest supporters"."""
    targets = [
        a for o in prep_objects(noun, ("of", *NOUN_TARGET_PREPS)) for a in actors_of(o, index)
    ]
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            found = index.at(child)
            if found is not None and found.entity not in index.places:
                targets.append(found)
    # "one of America's allies": the phrase stands where "one" does.
    slot = noun
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ == "one":
        slot = noun.head.head
    holders: list[Actor] = []
    if slot.dep_ == "appos":
        holders = holders_of(slot.head, index)
    elif slot.dep_ in _PREDICATING_DEPS:
        holders = [
            a for s in slot.head.children if s.dep_ in SUBJECT_DEPS for a in holders_of(s, index)
        ]
    elif (
        slot.dep_ == "pobj" and slot.head.lower_ == "as" and slot.head.head.pos_ in ("VERB", "AUX")
    ):
        verb = slot.head.head
        holders = [a for s in verb.children if s.dep_ in SUBJECT_DEPS for a in holders_of(s, index)]
    holders += [a for c in slot.children if c.dep_ == "appos" for a in holders_of(c, index)]
    return holders, targets


def noun_holders(noun: Token, index: MentionIndex) -> list[Actor] | str:
    """The holder of an opinion or event noun: its possessor or a name on it ("China's support",
    "US sanctions", "Western sanctions"), the object of "from"/"by" ("criticism from Brussels"),
    else the subject of the verb that takes it ("the West adopted sanctions"), unless that verb
    receives it ("Chile received aid from Japan": Japan holds it)."""
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            found = index.at(child)
            if found is not None and child.dep_ != "poss" and found.entity in index.places:
                continue  # "the Kandahar threat": where, not whose
            if found is not None:
                return [found]
            if (
                child.dep_ == "poss"
                and child.pos_ == "PRON"
                and child.lower_ in FIRST_PERSON_POSSESSIVES
            ):
                return SPEAKER  # "we extend our full support to ...", the speaker said
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("from", "by")):
        found = [a for o in prep.children if o.dep_ == "pobj" for a in holders_of(o, index)]
        if found:
            return found
    if any(c.dep_ == "poss" and c.pos_ in NOMINAL_POS for c in noun.children):
        # "condemned the regime's occupation of ...": the occupation is the regime's, never the
        # one who condemns it, though the regime names no actor.
        return []
    possessor = _surface_possessor(noun)
    if possessor is not None:
        # "mounted a retaliation for Beijing's expressed alignment with Moscow", parsed with
        # "Beijing's" under "for": the words still say whose the alignment is.
        return holders_of(possessor, index)
    if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        verb = noun.head
        if verb.lemma_.lower() in RECIPIENT_VERBS:
            return [a for o in prep_objects(verb, ("from", "by")) for a in holders_of(o, index)]
        if verb.i in index.judging_tokens:
            return []
        return subjects(verb, index)
    if (
        noun.dep_ == "pobj"
        and noun.head.dep_ == "prep"
        and noun.head.lower_ != "under"
        and noun.head.lower_ not in TEMPORAL_PREPS
        and noun.head.head.pos_ == "VERB"
        and not any(c.dep_ == "poss" for c in noun.children)
    ):
        # "... adopted sanctions in retaliation for X": the retaliation is the subject's; not
        # "a week after the attacks", nor "since its invasion of Kuwait" (its own doer's).
        return subjects(noun.head.head, index)
    return []


def _surface_possessor(noun: Token) -> Token | None:
    """The word before a possessive "'s" that directly precedes the noun and its modifiers, where
    the parse did not make it the noun's possessor."""
    i = noun.i - 1
    while i > noun.sent.start and noun.doc[i].tag_ in _PREMODIFIER_TAGS:
        i -= 1
    if i > noun.sent.start and noun.doc[i].tag_ == "POS" and noun.doc[i - 1].head is not noun:
        return noun.doc[i - 1]
    return None


#: Words between a possessive and its noun: "Beijing's expressed alignment" (the participle often
#: tagged as a past tense), "its strong support".
_PREMODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "VBN", "VBD", "VBG", "NN", "RB"})


def noun_targets(noun: Token, index: MentionIndex) -> list[Actor]:
    """The target of an opinion or event noun: the object of a target preposition on it
    ("support for Kyiv", "sanctions against Russia"), or on the verb that takes it ("imposed
    sanctions on Russia", "gave support to"), or the recipient subject ("Chile received aid")."""
    out = [a for o in prep_objects(noun, NOUN_TARGET_PREPS) for a in actors_of(o, index)]
    if out:
        return out
    if noun.dep_ == "pobj" and noun.head.lower_ == "under" and noun.head.head.pos_ == "VERB":
        # "Germany has come under criticism from ...": the subject receives it.
        verb = noun.head.head
        return [a for s in verb.children if s.dep_ in SUBJECT_DEPS for a in actors_of(s, index)]
    if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        verb = noun.head
        if verb.lemma_.lower() in RECIPIENT_VERBS:
            return [a for s in verb.children if s.dep_ in SUBJECT_DEPS for a in actors_of(s, index)]
        preps = VERB_TARGET_PREPS | {"from"} if verb.lemma_.lower() in REVERSERS else None
        # A preposition after the noun's conjuncts is the last conjunct's, whatever the parse
        # says ("subverting Western sanctions and arms sales to Kyiv": the sales go to Kyiv).
        last = max((c.i for c in noun.conjuncts), default=noun.i)
        return [
            a
            for o in prep_objects(verb, preps or VERB_TARGET_PREPS)
            if not noun.i < last < o.i
            for a in actors_of(o, index)
        ]
    return []


def adjective_roles(adj: Token, index: MentionIndex) -> tuple[list[Actor] | str, list[Actor]]:
    """Holder and target of a predicative opinion adjective ("Paris is critical of Rome")."""
    if adj.dep_ != "acomp":
        return [], []
    holders = subjects(adj.head, index)
    targets = [a for o in prep_objects(adj, NOUN_TARGET_PREPS) for a in actors_of(o, index)]
    return holders, targets


def reversed_by(noun: Token) -> Token | None:
    """The verb that withdraws a supportive noun ("withdrew its support", "cut aid")."""
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in REVERSERS:
        return head
    return None
