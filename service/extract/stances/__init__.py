"""Stances section: who is supportive of or critical toward whom, with the evidence.

Per sentence, every pair of actor entities mentioned in it goes through a directed pair
classifier, which says who holds which polarity toward whom: the shipped one is logistic
regression averaged with a linear SVM on relation features of the parsed sentence
(:mod:`.linear`: the words before, between and after the two entities, the dependency path
between them, the verb governing each, cue words; 0.692 macro-F1 on the directed-sentiment
validation split, 0.608 on 5-fold cross-validation of its training split); the fine-tuned
MiniLM transformer (:mod:`.classifier`, ONNX) is blended in by :data:`TRANSFORMER_WEIGHT` when
its weights are shipped (none is: with all six layers it scores 0.63 alone, its gain in a blend
does not hold across training seeds, and it costs twice the section's time budget; see
``training/README.md``). The parse and the cue
lexicon (:mod:`.lexicon`) then add what the classifier cannot see: the cue words that
carry the stance (every non-neutral stance has some), who the statement is attributed to
("the Kremlin said"), negation ("refuses to condemn" is not criticism), hedging ("reportedly"),
mutual statements between coordinated actors ("Beijing and Moscow have stepped up cooperation",
"the two leaders agreed"), and the speaker as holder of a quotation that names no holder.
Sentence evidence is aggregated into one stance per ordered (holder, target) pair, and lifted
from people and organisations to their countries (Xi -> China) with the evidence kept.
"""

from __future__ import annotations

import bisect
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from service.extract.model import Entity, Evidence, Mention, Span, Stance
from service.extract.pipeline import text_of
from service.extract.stances import classifier, lexicon, linear, rules
from service.extract.stances.lexicon import CRITICAL, MUTUAL, SUPPORTIVE, Cue
from service.knowledge.actors import cues as entity_cues

#: Entity types that can hold or receive a stance (OntoNotes labels, as the entities section
#: gives them); dates, events and works are not actors. Facilities are: "the White House" and
#: "the Pentagon" speak for governments, and the tagger gives FAC to some people and teams too
#: (end to end on valid.txt 0.622 -> 0.627, supportive a->b 0.556 -> 0.580).
ACTOR_TYPES: frozenset[str] = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
#: Types whose stance toward their own country is not reported, and that lift to their country.
AFFILIATED_TYPES: frozenset[str] = frozenset({"PERSON", "ORG", "NORP"})

#: A pair is labelled supportive or critical when its combined evidence reaches this probability.
#: End to end on valid.txt (eval/stances.py --sweep), with the linear classifier: 0.4 scored
#: best (0.5 loses polar pairs whose probability the classifier splits over five classes).
THRESHOLD = 0.4
#: Sentence evidence weaker than this is not listed for a labelled stance.
EVIDENCE_MIN = 0.4
#: Negated cues keep this share of their polarity; hedged statements this share.
NEGATED_FACTOR = 0.15
HEDGED_FACTOR = 0.9
#: Which pairs go to the classifier. "path": a polar cue word on or next to the dependency path
#: between the two mentions; "sentence": a polar cue anywhere in the sentence; "all": every
#: co-mentioned pair. End to end on valid.txt (eval/stances.py --sweep) "all" scored 0.622
#: macro-F1, "sentence" 0.590, "path" 0.556; with the linear classifier "all" is cheap. The
#: narrower gates are for a transformer, whose cost grows with the pairs it reads.
GATE = "all"
#: A speaker's evaluative adjective about an actor's doings counts this share of its weight.
EVALUATIVE_FACTOR = 0.75
#: Share of the transformer in the blend with the linear classifier,
#: chosen on valid.txt (eval/stances.py); 0 leaves the transformer unused.
TRANSFORMER_WEIGHT = 0.0
#: A direction whose holder holds none of the cue words keeps this share of its polarity. The
#: classifier reads the parse itself now, so the rule only tempers it: 0.5 scored 0.622 end to
#: end on valid.txt, 0.2 0.613, 1.0 (no rule) 0.623; kept for the seed's "X's support" readings.
NOT_HOLDER_FACTOR = 0.5
#: A speaker doubting an actor's claim: that much critical.
DOUBT_SCORE = 0.45
#: At most this many mention pairs per sentence go to the classifier (closest first).
MAX_PAIRS_PER_SENTENCE = 24
#: Mention pairs read per entity pair and sentence, closest first. End to end, 1 -> 2 (with the
#: cap 12 -> 24): valid.txt 0.635 -> 0.646, and 0.5785 -> 0.5835 over train.txt's five folds,
#: each fold's model on its held-out fifth; 3 adds nothing.
MENTION_PAIRS = 2


