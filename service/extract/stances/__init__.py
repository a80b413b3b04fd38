"""Stances section: who is supportive of or critical toward whom, with the evidence.

A stance is emitted only where the text links the holder to the target. Per sentence:

1. :mod:`.links` finds the candidate links: a cue of the lexicon (a verb, noun or adjective that
   carries a stance, or names a PLOVER cooperation or conflict event) with the holder in its
   holder role and the target in its target role, read from the parse by :mod:`.roles`; a
   reciprocal cue between coordinated actors; the quoted speaker's own judgements; where the
   grammar reads no roles, :mod:`.paths` joins two mentions through a cue on the dependency
   path between them. :mod:`.reading` runs the rules in order.
2. :mod:`.scoring` has the pair classifier read each linked pair (it never creates one) and
   turns the link's signals into a calibrated probability that the stance is right.
3. :mod:`.aggregate` merges each sentence's links into one evidence item per pair and label,
   lifts people and bodies to their countries (Xi -> China), and keeps one stance per ordered
   pair, scored by its best evidence; stances below the minimum score are not emitted.

:mod:`.actors` says which entities are actors; :mod:`.discourse` carries the speaker and pair
anaphors ("the two leaders") from sentence to sentence.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from service.config import Settings
from service.extract.pipeline import text_of
from service.extract.results import Entity, Stance
from service.extract.stances import aggregate, lexicon, roles, rules, scoring
from service.extract.stances.actors import ACTOR_TYPES, Actors, find_actors
from service.extract.stances.discourse import Discourse
from service.extract.stances.lexicon import CRITICAL, SUPPORTIVE, Cue
from service.extract.stances.links import Limits, Link, Sentence
from service.extract.stances.reading import sentence_links

__all__ = ["ACTOR_TYPES", "DEFAULT_MIN_SCORE", "Limits", "extract_stances", "score_links"]

#: Stances less probable than this are not emitted (``NEWSX_STANCE_MIN_SCORE`` sets it).
DEFAULT_MIN_SCORE = Settings().stance_min_score
DEFAULT_LIMITS = Limits()


def extract_stances(
    doc: Doc,
    entities: list[Entity],
    include_neutral: bool = False,
    min_score: float = DEFAULT_MIN_SCORE,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Stance]:
    """One stance per ordered (holder, target) pair of actors the article links."""
    if not any(e.type in ACTOR_TYPES and e.mentions for e in entities):
        return []
    actors = find_actors(doc, entities)
    scored = _score_links(doc, actors, limits)
    if not scored:
        return []
    items = aggregate.collect(doc, scored, actors)
    return aggregate.stances(items, min_score, include_neutral)


def score_links(
    doc: Doc, entities: list[Entity]
) -> list[tuple[SpacySpan, str | None, scoring.Scored]]:
    """Every link the article states, with the sentence, its speaker and its probability (for
    evaluation and for fitting the calibration)."""
    if not any(e.type in ACTOR_TYPES and e.mentions for e in entities):
        return []
    return _score_links(doc, find_actors(doc, entities))


def _score_links(
    doc: Doc, actors: Actors, limits: Limits = DEFAULT_LIMITS
) -> list[tuple[SpacySpan, str | None, scoring.Scored]]:
    if not text_of(doc).strip():
        return []
    lex = lexicon.load()
    if not rules._NEGATOR_LEMMAS:
        rules.set_negators(rules.negator_words(lex.by_first))  # type: ignore[arg-type]
    mentions = actors.mentions
    starts = [a.mention.start for a in mentions]
    discourse = Discourse(doc, actors)
    found: list[tuple[SpacySpan, list[Cue], str | None, Link]] = []
    for span in _sentences(doc):
        # Mentions are sorted by start: a bisection, not a scan of the article per sentence.
        first = bisect.bisect_left(starts, span.start_char)
        last = bisect.bisect_left(starts, span.end_char, lo=first)
        here = [a for a in mentions[first:last] if a.mention.end <= span.end_char]
        cues = lex.match(span)
        actors.index.event_tokens = {
            c.start
            for c in cues
            if c.kind == CRITICAL and c.event is not None and c.event.mode == "material"
        }
        actors.index.judging_tokens = {
            c.start
            for c in cues
            if c.kind in (SUPPORTIVE, CRITICAL)
            and (c.event is None or c.event.category in roles.JUDGING_EVENTS)
            and doc[c.start].pos_ == "VERB"
        }
        speaker = discourse.speaker(span, cues, here)
        if here:
            pair = discourse.pair(span, here)
            sent = Sentence(
                span, cues, actors.index, speaker, rules.hedged(cues), pair, here, limits
            )
            speaker_id = speaker.entity if speaker is not None else None
            crowd = len({a.entity for a in here})
            for link in sentence_links(sent):
                link.crowd = crowd
                said = speaker_id if discourse.attributes(doc[link.cue.start]) else None
                found.append((span, cues, said, link))
        discourse.advance(here, speaker)
    scored = scoring.classify([(span, cues, link) for span, cues, _, link in found])
    scoring.calibrate(scored)
    out = [(span, speaker, s) for (span, _, speaker, _), s in zip(found, scored, strict=True)]
    return _one_direction_per_path(out)


def _one_direction_per_path(
    scored: list[tuple[SpacySpan, str | None, scoring.Scored]],
) -> list[tuple[SpacySpan, str | None, scoring.Scored]]:
    """A path link is read both ways for want of roles; only the likelier direction of each cue
    and pair stays (the attacker, not also the attacked)."""
    best: dict[tuple[int, frozenset[str]], float] = {}
    for _, _, s in scored:
        if s.link.rule == "path":
            key = (s.link.cue.start, frozenset((s.link.holder.entity, s.link.target.entity)))
            best[key] = max(best.get(key, 0.0), s.probability)
    kept = []
    for item in scored:
        link = item[2].link
        if link.rule == "path":
            key = (link.cue.start, frozenset((link.holder.entity, link.target.entity)))
            if item[2].probability < best[key]:
                continue
        kept.append(item)
    return kept


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
