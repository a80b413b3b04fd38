"""Result types of the extraction core.

Plain dataclasses with no HTTP knowledge: the web layer dumps them with marshmallow, the command
line with the same schemas. Offsets are Python code-point offsets into the submitted text, end
exclusive, so ``text[start:end] == item.text`` always holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SECTIONS: tuple[str, ...] = ("entities", "dates", "trade_figures", "stances")
STANCE_LABELS: tuple[str, ...] = ("supportive", "critical", "neutral")
DATE_TYPES: tuple[str, ...] = ("DATE", "TIME", "DURATION", "SET")


@dataclass(slots=True)
class Span:
    """A stretch of the submitted text."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Mention(Span):
    """One mention of an entity; ``metonym`` marks a place name standing for its government."""

    metonym: bool = False


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str
    mentions: list[Mention]
    country: str | None = None
    wikidata: str | None = None
    salience: float = 0.0
    #: The same for the same actor in every article: the Wikidata id, else "<type>:<name>".
    key: str = ""
    #: What the knowledge base knows the entity as (country, bloc, city, region, org, person,
    #: seat), or ``None``; for the sections that read entities, not part of the API.
    kind: str | None = None


@dataclass(slots=True)
class TimeExpression(Span):
    type: str = "DATE"
    value: str | None = None
    mod: str | None = None


@dataclass(slots=True)
class Change(Span):
    """A change figure ("up 30% from a year earlier") attached to the figure it modifies."""

    direction: str = "up"  # up | down | unchanged
    value: float | None = None
    unit: str | None = None
    currency: str | None = None
    #: "delta": ``value`` is the change itself ("up 30%", "by $2bn"); "previous": ``value`` is the
    #: earlier level it changed from ("down from $80bn").
    kind: str = "delta"
    #: The earlier level too, when the text gives it beside a delta ("fell 8% to $85.7 million,
    #: from $93.3 million").
    previous: float | None = None


@dataclass(slots=True)
class Equivalent(Span):
    """The same amount in another currency: the "($4.6 billion)" of "4.2 billion euros"."""

    value: float | None = None
    value_max: float | None = None
    currency: str | None = None
    currency_assumed: bool = False


#: What a figure's ``qualifier`` says about its value (see service/extract/figures/README.md).
QUALIFIERS: tuple[str, ...] = ("estimate", "cap", "floor")
#: Roles a party can have in a figure, where the grammar of the sentence gives one.
ROLES: tuple[str, ...] = (
    "exporter", "importer", "buyer", "seller", "target", "lender", "borrower", "giver",
    "recipient",
)  # fmt: skip


@dataclass(slots=True)
class TradeFigure(Span):
    value: float | None = None
    currency: str | None = None
    unit: str | None = None
    metric: str = "other"
    parties: list[str] = field(default_factory=list)
    period: str | None = None
    source: str | None = None
    approximate: bool = False
    change: Change | None = None
    #: Upper end of a range ("$1.2-1.5bn": value 1.2e9, value_max 1.5e9).
    value_max: float | None = None
    #: The currency was a default guess: "$" alone is read as USD, "pounds" as GBP.
    currency_assumed: bool = False
    #: "estimate" ("about", "nearly"), "cap" ("up to", "no more than") or "floor" ("at least",
    #: "more than"); only an estimate makes the figure ``approximate``.
    qualifier: str | None = None
    #: Roles of parties where the text gives them: entity id -> one of ``ROLES``.
    roles: dict[str, str] = field(default_factory=dict)
    #: The same amount in other currencies, written beside it ("4.2 billion euros ($4.6bn)").
    equivalents: list[Equivalent] = field(default_factory=list)
    #: A vague amount ("tens of millions of dollars"): ``value``-``value_max`` bound a guess.
    vague: bool = False
    #: Where a period that is a stretch of time begins (TIMEX3): "since 2012" -> "2012",
    #: "over the next decade" -> the article's year.
    period_start: str | None = None


@dataclass(slots=True, frozen=True)
class Event:
    """The PLOVER event category a stance's cue names, and its mode (verbal or material)."""

    category: str
    mode: str


@dataclass(slots=True)
class Evidence(Span):
    cues: list[Span] = field(default_factory=list)
    attributed_to: str | None = None
    negated: bool = False
    hedged: bool = False
    event: Event | None = None


@dataclass(slots=True)
class Stance:
    holder: str
    target: str
    label: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class ExtractionWarning:
    code: str
    message: str


@dataclass(slots=True)
class Anchor:
    """The reference date for relative expressions and where it came from."""

    value: dt.date | None
    source: str  # "published" | "none"


@dataclass(slots=True)
class ModelInfo:
    name: str
    version: str


@dataclass(slots=True)
class Meta:
    service_version: str
    models: list[ModelInfo]
    anchor_date: Anchor
    elapsed_ms: float
    warnings: list[ExtractionWarning] = field(default_factory=list)


@dataclass(slots=True)
class ExtractionResult:
    """What one article yields. Sections the caller did not ask for are ``None``."""

    meta: Meta
    id: str | None = None
    entities: list[Entity] | None = None
    dates: list[TimeExpression] | None = None
    trade_figures: list[TradeFigure] | None = None
    stances: list[Stance] | None = None
    #: Each section's own time in milliseconds, for metrics and benchmarks (not in the API).
    section_ms: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Document:
    """One article to process, as the core takes it."""

    text: str
    published: dt.date | dt.datetime | None = None
    id: str | None = None
    include: frozenset[str] = frozenset(SECTIONS)
    #: Also report actor pairs whose every mention is neutral (left out by default).
    include_neutral: bool = False