#: A pair waiting for the classifier: sentence, its cues, speaker, hedged, the two mentions.
_Pending = tuple[SpacySpan, list[Cue], str | None, bool, tuple[Mention, str], tuple[Mention, str]]


@dataclass(slots=True)
class _Signal:
    """One sentence's evidence for one ordered pair."""

    supportive: float
    critical: float
    evidence: Evidence


def extract_stances(
    doc: Doc, entities: list[Entity], include_neutral: bool = False
) -> list[Stance]:
    """One stance per ordered (holder, target) pair of actors the article relates."""
    actors = [e for e in entities if e.type in ACTOR_TYPES and e.mentions]
    if len(actors) < 1 or not text_of(doc).strip():
        return []
    lex = lexicon.load()
    if not rules._NEGATOR_LEMMAS:
        rules.set_negators(rules.negator_words(lex.by_first))  # type: ignore[arg-type]
    countries = _country_entities(actors)
    country_ids = set(countries.values())
    actors = [e for e in actors if not _place_only(doc, e, country_ids)]
    by_id = {e.id: e for e in actors}

    mentions = sorted(
        ((m, e.id) for e in actors for m in e.mentions), key=lambda pair: pair[0].start
    )
    starts = [m.start for m, _ in mentions]
    token_entity: dict[int, str] = {}
    for m, eid in mentions:
        span = rules.token_span(doc, m.start, m.end)
        if span is not None:
            token_entity.update((t.i, eid) for t in span)
    signals: dict[tuple[str, str], dict[int, _Signal]] = {}
    pending: list[_Pending] = []
    seen_ids: list[str] = []  # entity ids in order of first mention, for pair anaphora
    last_speaker: str | None = None
    since_speaker = 99  # sentences since a speaker was last named
    last_coordinated: tuple[str, str] | None = None

    for sent in _sentences(doc):
        # Mentions are sorted by start: a bisection, not a scan of the whole article per sentence.
        first = bisect.bisect_left(starts, sent.start_char)
        last = bisect.bisect_left(starts, sent.end_char, lo=first)
        in_sent = [(m, eid) for m, eid in mentions[first:last] if m.end <= sent.end_char]
        cues = lex.match(sent)
        speaker, anaphoric = _speaker(doc, sent, cues, in_sent)
        if speaker is None and (anaphoric or rules.is_quote_only(sent)) and since_speaker <= 2:
            # "The official added", or a quotation on its own: the speaker of just before.
            speaker = last_speaker
        hedge = rules.hedged(cues)
        polar = [c for c in cues if c.kind in lexicon.POLAR]

        # Mutual statements by a pair anaphor ("the two leaders agreed to ...").
        mutual = [c for c in polar if c.kind == MUTUAL]
        if mutual:
            pair = _pair_anaphor(
                sent, seen_ids, by_id, {eid for _, eid in in_sent}, countries, last_coordinated
            )
            if pair is not None:
                a, b = pair
                for holder, target in ((a, b), (b, a)):
                    _add(
                        signals,
                        holder,
                        target,
                        sent,
                        _mutual_score(mutual),
                        0.0,
                        _evidence(doc, sent, mutual, speaker, hedge, False),
                    )

        # Pairs of entities named in the sentence go to the classifier.
        for (ma, ea), (mb, eb) in _mention_pairs(in_sent)[:MAX_PAIRS_PER_SENTENCE]:
            if _own_country(by_id[ea], by_id[eb], countries):
                continue
            if _worth_classifying(doc, polar, ma, mb):
                pending.append((sent, cues, speaker, hedge, (ma, ea), (mb, eb)))
            elif include_neutral:
                # No cue word, so no stance to find: a neutral co-mention, without the model.
                for holder, target in ((ea, eb), (eb, ea)):
                    _add(
                        signals,
                        holder,
                        target,
                        sent,
                        0.0,
                        0.0,
                        _evidence(doc, sent, [], speaker, hedge, False),
                    )

        # A quotation with a known speaker and no other holder: the speaker holds it.
        if speaker is not None and polar and speaker not in {eid for _, eid in in_sent}:
            for target in dict.fromkeys(eid for _, eid in in_sent):
                if target == speaker or _own_country(by_id[speaker], by_id[target], countries):
                    continue
                # Strong opinion words only: the speaker holds the quotation's opinions, not
                # the events it reports.
                sup, crit = _lexicon_polarity([c for c in polar if c.weight >= 0.6])
                if max(sup, crit) == 0.0:
                    continue
                _add(
                    signals,
                    speaker,
                    target,
                    sent,
                    sup * 0.6,
                    crit * 0.6,
                    _evidence(doc, sent, polar, speaker, hedge, False),
                )

        # Subject-verb-object with a stance verb: "Washington warned Beijing", "Xi assured
        # Putin"; the object may be what a clause says ("warned that any support from Beijing").
        for cue, holder, target in _svo(doc, polar, in_sent):
            if holder == target or _own_country(by_id[holder], by_id[target], countries):
                continue
            negated = rules.is_negated(doc[cue.start])
            score = EVALUATIVE_FACTOR * cue.weight * (NEGATED_FACTOR if negated else 1.0)
            _add(
                signals,
                holder,
                target,
                sent,
                score if cue.kind != CRITICAL else 0.0,
                score if cue.kind == CRITICAL else 0.0,
                _evidence(doc, sent, [cue], speaker, hedge, negated),
            )

        # A speaker casting doubt on an actor's claim ("China claims to be neutral, but ...", a
        # spokesman said) is critical of that actor.
        if speaker is not None:
            for cue in cues:
                verb = doc[cue.start]
                if cue.kind != lexicon.HEDGE or verb.lemma_.lower() != "claim":
                    continue
                for subj in (c for c in verb.children if c.dep_ == "nsubj"):
                    target = token_entity.get(subj.i)
                    if target is None or target == speaker:
                        continue
                    if _own_country(by_id[speaker], by_id[target], countries):
                        continue
                    _add(
                        signals,
                        speaker,
                        target,
                        sent,
                        0.0,
                        DOUBT_SCORE,
                        _evidence(doc, sent, [cue], speaker, True, False),
                    )

        # A speaker's evaluative words about an actor's doings ("the illegal sanctions policy of
        # the West", the Kremlin said): the speaker holds that stance toward the actor.
        if speaker is not None:
            for cue, target in _evaluated(doc, polar, in_sent):
                if target == speaker or _own_country(by_id[speaker], by_id[target], countries):
                    continue
                score = EVALUATIVE_FACTOR * cue.weight
                _add(
                    signals,
                    speaker,
                    target,
                    sent,
                    score if cue.kind != CRITICAL else 0.0,
                    score if cue.kind == CRITICAL else 0.0,
                    _evidence(doc, sent, [cue], speaker, hedge, rules.is_negated(doc[cue.start])),
                )

        for _, eid in in_sent:
            if eid not in seen_ids:
                seen_ids.append(eid)
            else:
                seen_ids.remove(eid)
                seen_ids.append(eid)
        since_speaker += 1
        if speaker is not None:
            last_speaker = speaker
            since_speaker = 0
        last_coordinated = _coordinated_pair(doc, in_sent) or last_coordinated

    # An actor and its country stand together as holders (Xi holds "China's support").
    family: dict[str, set[str]] = {e.id: {e.id} for e in actors}
    for e in actors:
        if e.type in AFFILIATED_TYPES and e.country in countries:
            family[e.id].add(countries[e.country])
            family.setdefault(countries[e.country], {countries[e.country]}).add(e.id)
    _classify(doc, pending, signals, include_neutral, token_entity, family)
    _lift_to_countries(signals, by_id, countries)
    return _aggregate(signals, include_neutral)


