"""The four sections as spaCy components, after ``news_names`` in the pipeline.

Each section is a component that reads the parse (and the sections it ``requires``) from the
``Doc`` and writes its result on ``doc._.<section>``: ``doc._.entities``, ``doc._.dates``,
``doc._.trade_figures``, ``doc._.stances``. Figures read ``doc._.entities`` and
``doc._.dates``, stances ``doc._.entities``.

A section runs only on a document that asks for it: :func:`run` puts the request on
``doc._.news_request`` (the sections to run, the anchor date, the stance options) and calls the
section components in pipeline order. A ``Doc`` parsed without a request (``nlp(text)`` in
tests and evaluation, the joint parse of a batch) is only parsed: its sections are left
``None``. The request is the document's own, so concurrent requests that share the pipeline
never change what another runs (``nlp.select_pipes`` would change the shared pipeline).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from service.extract import dates, figures, stances
from service.extract.dates import extract_dates
from service.extract.entities import extract_entities
from service.extract.figures import extract_figures
from service.extract.stances import extract_stances

#: Pipe name -> factory, in pipeline order: each section after the ones it reads.
FACTORIES: dict[str, str] = {
    "entities": "news_entities",
    "dates": "news_dates",
    "trade_figures": "news_trade_figures",
    "stances": "news_stances",
}


@dataclass(frozen=True, slots=True)
class Request:
    """What one document asks of the sections."""

    #: The sections to run: those requested and those they need (:func:`needed`).
    sections: frozenset[str]
    #: The article's date, on which relative dates and periods are resolved.
    anchor: dt.date | None = None
    include_neutral: bool = False
    min_score: float = stances.DEFAULT_MIN_SCORE


Doc.set_extension("news_request", default=None, force=True)
for _section in FACTORIES:
    Doc.set_extension(_section, default=None, force=True)


class _Section:
    """A section component: runs when the document's request names its section."""

    section: str

    def __call__(self, doc: Doc) -> Doc:
        request: Request | None = doc._.news_request
        if request is not None and self.section in request.sections:
            doc._.set(self.section, self.extract(doc, request))
        return doc

    def extract(self, doc: Doc, request: Request) -> list[Any]:
        raise NotImplementedError


class Entities(_Section):
    section = "entities"

    def extract(self, doc: Doc, request: Request) -> list[Any]:
        return extract_entities(doc)


class Dates(_Section):
    section = "dates"

    def __init__(self, tuning: dates.Tuning) -> None:
        self.tuning = tuning

    def extract(self, doc: Doc, request: Request) -> list[Any]:
        return extract_dates(doc, request.anchor, self.tuning)


class TradeFigures(_Section):
    section = "trade_figures"

    def __init__(self, tuning: figures.Tuning) -> None:
        self.tuning = tuning

    def extract(self, doc: Doc, request: Request) -> list[Any]:
        return extract_figures(doc, doc._.entities, doc._.dates, request.anchor, self.tuning)


class Stances(_Section):
    section = "stances"

    def __init__(self, limits: stances.Limits) -> None:
        self.limits = limits

    def extract(self, doc: Doc, request: Request) -> list[Any]:
        return extract_stances(
            doc,
            doc._.entities,
            request.include_neutral,
            min_score=request.min_score,
            limits=self.limits,
        )


@Language.factory(
    "news_entities",
    requires=["doc.spans", "token.dep", "token.lemma"],
    assigns=["doc._.entities"],
)
def make_entities(nlp: Language, name: str) -> Entities:
    return Entities()


@Language.factory(
    "news_dates",
    requires=["doc.ents", "doc.sents", "token.dep", "token.tag"],
    assigns=["doc._.dates"],
    default_config={
        "window_before": dates.DEFAULT_TUNING.window_before,
        "window_after": dates.DEFAULT_TUNING.window_after,
        "tense_bias": dates.DEFAULT_TUNING.tense_bias,
        "present_future_bias": dates.DEFAULT_TUNING.present_future_bias,
    },
)
def make_dates(
    nlp: Language,
    name: str,
    window_before: int,
    window_after: int,
    tense_bias: float,
    present_future_bias: float,
) -> Dates:
    return Dates(dates.Tuning(window_before, window_after, tense_bias, present_future_bias))


