"""Scoring links: the pair classifier's reading of each linked pair, and the calibration that
turns a link's signals into the probability that its stance is right.

The classifier (:mod:`.linear`, blended with :mod:`.transformer` where transformer weights are
shipped) scores only linked pairs; it never creates one. The calibration is a logistic model over
:func:`link_features`, fitted out of fold on development articles by
``training/calibrate_stances.py`` and shipped as ``model/calibration.json``.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from service.extract.stances import linear, rules, transformer
from service.extract.stances.lexicon import CRITICAL, Cue
from service.extract.stances.links import Link

CALIBRATION_FILE = "calibration.json"
#: Share of the transformer (:mod:`.transformer`) in a blend with the linear classifier: 0, since
#: none is shipped (``training/README.md``, "Why no transformer"); evaluation reads it.
TRANSFORMER_WEIGHT = 0.0
#: The link rules, one feature each.
RULE_NAMES: tuple[str, ...] = (
    "verb",
    "noun",
    "adjective",
    "mutual",
    "evaluative",
    "doubt",
    "path",
)
FEATURES: tuple[str, ...] = (
    "classifier_logit",
    "classifier_logit_path",
    "classifier_neutral_logit",
    "classifier_opposite_logit",
    "cue_weight",
    "hedged",
    "material",
    "no_event",
    "log_distance",
    "log_actors_in_sentence",
    "holder_steps",
    "target_steps",
    "cue_governs_both",
    *(f"rule_{r}" for r in RULE_NAMES),
)


@dataclass(slots=True)
class Scored:
    link: Link
    #: The classifier's probabilities for the link's direction: (its polarity, neutral, the
    #: other polarity).
    agree: float
    neutral: float
    opposite: float
    #: The calibrated probability that the link's stance is right.
    probability: float = 0.0
    #: Dependency steps from the cue to the holder's and the target's mention: a role filled
    #: right at the cue ("Syria accused Israel") is surer than one reached through a chain.
    holder_steps: int = 0
    target_steps: int = 0
    #: The cue is the lowest common head of the two mentions ("X accused Y", "X's support
    #: for Y"), not a word that only lies between them.
    governs_both: bool = False


def classify(links: list[tuple[SpacySpan, list[Cue], Link]]) -> list[Scored]:
    """The pair classifier's probabilities for each link, in the link's direction, and how far
    each role lies from its cue."""
    scored = _classify(links)
    for (sent, _, link), s in zip(links, scored, strict=True):
        cue = sent.doc[link.cue.start]
        s.holder_steps = _steps(sent, cue, link.holder.mention.start, link.holder.mention.end)
        s.target_steps = _steps(sent, cue, link.target.mention.start, link.target.mention.end)
        s.governs_both = _governs_both(sent, cue, link)
        if link.rule == "mutual":
            # Both directions of a reciprocal statement read alike.
            s.holder_steps, s.target_steps = sorted((s.holder_steps, s.target_steps))
    return scored


def _governs_both(sent: SpacySpan, cue: Token, link: Link) -> bool:
    spans = [
        rules.token_span(sent.doc, m.start, m.end)
        for m in (link.holder.mention, link.target.mention)
    ]
    if spans[0] is None or spans[1] is None:
        return False
    path = rules.dependency_path(spans[0].root, spans[1].root)
    top = min(path, key=lambda t: len(list(t.ancestors)))
    return top.i == cue.i


def _steps(sent: SpacySpan, cue: Token, start: int, end: int) -> int:
    span = rules.token_span(sent.doc, start, end)
    if span is None:
        return MAX_STEPS
    return min(len(rules.dependency_path(cue, span.root)) - 1, MAX_STEPS)


#: Steps beyond this count as this many.
MAX_STEPS = 8


def _classify(links: list[tuple[SpacySpan, list[Cue], Link]]) -> list[Scored]:
    lin = linear.load()
    if lin is None or not links:
        return [Scored(link, 0.5, 0.5, 0.0) for _, _, link in links]
    parsed: dict[int, linear.Parsed] = {}  # one view per sentence, shared by its links
    items = []
    for sent, cues, link in links:
        if sent.start not in parsed:
            parsed[sent.start] = linear.parsed_sentence(sent, cues)
        h, t = link.holder.mention, link.target.mention
        a, b = (h, t) if h.start <= t.start else (t, h)
        base = sent.start_char
        items.append(
            (parsed[sent.start], (a.start - base, a.end - base), (b.start - base, b.end - base))
        )
    probs = lin.predict(items)
    out = []
    for (_, _, link), p in zip(links, probs, strict=True):
        if link.rule == "mutual":
            # Coordinated actors ("Brazil and Argentina agreed") are no pair the classifier was
            # taught to relate: its reading says nothing either way (every logit 0).
            out.append(Scored(link, 0.5, 0.5, 0.5))
            continue
        forward = link.holder.mention.start <= link.target.mention.start
        sup, crit = (float(p[1]), float(p[3])) if forward else (float(p[2]), float(p[4]))
        agree, opposite = (crit, sup) if link.polarity == CRITICAL else (sup, crit)
        out.append(Scored(link, agree, float(p[0]), opposite))
    return out


def link_features(s: Scored) -> list[float]:
    """The calibration's inputs for one link, in the order of :data:`FEATURES`."""
    link = s.link
    event = link.cue.event
    h, t = link.holder.mention, link.target.mention
    gap = max(h.start, t.start) - min(h.end, t.end)
    return [
        _logit(s.agree),
        _logit(s.agree) if link.rule == "path" else 0.0,
        _logit(s.neutral),
        _logit(s.opposite),
        link.cue.weight,
        float(link.hedged),
        float(event is not None and event.mode == "material"),
        float(event is None),
        math.log1p(max(gap, 0)),
        math.log1p(link.crowd),
        float(s.holder_steps),
        float(s.target_steps),
        float(s.governs_both),
        *(float(link.rule == r) for r in RULE_NAMES),
    ]


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


@dataclass(slots=True, frozen=True)
class Calibration:
    coef: tuple[float, ...]
    intercept: float
    #: How a stance's evidence probabilities combine ("max" or "noisy_or").
    combine: str = "max"

    def probability(self, features: list[float]) -> float:
        z = self.intercept + sum(c * x for c, x in zip(self.coef, features, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


@functools.cache
def calibration() -> Calibration | None:
    path = transformer.MODEL_DIR / CALIBRATION_FILE
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{CALIBRATION_FILE} was fitted on other features: refit it")
    return Calibration(
        tuple(float(c) for c in data["coef"]),
        float(data["intercept"]),
        str(data.get("stance_combine", "max")),
    )


def stance_combination() -> str:
    cal = calibration()
    return cal.combine if cal is not None else "max"


#: Set by :func:`uncalibrated` while the calibration itself is being fitted.
_FITTING = False


def uncalibrated() -> None:
    """Score links without the shipped calibration (``training/calibrate_stances.py`` fits a
    new one on the features alone)."""
    global _FITTING
    _FITTING = True


def calibrate(scored: list[Scored]) -> None:
    """Fill each link's probability; without a shipped calibration, the cue and the classifier
    averaged (uncalibrated, for development only)."""
    cal = None if _FITTING else calibration()
    for s in scored:
        if cal is None:
            s.probability = 0.5 * s.link.cue.weight + 0.5 * s.agree
        else:
            s.probability = cal.probability(link_features(s))


def as_array(scored: list[Scored]) -> np.ndarray:
    return np.array([link_features(s) for s in scored], dtype=np.float64).reshape(-1, len(FEATURES))