#: Prepositions after which a city or region is a place, not an actor (entity_cues.yaml).
_LOCATIVE_PREPOSITIONS = entity_cues()["locative_preps"]


def _place_only(doc: Doc, e: Entity, country_ids: set[str]) -> bool:
    """A city or region named only as a place ("talks in Blagoveshchensk") is no actor; one that
    acts or is acted on ("Michigan blamed the EPA", "a Virginia man") is, as a capital standing
    for its government is (end to end on valid.txt 0.623 -> 0.627)."""
    if e.type != "GPE" or not e.country or e.id in country_ids:
        return False
    if any(m.metonym for m in e.mentions):
        return False
    for m in e.mentions:
        span = rules.token_span(doc, m.start, m.end)
        if span is None:
            continue
        root = span.root
        if not (root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE_PREPOSITIONS):
            return False
    return True


# --- per sentence ---------------------------------------------------------------------------


def _sentences(doc: Doc) -> list[SpacySpan]:
    """The parser's sentences, also split at line breaks: a headline and the paragraph after it
    are two statements even when the parser runs them together."""
    out = []
    for sent in doc.sents:
        start = sent.start
        for token in sent:
            if token.is_space and "\n" in token.text and token.i > start:
                out.append(doc[start : token.i])
                start = token.i + 1
        if start < sent.end:
            out.append(doc[start : sent.end])
    return [s for s in out if s.text.strip()]