@Language.factory(
    "news_trade_figures",
    requires=["doc._.entities", "doc._.dates", "doc.sents", "token.dep"],
    assigns=["doc._.trade_figures"],
    # One key per field of figures.Tuning, with its default.
    default_config=asdict(figures.DEFAULT_TUNING),
)
def make_trade_figures(
    nlp: Language,
    name: str,
    percent_cue_distance: int,
    percent_vague_cue_distance: int,
    money_cue_distance: int,
    verb_cue_penalty: int,
    look_back: int,
    period_carry: int,
    antecedent_look_back: int,
    long_sentence: int,
    max_party_distance: int,
    max_anaphor_distance: int,
    max_role_word_distance: int,
    max_relation_hops: int,
    bystander_climb: int,
    max_source_side: int,
    max_change_gap: int,
    rate_once_gap: int,
) -> TradeFigures:
    return TradeFigures(
        figures.Tuning(
            percent_cue_distance=percent_cue_distance,
            percent_vague_cue_distance=percent_vague_cue_distance,
            money_cue_distance=money_cue_distance,
            verb_cue_penalty=verb_cue_penalty,
            look_back=look_back,
            period_carry=period_carry,
            antecedent_look_back=antecedent_look_back,
            long_sentence=long_sentence,
            max_party_distance=max_party_distance,
            max_anaphor_distance=max_anaphor_distance,
            max_role_word_distance=max_role_word_distance,
            max_relation_hops=max_relation_hops,
            bystander_climb=bystander_climb,
            max_source_side=max_source_side,
            max_change_gap=max_change_gap,
            rate_once_gap=rate_once_gap,
        )
    )


@Language.factory(
    "news_stances",
    requires=["doc._.entities", "doc.sents", "token.dep", "token.lemma"],
    assigns=["doc._.stances"],
    # The minimum score is each request's (NEWSX_STANCE_MIN_SCORE, read per request): see
    # :class:`Request`.
    default_config={
        "path_max_tokens": stances.DEFAULT_LIMITS.path_max_tokens,
        "pair_window": stances.DEFAULT_LIMITS.pair_window,
        "mention_pairs": stances.DEFAULT_LIMITS.mention_pairs,
        "evaluative_min_weight": stances.DEFAULT_LIMITS.evaluative_min_weight,
    },
)
def make_stances(
    nlp: Language,
    name: str,
    path_max_tokens: int,
    pair_window: int,
    mention_pairs: int,
    evaluative_min_weight: float,
) -> Stances:
    return Stances(
        stances.Limits(path_max_tokens, pair_window, mention_pairs, evaluative_min_weight)
    )


def add_sections(nlp: Language) -> None:
    """Add the section components that ``nlp`` lacks, at the end, in pipeline order."""
    for name, factory in FACTORIES.items():
        if name not in nlp.pipe_names:
            nlp.add_pipe(factory, name=name)


def needed(nlp: Language, include: Iterable[str]) -> frozenset[str]:
    """The sections ``include`` names and every section they read, by the components'
    ``requires`` and ``assigns``."""
    assigned = {
        attr: name
        for name in FACTORIES
        if name in nlp.pipe_names
        for attr in nlp.get_pipe_meta(name).assigns
    }
    wanted = set(include)
    todo = list(wanted)
    while todo:
        for attr in nlp.get_pipe_meta(todo.pop()).requires:
            source = assigned.get(attr)
            if source is not None and source not in wanted:
                wanted.add(source)
                todo.append(source)
    return frozenset(wanted)


def run(nlp: Language, doc: Doc, request: Request) -> dict[str, float]:
    """Run the requested section components on a parsed ``doc``, in pipeline order; each one's
    time in milliseconds."""
    doc._.news_request = request
    section_ms: dict[str, float] = {}
    for name, component in nlp.pipeline:
        if isinstance(component, _Section) and component.section in request.sections:
            begun = time.perf_counter()
            component(doc)
            section_ms[name] = (time.perf_counter() - begun) * 1000
    return section_ms
