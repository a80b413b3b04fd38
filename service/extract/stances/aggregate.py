"""From scored links to stances: evidence per sentence (one merge), lifting people and bodies to
their countries, and one stance per ordered (holder, target) pair."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from service.extract.results import Evidence, Span, Stance
from service.extract.stances import scoring
from service.extract.stances.actors import Actors
from service.extract.stances.lexicon import Cue
from service.extract.stances.scoring import Scored


@dataclass(slots=True)
class _PairEvidence:
    """One sentence's evidence for one ordered pair and label."""

    probability: float
    evidence: Evidence
    negated: bool = False
    cue_keys: set[tuple[int, int]] = field(default_factory=set)


#: (holder, target) -> (label, sentence start) -> item
Items = dict[tuple[str, str], dict[tuple[str, int], _PairEvidence]]


def collect(doc: Doc, scored: list[tuple[SpacySpan, str | None, Scored]], actors: Actors) -> Items:
    """Merge the links of each (pair, label, sentence) into one evidence item, and add each to
    the pair's countries too (Xi -> Putin also counts for China -> Russia)."""
    items: Items = {}
    for sent, speaker, s in scored:
        link = s.link
        holder, target = link.holder.entity, link.target.entity
        if actors.own_country(holder, target):
            continue
        label = link.polarity
        pairs = {(holder, target), (actors.lift(holder), actors.lift(target))}
        for h, t in pairs:
            if h == t:
                continue
            per_pair = items.setdefault((h, t), {})
            key = (label, sent.start)
            item = per_pair.get(key)
            if item is None:
                item = per_pair[key] = _PairEvidence(s.probability, _evidence(doc, sent, speaker))
            elif s.probability > item.probability:
                item.probability = s.probability
                item.evidence.event = None  # the stronger link's event wins below
            if item.evidence.event is None:
                item.evidence.event = link.cue.event
            _add_cue(doc, item, link.cue)
            item.evidence.negated = item.evidence.negated or link.negated
            item.evidence.hedged = item.evidence.hedged or link.hedged
    return items


def combine_probabilities(probabilities: list[float], how: str) -> float:
    """A stance's probability from its evidence items': the best one ("max"), or the chance that
    at least one is right if each were independent ("noisy_or")."""
    if how == "noisy_or":
        return 1.0 - math.prod(1.0 - p for p in probabilities)
    return max(probabilities, default=0.0)


def stances(items: Items, min_score: float, include_neutral: bool) -> list[Stance]:
    """One stance per ordered pair: the label whose evidence combines to the most probable
    (:func:`combine_probabilities`, as the calibration chose), scored by that probability;
    below ``min_score`` the pair is neutral (listed only on request)."""
    how = scoring.stance_combination()
    out = []
    for (holder, target), per_pair in items.items():
        by_label: dict[str, list[float]] = {}
        for (label, _), item in per_pair.items():
            if label != "neutral":
                by_label.setdefault(label, []).append(item.probability)
        best = {label: combine_probabilities(ps, how) for label, ps in by_label.items()}
        label = max(best, key=lambda k: best[k]) if best else "neutral"
        score = best.get(label, 0.0)
        if label != "neutral" and score >= min_score:
            chosen = [i for (lab, _), i in per_pair.items() if lab == label]
        elif include_neutral:
            label, score = "neutral", 1.0 - score
            chosen = list(per_pair.values())
        else:
            continue
        evidence = [i.evidence for i in sorted(chosen, key=lambda i: i.evidence.start)]
        for ev in evidence:
            ev.cues.sort(key=lambda c: c.start)
        out.append(Stance(holder, target, label, round(score, 3), evidence))
    out.sort(key=lambda s: (s.label == "neutral", -s.score, s.holder, s.target))
    return out


def _evidence(doc: Doc, sent: SpacySpan, speaker: str | None) -> Evidence:
    # The sentence without its trailing whitespace, so that the span is the sentence itself.
    text = sent.text.rstrip()
    return Evidence(
        text=text, start=sent.start_char, end=sent.start_char + len(text), attributed_to=speaker
    )


def _add_cue(doc: Doc, item: _PairEvidence, cue: Cue) -> None:
    span = doc[cue.start : cue.end]
    key = (span.start_char, span.end_char)
    if key not in item.cue_keys:
        item.cue_keys.add(key)
        item.evidence.cues.append(Span(text=span.text, start=key[0], end=key[1]))