def _speaker(
    doc: Doc, sent: SpacySpan, cues: list[Cue], in_sent: list[tuple[Mention, str]]
) -> tuple[str | None, bool]:
    tokens, anaphoric = rules.speaker_tokens(sent, cues)
    if not tokens:
        return None, False
    lo = min(t.idx for t in tokens)
    hi = max(t.idx + len(t) for t in tokens)
    for m, eid in in_sent:
        if lo <= m.start and m.end <= hi:
            return eid, False
    return None, anaphoric


_ACTOR_DEPS = frozenset({"pobj", "poss", "nsubj", "compound", "appos", "conj"})
#: Characters; no actor's name is longer.
_LONGEST_MENTION = 200


def _svo(
    doc: Doc, polar: list[Cue], in_sent: list[tuple[Mention, str]]
) -> list[tuple[Cue, str, str]]:
    """(cue, holder, target) for stance verbs with an entity subject and an entity object."""
    found: list[tuple[Cue, str, str]] = []

    # Mentions by start, searched by bisection: a run-on sentence names thousands of them.
    starts = [m.start for m, _ in in_sent]

    def entities_in(tokens: list[Token]) -> list[str]:
        ids = []
        for t in tokens:
            j = bisect.bisect_right(starts, t.idx) - 1
            # Back over the mentions starting before the token (nested ones), never far.
            while j >= 0 and t.idx - starts[j] < _LONGEST_MENTION:
                m, eid = in_sent[j]
                if t.idx < m.end and eid not in ids:
                    ids.append(eid)
                j -= 1
        return ids

    for cue in polar:
        verb = doc[cue.start]
        if verb.pos_ != "VERB" or cue.weight < 0.7 or cue.kind == MUTUAL:
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        holders = entities_in([t for s in subjects for t in (s, *s.conjuncts)])
        if not holders:
            continue
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        targets = entities_in([t for o in objects for t in (o, *o.conjuncts)])
        if not targets:
            # "warned that any support from Beijing ... will damage ties": the clause's subject.
            # Actors named in it as doers (possessor, "from Beijing"), not as modifiers.
            for clause in (c for c in verb.children if c.dep_ == "ccomp"):
                for subj in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
                    targets += entities_in(
                        [t for t in subj.subtree if t.dep_ in _ACTOR_DEPS or t.i == subj.i]
                    )
        found.extend((cue, h, t) for h in holders for t in targets)
    return found


def _evaluated(
    doc: Doc, polar: list[Cue], in_sent: list[tuple[Mention, str]]
) -> list[tuple[Cue, str]]:
    """(cue, entity) for strong evaluative adjectives whose noun phrase names the entity."""
    found = []
    for cue in polar:
        token = doc[cue.start]
        if cue.end - cue.start != 1 or token.pos_ != "ADJ" or cue.weight < 0.6:
            continue
        if token.dep_ not in ("amod", "acomp"):
            continue
        head = token.head
        lo, hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
        for m, eid in in_sent:
            if lo <= m.start and m.end <= hi and not (m.start <= token.idx < m.end):
                found.append((cue, eid))
    return found


def _worth_classifying(doc: Doc, polar: list[Cue], ma: Mention, mb: Mention) -> bool:
    if GATE == "all":
        return True
    if not polar:
        return False
    if GATE == "sentence":
        return True
    ta, tb = rules.token_span(doc, ma.start, ma.end), rules.token_span(doc, mb.start, mb.end)
    if ta is None or tb is None:
        return False
    return bool(rules.relevant_cues(polar, rules.pair_context(ta.root, tb.root)))


#: A mention pairs with at most this many following mentions of its sentence. News sentences
#: name far fewer actors; a run-on list of thousands must not cost the square of its length.
PAIR_WINDOW = 12


def _mention_pairs(
    in_sent: list[tuple[Mention, str]],
) -> list[tuple[tuple[Mention, str], tuple[Mention, str]]]:
    """For each pair of distinct entities, their :data:`MENTION_PAIRS` closest non-overlapping
    mention pairs, each in text order; all sorted by distance. A sentence can relate the two
    through another mention than the nearest ("Depp's music career", "siding with Brussels
    against Warsaw"); the strongest reading per sentence wins."""
    found: dict[tuple[str, str], list[tuple[int, tuple[Mention, str], tuple[Mention, str]]]] = {}
    for i, (ma, ea) in enumerate(in_sent):
        for mb, eb in in_sent[i + 1 : i + 1 + PAIR_WINDOW]:
            if ea == eb or mb.start < ma.end:
                continue
            key = (min(ea, eb), max(ea, eb))
            found.setdefault(key, []).append((mb.start - ma.end, (ma, ea), (mb, eb)))
    kept = [
        p for pairs in found.values() for p in sorted(pairs, key=lambda v: v[0])[:MENTION_PAIRS]
    ]
    return [(a, b) for _, a, b in sorted(kept, key=lambda v: v[0])]


