"""The path rule: two mentions joined through a stance cue on the dependency path between them.

The fallback for cues the grammar (:mod:`.links`) gives no roles: weaker evidence, read both
ways, for the classifier and the calibration to tell apart.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from service.extract.stances import nominals, roles, rules
from service.extract.stances.lexicon import POLAR, SPEECH, SUPPORTIVE
from service.extract.stances.links import (
    Link,
    Sentence,
    content_cues,
    cue_hedged,
    cue_negated,
    cue_polarity,
    negate,
)
from service.extract.stances.roles import Actor

#: How far up a clause without a subject of its own its doer is looked for, and through which
#: dependencies (an infinitive, a gerund after a preposition, a conjoined verb).
_CONTROL_STEPS = 5
_CONTROLLED = frozenset({"xcomp", "advcl", "pcomp", "prep", "conj"})


def path_rule(sent: Sentence) -> Iterator[Link]:
    """Two mentions joined through a stance cue on the dependency path between them, where the
    roles are not filled in a way the grammar above reads ("Walden's complaint that Hansen
    ..."): both directions, for the classifier and the calibration to tell apart. Mentions that
    are conjuncts or appositions of one another are joined by no cue."""
    doc = sent.doc
    polar = {i: c for c in content_cues(sent) if c.kind in POLAR for i in range(c.start, c.end)}
    if not polar:
        return
    speech = {c.start for c in sent.cues if c.kind == SPEECH}
    limits = sent.limits
    for a, b in _mention_pairs(sent.here, limits.pair_window, limits.mention_pairs):
        ta = rules.token_span(doc, a.mention.start, a.mention.end)
        tb = rules.token_span(doc, b.mention.start, b.mention.end)
        if ta is None or tb is None:
            continue
        ra, rb = ta.root, tb.root
        if rules.coordinated(ra, rb) or ra.head == rb or rb.head == ra:
            continue
        path = rules.dependency_path(ra, rb)
        if len(path) > limits.path_max_tokens:
            continue  # far apart in the parse: whatever joins them is not one statement
        top = min(path, key=lambda t: len(list(t.ancestors)))
        if roles.under_locative(ra, top) or roles.under_locative(rb, top):
            continue
        path_ids = {t.i for t in path}
        inside = {t.i for t in (*ta, *tb)}
        on_path = [t.i for t in path if t.i not in inside]
        cues = list(dict.fromkeys(polar[i] for i in on_path if i in polar))
        for cue in cues:
            if nominals.is_agent_noun(doc[cue.start]):
                continue  # its roles are the grammar's (nominals.agent_roles)
            if top.i in speech and cue.start != top.i:
                # "X said they are attacking Z": the speaker reports the deed, not does it.
                continue
            if _reported_by_other(doc[cue.start], path, speech, ta, tb):
                continue
            if cue.kind == SUPPORTIVE and any(
                t.head.i == cue.start and t.lower_ == "against" for t in path
            ):
                continue  # "supporting the Iraqi government against ISIL": not ISIL
            if any(h.i not in path_ids for h in _own_holders(doc[cue.start])):
                continue
            if _threat_of_a_clause(doc[cue.start]):
                continue
            if _judged_deed(doc[cue.start], [t for t in path if t.i not in inside], sent.index):
                continue
            negated = cue_negated(doc[cue.start])
            hedged = cue_hedged(sent, doc[cue.start])
            polarity = negate(cue_polarity(cue), cue) if negated else cue_polarity(cue)
            # The subject of a passive undergoes it ("soldiers have been killed fighting X"); the
            # possessor of a neutral noun does not act through it ("Elian's father was angry").
            undergoes = {c.i for c in doc[cue.start].children if c.dep_ == "nsubjpass"}
            if roles.reduced_passive(doc[cue.start]):
                undergoes.add(doc[cue.start].head.i)  # "Gonzalez, backed by Castro"
            if undergoes and not any(t.dep_ == "agent" and t.head.i == cue.start for t in path):
                # A passive's doer is its "by" agent; with none on the path, nobody on it did
                # the deed ("soldiers have been killed fighting Hezbollah").
                continue
            named = _named_holders(doc[cue.start], sent.index)
            for (h, root), (t, troot) in (((a, ra), (b, rb)), ((b, rb), (a, ra))):
                if troot.dep_ == "poss" and roles.tied(troot.head):
                    # "praised Clinton's chief rival": the rival is praised, not Clinton.
                    continue
                if named and h.entity not in named:
                    # "subverting Western sanctions": the sanctions are the West's, whoever
                    # else the path reaches.
                    continue
                if root.head.i == cue.start and root.dep_ in ("dobj", "dative", "nsubjpass"):
                    # The cue's own object ("who does not miss an opportunity to provoke
                    # Israel") holds nothing through it.
                    continue
                # A name on a neutral noun does not act through it: "Elian's father was angry",
                # "the Taiwan issue ... no other country should interfere".
                kin = (
                    root.dep_ in ("poss", "compound", "nmod")
                    and root.head.i != cue.start
                    and not roles.is_agent(root.head)
                    and (root.head.i not in polar or roles.tied(root.head))
                )
                if root.i not in undergoes and not kin:
                    yield Link(h, t, cue, polarity, "path", negated, hedged, via=frozenset(on_path))


def _reported_by_other(
    cue: Token, path: list[Token], speech: set[int], *mentions: SpacySpan
) -> bool:
    """ "Bush sent troops, saying Iraqi troops threatened Saudi Arabia": a verb of saying on the
    path reports the cue's clause; whoever stands outside that clause only reports it."""
    for s in path:
        if s.i not in speech or s.i == cue.i:
            continue
        clause = next((c for c in s.children if c.dep_ == "ccomp" and cue in c.subtree), None)
        if clause is None:
            continue
        inside = {t.i for t in clause.subtree}
        if any(m.root.i not in inside for m in mentions):
            return True
    return False


def _threat_of_a_clause(token: Token) -> bool:
    """ "threatened that the EU would reconsider": the grammar reads no target in that clause
    (:data:`roles.NO_CLAUSE_TARGET_VERBS`), and no path through it may read one either."""
    blocked = token.lemma_.lower() in roles.NO_CLAUSE_TARGET_VERBS
    return blocked and any(c.dep_ == "ccomp" for c in token.children)


def _own_holders(cue: Token) -> list[Token]:
    """The tokens the grammar names as a cue's holder: a verb's subject, a noun's possessor or
    "from"/"by" object. Named off the path, they hold the stance themselves ("Paros and Andros
    contributed ..., while others supported Athens": the others, not Paros; "US says China's
    support for Russia": China's support, not the US's)."""
    if cue.pos_ == "VERB":
        current = cue
        for _ in range(_CONTROL_STEPS):
            own = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")]
            if own:
                return own
            if current.dep_ == "acl" and current.head.pos_ in ("NOUN", "PROPN"):
                # "his country's decision to condemn Zimbabwe": the decision's possessor
                # condemns ("its capacity to attack": a pronoun, likely the actor on the path).
                return [c for c in current.head.children if c.dep_ == "poss" and c.pos_ != "PRON"]
            if current.dep_ not in _CONTROLLED or current.head is current:
                break
            # "he has been accused of providing cover for Russia by subverting sanctions": the
            # subverter is whoever provides the cover, not Russia.
            current = current.head
        return []
    if cue.pos_ in ("NOUN", "PROPN"):
        holders = [c for c in cue.children if c.dep_ == "poss"]
        holders += [
            o
            for c in cue.children
            if c.dep_ == "prep" and c.lower_ in ("from", "by")
            for o in c.children
            if o.dep_ == "pobj"
        ]
        return holders
    return []


def _judged_deed(cue: Token, between: list[Token], index: roles.MentionIndex) -> bool:
    """ "The Security Council condemned the bombing of the US embassies": the grammar reads the
    condemnation as aimed at the bombers; no path through the deed reaches its victim, and the
    deed is not the condemner's."""
    if cue.i in index.judging_tokens:
        # The grammar reads the judged object and its doer ("deplores these acts against the
        # American embassies": at whoever did them, never the embassies).
        objects = {t.i for t in between if t.head.i == cue.i and t.dep_ == "dobj"}
        return any(t.head.i in objects and t.dep_ == "prep" for t in between)
    judged = (
        cue.i in index.event_tokens and cue.dep_ == "dobj" and cue.head.i in index.judging_tokens
    )
    # Only through the judge: "condemned the Zionist regime's occupation of Palestinian
    # territories" still says whose the occupation is.
    return judged and any(t.i == cue.head.i for t in between)


def _named_holders(cue: Token, index: roles.MentionIndex) -> set[str]:
    """The actors the grammar names as a noun cue's holder ("Western sanctions", "China's
    support"), if any."""
    if cue.pos_ not in ("NOUN", "PROPN"):
        return set()
    found = nominals.noun_holders(cue, index)
    return set() if isinstance(found, str) else {a.entity for a in found}


def _mention_pairs(here: list[Actor], window: int, per_pair: int) -> list[tuple[Actor, Actor]]:
    """Each mention with the next ``window`` mentions; each entity pair through its
    ``per_pair`` closest mention pairs."""
    found: dict[tuple[str, str], list[tuple[int, Actor, Actor]]] = {}
    for i, a in enumerate(here):
        for b in here[i + 1 : i + 1 + window]:
            if a.entity == b.entity or b.mention.start < a.mention.end:
                continue
            key = (min(a.entity, b.entity), max(a.entity, b.entity))
            found.setdefault(key, []).append((b.mention.start - a.mention.end, a, b))
    return [
        (a, b)
        for pairs in found.values()
        for _, a, b in sorted(pairs, key=lambda v: v[0])[:per_pair]
    ]