def _classify(
    doc: Doc,
    pending: list[_Pending],
    signals: dict[tuple[str, str], dict[int, _Signal]],
    include_neutral: bool,
    token_entity: dict[int, str],
    family: dict[str, set[str]],
) -> None:
    if not pending:
        return
    probs = _pair_probabilities(pending)
    for row, (sent, cues, speaker, hedge, (ma, ea), (mb, eb)) in enumerate(pending):
        ta, tb = rules.token_span(doc, ma.start, ma.end), rules.token_span(doc, mb.start, mb.end)
        if ta is None or tb is None:
            continue
        root_a, root_b = ta.root, tb.root
        path = rules.pair_context(root_a, root_b)
        near = rules.relevant_cues(cues, path)
        polar = near or [c for c in cues if c.kind in lexicon.POLAR]
        p = probs[row]
        if p is not None:
            sup_ab, sup_ba, crit_ab, crit_ba = (float(p[1]), float(p[2]), float(p[3]), float(p[4]))
        else:
            # No shipped weights: the lexicon alone, toward the later-named entity.
            sup_ab, crit_ab = _lexicon_polarity(polar)
            sup_ba = crit_ba = 0.0
        negated_sup, negated_crit = _negation(doc, polar)
        factor_sup = NEGATED_FACTOR if negated_sup else 1.0
        factor_crit = NEGATED_FACTOR if negated_crit else 1.0
        hedge_factor = HEDGED_FACTOR if hedge else 1.0
        negated = negated_sup or negated_crit

        # Who holds the cues and whom they are aimed at, where the parse says (the subject of
        # "warned", the possessor of "China's support"; "sanctions against Russia"): a direction
        # whose holder holds none of them, or whose target is named by none, is not the stance.
        holders = _cue_entities(doc, near, token_entity, family, _holder_tokens)
        targets = _cue_entities(doc, near, token_entity, family, _target_tokens)
        for role, one, other in ((holders, ea, eb), (targets, eb, ea)):
            if role is not None and not role & family.get(one, {one}):
                sup_ab *= NOT_HOLDER_FACTOR
                crit_ab *= NOT_HOLDER_FACTOR
            if role is not None and not role & family.get(other, {other}):
                sup_ba *= NOT_HOLDER_FACTOR
                crit_ba *= NOT_HOLDER_FACTOR

        mutual_cues = [c for c in polar if c.kind == MUTUAL and rules.governs(doc[c.start], root_a)]
        if mutual_cues and rules.coordinated(root_a, root_b):
            # Coordinated actors of a reciprocal statement: supportive both ways.
            both = max(sup_ab, sup_ba, _mutual_score(mutual_cues))
            sup_ab = sup_ba = both
            crit_ab = crit_ba = min(crit_ab, crit_ba)

        for holder, target, sup, crit in ((ea, eb, sup_ab, crit_ab), (eb, ea, sup_ba, crit_ba)):
            sup *= factor_sup * hedge_factor
            crit *= factor_crit * hedge_factor
            if max(sup, crit) < EVIDENCE_MIN and not include_neutral:
                continue  # cannot make or support a labelled stance
            label_cues = _cues_for(polar, sup >= crit) or polar
            evidence = _evidence(doc, sent, label_cues, speaker, hedge, negated)
            if not evidence.cues and max(sup, crit) >= EVIDENCE_MIN:
                # Parse fallback: the word that joins the two mentions carries the relation.
                anchor = path[len(path) // 2] if path else root_a
                evidence.cues = [_token_cue(anchor)]
            _add(signals, holder, target, sent, sup, crit, evidence)


def _cue_entities(
    doc: Doc,
    cues: list[Cue],
    token_entity: dict[int, str],
    family: dict[str, set[str]],
    arguments: Callable[[Token], Iterable[Token]],
) -> set[str] | None:
    """Entities (with their families) named by the parse as the cues' ``arguments``: holders or
    targets; ``None`` unless every polar cue has such an entity."""
    if not cues:
        return None
    entities: set[str] = set()
    for cue in cues:
        found: set[str] = set()
        for t in arguments(doc[cue.start]):
            eid = token_entity.get(t.i)
            if eid is not None:
                found |= family.get(eid, {eid})
        if not found:
            return None
        entities |= found
    return entities


def _holder_tokens(cue: Token) -> Iterator[Token]:
    """Subject, possessor or passive agent of a cue, with their conjuncts."""
    for child in cue.children:
        if child.dep_ in ("nsubj", "poss", "agent"):
            yield child
            yield from child.conjuncts
            yield from (c for c in child.children if c.dep_ == "pobj")


#: Prepositions that name the target of an opinion noun or verb ("sanctions against Russia",
#: "criticism of Beijing", "support for Kyiv", "pressure on China").
_TARGET_PREPOSITIONS = frozenset({"against", "of", "for", "on", "toward", "towards", "with"})


def _target_tokens(cue: Token) -> Iterator[Token]:
    """Object of a cue, or object of its target preposition, with their conjuncts."""
    for child in cue.children:
        objects = [child] if child.dep_ == "dobj" else []
        if child.dep_ == "prep" and child.lower_ in _TARGET_PREPOSITIONS:
            objects = [o for o in child.children if o.dep_ == "pobj"]
        for obj in objects:
            yield obj
            yield from obj.conjuncts


def _coordinated_pair(doc: Doc, in_sent: list[tuple[Mention, str]]) -> tuple[str, str] | None:
    """The first two distinct entities named as conjuncts in the sentence ("Beijing and Moscow")."""
    roots = []
    for m, eid in in_sent:
        span = rules.token_span(doc, m.start, m.end)
        if span is not None:
            roots.append((span.root, eid))
    for i, (ra, ea) in enumerate(roots):
        for rb, eb in roots[i + 1 : i + 1 + PAIR_WINDOW]:
            if ea != eb and rules.coordinated(ra, rb):
                return ea, eb
    return None


def _pair_probabilities(pending: list[_Pending]) -> list[np.ndarray | None]:
    """Per pending pair (a, b), a the earlier mention: the shipped classifiers' probabilities,
    blended by :data:`TRANSFORMER_WEIGHT`; ``None`` where no model is shipped."""
    transformer = _transformer_probabilities(pending)
    lin = linear.load()
    if lin is None:
        return transformer
    parsed: dict[int, linear.Parsed] = {}  # one view per sentence, shared by its pairs
    items = []
    for sent, cues, _, _, (ma, _), (mb, _) in pending:
        if sent.start not in parsed:
            parsed[sent.start] = linear.parsed_sentence(sent, cues)
        items.append(
            (
                parsed[sent.start],
                (ma.start - sent.start_char, ma.end - sent.start_char),
                (mb.start - sent.start_char, mb.end - sent.start_char),
            )
        )
    linear_probs = lin.predict(items)
    return [
        p_lin if p_tr is None else TRANSFORMER_WEIGHT * p_tr + (1 - TRANSFORMER_WEIGHT) * p_lin
        for p_lin, p_tr in zip(linear_probs, transformer, strict=True)
    ]


def _transformer_probabilities(pending: list[_Pending]) -> list[np.ndarray | None]:
    """Transformer output per pending pair, (a, b) and (b, a) readings averaged; ``None`` where
    it is not shipped. One encoder pass per sentence, all its paired mentions marked."""
    model = classifier.load() if TRANSFORMER_WEIGHT > 0 else None
    out: list[np.ndarray | None] = [None] * len(pending)
    if model is None:
        return out
    rows_by_sentence: dict[int, list[int]] = {}
    for row, item in enumerate(pending):
        rows_by_sentence.setdefault(item[0].start, []).append(row)
    queries: list[classifier.Query] = []
    asked: list[list[int]] = []
    for rows in rows_by_sentence.values():
        sent = pending[rows[0]][0]
        spans: dict[tuple[int, int], int] = {}
        pairs: list[tuple[int, int]] = []
        kept: list[int] = []
        for row in rows:
            (ma, _), (mb, _) = pending[row][4], pending[row][5]
            index = []
            for m in (ma, mb):
                key = (m.start - sent.start_char, m.end - sent.start_char)
                if key not in spans and any(
                    key[0] < e and s < key[1] for s, e in spans
                ):  # overlaps a marked mention: this pair cannot be marked
                    break
                index.append(spans.setdefault(key, len(spans)))
            if len(index) == 2:
                pairs += [(index[0], index[1]), (index[1], index[0])]
                kept.append(row)
        if kept:
            text, shifted = classifier.crop(sent.text, list(spans))
            queries.append(classifier.Query(classifier.mark(text, shifted), tuple(pairs)))
            asked.append(kept)
    for rows, probs in zip(asked, model.predict(queries), strict=True):
        for k, row in enumerate(rows):
            out[row] = (probs[2 * k] + probs[2 * k + 1][list(classifier.REVERSED)]) / 2
    return out


def _cues_for(cues: list[Cue], supportive: bool) -> list[Cue]:
    kinds = (SUPPORTIVE, MUTUAL) if supportive else (CRITICAL,)
    return [c for c in cues if c.kind in kinds]


def _lexicon_polarity(cues: list[Cue]) -> tuple[float, float]:
    sup = max((c.weight for c in cues if c.kind in (SUPPORTIVE, MUTUAL)), default=0.0)
    crit = max((c.weight for c in cues if c.kind == CRITICAL), default=0.0)
    return sup, crit


def _mutual_score(cues: list[Cue]) -> float:
    return 0.45 + 0.45 * max(c.weight for c in cues)


#: Cues at least this strong are opinion words; weaker ones name events ("invasion", "war").
OPINION_WEIGHT = 0.6


def _negation(doc: Doc, cues: list[Cue]) -> tuple[bool, bool]:
    """(every supportive cue negated, every critical cue negated), for cues that exist.

    Where a polarity has opinion words, only they count: in "refuses to condemn the invasion"
    the refusal cancels the criticism; the invasion it names is an event, not anyone's stance."""

    def negated(kinds: tuple[str, ...]) -> bool:
        found = [c for c in cues if c.kind in kinds]
        opinions = [c for c in found if c.weight >= OPINION_WEIGHT] or found
        return bool(opinions) and all(rules.is_negated(doc[c.start]) for c in opinions)

    return negated((SUPPORTIVE, MUTUAL)), negated((CRITICAL,))


def _pair_anaphor(
    sent: SpacySpan,
    seen_ids: list[str],
    by_id: dict[str, Entity],
    here: set[str],
    countries: dict[str, str],
    last_coordinated: tuple[str, str] | None,
) -> tuple[str, str] | None:
    """The two entities "the two leaders" / "the pair" / "the two countries" refers to.

    Leaders: the last two people named before. Countries or "the pair": the last coordinated pair
    ("Beijing and Moscow") if there is one, else the countries of the last two leaders, else the
    last two countries named.
    """
    for pattern, types in rules.PAIR_ANAPHORS:
        if not pattern.search(sent.text):
            continue
        before = [e for e in reversed(seen_ids) if e not in here]
        if "PERSON" in types:
            people = [e for e in before if by_id[e].type == "PERSON"]
            return (people[1], people[0]) if len(people) >= 2 else None
        if last_coordinated is not None:
            return last_coordinated
        country_ids = set(countries.values())
        leaders: list[str] = []
        for e in reversed(seen_ids):
            code = by_id[e].country
            if by_id[e].type == "PERSON" and code in countries and countries[code] not in leaders:
                leaders.append(countries[code])
        if len(leaders) >= 2:
            return leaders[1], leaders[0]
        named = [e for e in reversed(seen_ids) if e in country_ids]
        return (named[1], named[0]) if len(named) >= 2 else None
    return None


def _evidence(
    doc: Doc, sent: SpacySpan, cues: list[Cue], speaker: str | None, hedge: bool, negated: bool
) -> Evidence:
    start = sent.start_char
    # Trim the sentence's trailing whitespace so that the span is the sentence itself. Built once
    # per sentence: a run-on sentence can give thousands of evidence items, each its whole text.
    key = ("stance_sentence_text", sent.start, sent.end)
    stripped = doc.user_data.get(key)
    if stripped is None:
        stripped = doc.user_data[key] = sent.text.rstrip()
    return Evidence(
        text=stripped,
        start=start,
        end=start + len(stripped),
        cues=[_cue_span(doc, c) for c in cues],
        attributed_to=speaker,
        negated=negated,
        hedged=hedge,
    )


def _cue_span(doc: Doc, cue: Cue) -> Span:
    span = doc[cue.start : cue.end]
    return Span(text=span.text, start=span.start_char, end=span.end_char)


def _token_cue(token: Token) -> Span:
    return Span(text=token.text, start=token.idx, end=token.idx + len(token))


def _add(
    signals: dict[tuple[str, str], dict[int, _Signal]],
    holder: str,
    target: str,
    sent: SpacySpan,
    sup: float,
    crit: float,
    evidence: Evidence,
) -> None:
    """Keep the strongest signal per (pair, sentence), merging cue words."""
    if holder == target:
        return
    per_sentence = signals.setdefault((holder, target), {})
    old = per_sentence.get(sent.start)
    if old is None:
        per_sentence[sent.start] = _Signal(sup, crit, evidence)
        return
    old.supportive = max(old.supportive, sup)
    old.critical = max(old.critical, crit)
    known = {(c.start, c.end) for c in old.evidence.cues}
    old.evidence.cues.extend(c for c in evidence.cues if (c.start, c.end) not in known)
    old.evidence.cues.sort(key=lambda c: c.start)
    old.evidence.negated = old.evidence.negated or evidence.negated
    old.evidence.attributed_to = old.evidence.attributed_to or evidence.attributed_to


# --- countries ------------------------------------------------------------------------------


def _country_entities(actors: list[Entity]) -> dict[str, str]:
    """ISO alpha-3 code -> id of the entity that is that country (not a city in it)."""
    names = _country_names()
    found: dict[str, str] = {}
    for e in actors:
        if e.type != "GPE" or not e.country:
            continue
        known = names.get(e.country, set())
        is_country = e.name.casefold() in known or any(m.metonym for m in e.mentions)
        if is_country or not known:
            found.setdefault(e.country, e.id)
    return found


def _own_country(a: Entity, b: Entity, countries: dict[str, str]) -> bool:
    """A person or organisation and its own country (Xi and China)."""
    for x, y in ((a, b), (b, a)):
        if x.type in AFFILIATED_TYPES and x.country and countries.get(x.country) == y.id:
            return True
    return False


def _lift_to_countries(
    signals: dict[tuple[str, str], dict[int, _Signal]],
    by_id: dict[str, Entity],
    countries: dict[str, str],
) -> None:
    """Person- and organisation-level evidence also counts for their countries (Xi -> China)."""

    def lift(eid: str) -> str:
        e = by_id[eid]
        if e.type in AFFILIATED_TYPES and e.country and e.country in countries:
            return countries[e.country]
        return eid

    for (holder, target), per_sentence in list(signals.items()):
        pair = (lift(holder), lift(target))
        if pair == (holder, target) or pair[0] == pair[1]:
            continue
        for sig in per_sentence.values():
            ev = sig.evidence
            copy = Evidence(
                text=ev.text,
                start=ev.start,
                end=ev.end,
                cues=list(ev.cues),
                attributed_to=ev.attributed_to,
                negated=ev.negated,
                hedged=ev.hedged,
            )
            target_signals = signals.setdefault(pair, {})
            old = target_signals.get(ev.start)
            if old is None:
                target_signals[ev.start] = _Signal(sig.supportive, sig.critical, copy)
            else:
                old.supportive = max(old.supportive, sig.supportive)
                old.critical = max(old.critical, sig.critical)
                known = {(c.start, c.end) for c in old.evidence.cues}
                old.evidence.cues.extend(c for c in copy.cues if (c.start, c.end) not in known)
                old.evidence.cues.sort(key=lambda c: c.start)


# --- aggregation ----------------------------------------------------------------------------


def _aggregate(
    signals: dict[tuple[str, str], dict[int, _Signal]], include_neutral: bool
) -> list[Stance]:
    stances = []
    for (holder, target), per_sentence in signals.items():
        items = sorted(per_sentence.values(), key=lambda s: s.evidence.start)
        # Noisy-or: independent sentences each able to establish the stance.
        p_sup = 1.0
        p_crit = 1.0
        for s in items:
            p_sup *= 1.0 - min(s.supportive, 0.999)
            p_crit *= 1.0 - min(s.critical, 0.999)
        p_sup, p_crit = 1.0 - p_sup, 1.0 - p_crit
        if max(p_sup, p_crit) >= THRESHOLD:
            supportive = p_sup >= p_crit
            label = "supportive" if supportive else "critical"
            score = p_sup if supportive else p_crit
            evidence = [
                s.evidence
                for s in items
                if (s.supportive if supportive else s.critical) >= EVIDENCE_MIN
            ] or [max(items, key=lambda s: s.supportive if supportive else s.critical).evidence]
        elif include_neutral:
            label = "neutral"
            score = 1.0 - max(p_sup, p_crit)
            evidence = [s.evidence for s in items]
        else:
            continue
        stances.append(
            Stance(
                holder=holder,
                target=target,
                label=label,
                score=round(score, 3),
                evidence=evidence,
            )
        )
    stances.sort(key=lambda s: (s.label == "neutral", -s.score, s.holder, s.target))
    return stances


# --- knowledge ------------------------------------------------------------------------------

_PLACES = Path(__file__).resolve().parents[2] / "knowledge" / "places.json"
_names_lock = threading.Lock()
_names: dict[str, set[str]] | None = None


def _country_names() -> dict[str, set[str]]:
    """Country code -> casefolded names, from the entities section's knowledge file if present."""
    global _names
    if _names is None:
        with _names_lock:
            if _names is None:
                names: dict[str, set[str]] = {}
                try:
                    data = json.loads(_PLACES.read_text(encoding="utf-8"))
                    for c in data.get("countries", []):
                        forms = {c.get("name", ""), *c.get("aliases", [])}
                        names[c["code"]] = {f.casefold() for f in forms if f}
                except (OSError, ValueError, KeyError):
                    names = {}
                _names = names
    return _names
