"""Trade figures section: economic amounts with currency, metric, parties, period and source.

How it works, per article:

1. :func:`~service.extract.figures.amounts.find_amounts` reads every money amount, percentage
   and unit quantity from the raw text (symbols, codes, currency words, magnitudes, written
   numbers, ranges, signs, qualifiers), with its value in base units.
2. Each amount is placed in the spaCy parse. Within its sentence, amounts that are changes
   ("up 30%", "by $2bn", "from $80bn") are linked to the level they modify ("to $2.3bn").
3. For every remaining figure the nearest metric cue in the dependency tree names the metric;
   percentages count only when such a cue is near (so "69th birthday" or "20% of voters" are not
   trade figures); entity mentions of the sentence give the parties, the nearest date its period
   and "according to X" / "X said" its source.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from service.extract.figures.amounts import Amount, find_amounts
from service.extract.figures.changes import Item, assign_roles, link_changes
from service.extract.figures.context import (
    FAR,
    Source,
    best_cue,
    distance,
    find_cues,
    find_period,
    find_source,
    paid_to_holders,
    period_start,
)
from service.extract.figures.lexicon import SP, Lexicon, load
from service.extract.figures.mentions import (
    PERSON_TYPES,
    Antecedents,
    is_organisation,
    mention_index,
)
from service.extract.figures.parties import find_parties
from service.extract.figures.tuning import DEFAULT_TUNING, Tuning
from service.extract.pipeline import text_of
from service.extract.results import Entity, Equivalent, TimeExpression, TradeFigure

__all__ = ["DEFAULT_TUNING", "METRICS", "Tuning", "extract_figures"]

#: The fixed metric vocabulary (documented in README.md beside this file); "other" when no cue.
METRICS: tuple[str, ...] = (
    "trade_volume", "exports", "imports", "trade_surplus", "trade_deficit", "investment", "aid",
    "loan", "sanctions", "tariff", "gdp", "growth", "inflation", "price", "revenue", "profit",
    "loss", "dividend", "deal_value", "market_value", "fine", "cost", "spending", "salary",
    "reward", "capital_raising", "budget", "debt", "reserves", "other",
)  # fmt: skip

#: Metrics that an amount of one item ("$25 each") with no deal roles makes a price.
ITEM_PRICED = frozenset({"deal_value", "capital_raising", "other"})
_OF_GDP = re.compile(
    rf"{SP}+of{SP}+(?:the{SP}+)?(?:\w+['’]s{SP}+)?"
    r"(?:GDP|gross domestic product|economic output)",
    re.IGNORECASE,
)
_BILATERAL = re.compile(
    rf"\b(?:bilateral|two-way|(?:the|both){SP}+(?:two{SP}+)?(?:countries|nations|sides|neighbours"
    r"|neighbors|economies))\b",
    re.IGNORECASE,
)
_GAP = re.compile(rf"{SP}*(?:in{SP}+)?")


def extract_figures(
    doc: Doc,
    entities: list[Entity],
    dates: list[TimeExpression],
    anchor: dt.date | None = None,
    tuning: Tuning = DEFAULT_TUNING,
) -> list[TradeFigure]:
    """Trade and economic figures of a parsed article, in text order; ``anchor`` (the
    article's date) places the start of periods such as "over the next decade". ``tuning``:
    the section's settings (the ``news_trade_figures`` component's config)."""
    text = text_of(doc)
    lex = load()
    local_dollar = _dateline_dollar(text, entities, lex)
    amounts = find_amounts(text, local_dollar)
    if not amounts:
        return []
    mentions = mention_index(doc, entities)
    # Span.sent walks the tokens on every call: look sentences up by bisection instead.
    sentences = list(doc.sents)
    sentence_starts = [s.start for s in sentences]
    by_sentence: dict[int, list[Item]] = {}
    for amount in amounts:
        span = doc.char_span(amount.start, amount.end, alignment_mode="expand")
        if span is not None and len(span):
            number = bisect_right(sentence_starts, span.start) - 1
            by_sentence.setdefault(number, []).append(Item(amount, span, sentences[number]))
    dated = sorted(dates, key=lambda d: d.start)
    index = _Index(mentions, [m[0] for m in mentions], dated, [d.start for d in dated])
    figures: list[TradeFigure] = []
    # metric family -> sentence, period and its start last given
    last: dict[str, tuple[int, tuple[str, str | None]]] = {}
    owners: dict[str, tuple[int, list[str]]] = {}  # metric family -> sentence and parties
    for number, items in sorted(by_sentence.items()):
        start = sentences[number].start
        before = doc[sentences[max(0, number - tuning.look_back)].start : start]
        earlier = doc[sentences[max(0, number - tuning.antecedent_look_back)].start : start]
        previous = sentences[number - 1] if number else None
        found = list(
            _sentence_figures(
                items, index, lex, text, (before, earlier, previous), local_dollar, anchor, tuning
            )
        )
        for figure in found:
            # "Revenue declined 8% to $85.7 million": a results paragraph dates its figures
            # once; a figure with no date of its own keeps the period of the figure of the
            # same kind just before (a company's results, a share price), and a company's
            # result with no party that company.
            family = lex.metric_families.get(figure.metric, figure.metric)
            seen = last.get(family)
            if figure.period is None and seen and number - seen[0] <= tuning.period_carry:
                figure.period, figure.period_start = seen[1]
            if figure.period is not None:
                last[family] = (number, (figure.period, figure.period_start))
            owner = owners.get(family)
            carries = family in lex.party_carry_families and not figure.parties
            if carries and owner and number - owner[0] <= tuning.period_carry:
                figure.parties = list(owner[1])
            if figure.parties:
                owners[family] = (number, figure.parties)
        figures.extend(found)
    figures.sort(key=lambda f: f.start)
    return figures


#: Characters at the top of an article in which a dateline ("SYDNEY, May 3 (Reuters) -") sits.
DATELINE_CHARS = 60
_DATELINE_END = re.compile(rf"{SP}*(?:,|\(|-|–|—|:)")


def _dateline_dollar(text: str, entities: list[Entity], lex: Lexicon) -> str | None:
    """The dollar of the country of the article's dateline ("SYDNEY -", "Hong Kong, May 3"),
    which is what that article's bare "$" means."""
    lead = len(text) - len(text.lstrip())
    for entity in entities:
        code = lex.dollar_countries.get(entity.country or "")
        if code is None or entity.type in PERSON_TYPES:
            continue
        for m in entity.mentions:
            if m.start == lead and m.end < DATELINE_CHARS and _DATELINE_END.match(text, m.end):
                return code
    return None


class _Index:
    """Mentions and dates sorted by start, so a sentence or window takes its own by bisection."""

    __slots__ = ("date_starts", "dates", "mention_starts", "mentions")

    def __init__(
        self,
        mentions: list[tuple[int, int, Entity]],
        mention_starts: list[int],
        dates: list[TimeExpression],
        date_starts: list[int],
    ) -> None:
        self.mentions, self.mention_starts = mentions, mention_starts
        self.dates, self.date_starts = dates, date_starts

    def mentions_in(self, span: Span) -> list[tuple[int, int, Entity]]:
        lo = bisect_left(self.mention_starts, span.start_char)
        hi = bisect_left(self.mention_starts, span.end_char)
        return self.mentions[lo:hi]

    def dates_in(self, span: Span) -> list[TimeExpression]:
        lo = bisect_left(self.date_starts, span.start_char)
        hi = bisect_left(self.date_starts, span.end_char)
        return self.dates[lo:hi]


#: Characters of context beyond which a window is not read for sources or bilateral cues.
MAX_CONTEXT_CHARS = 5000


def _window(sent: Span, root: Token, long_sentence: int) -> Span:
    """The sentence, or for a very long one (a table, a run-on list) the words around the
    amount, so that the work per amount stays bounded whatever the input."""
    if len(sent) <= long_sentence:
        return sent
    half = long_sentence // 2
    return sent.doc[max(sent.start, root.i - half) : min(sent.end, root.i + half)]


def _sentence_figures(
    items: list[Item],
    index: _Index,
    lex: Lexicon,
    text: str,
    context: tuple[Span, Span, Span | None],
    local_dollar: str | None,
    anchor: dt.date | None,
    tuning: Tuning,
) -> Iterable[TradeFigure]:
    sent = items[0].sent
    before, earlier, previous = context
    assign_roles(items, sent, text, lex)
    link_changes(items, text, lex, tuning)
    short = len(sent) <= tuning.long_sentence
    sentence_cues = find_cues(sent, lex, tuning) if short else None
    anaphors = Antecedents(lex, index.mentions_in(earlier), previous) if short else None
    sentence_mentions = index.mentions_in(sent)
    anaphor_starts: frozenset[int] = frozenset()
    if anaphors is not None:
        pseudo = anaphors.mentions(sent, sentence_mentions)
        anaphor_starts = frozenset(m[0] for m in pseudo)
        sentence_mentions = sorted(sentence_mentions + pseudo, key=lambda m: m[0])
    if local_dollar and any(e.country == "USA" for _, _, e in sentence_mentions):
        # A dateline's dollar yields to the sentence's own "in the United States".
        for item in items:
            a = item.amount
            if a.currency_assumed and a.family == "dollar" and a.currency == local_dollar:
                a.currency = "USD"
    starts = [i.amount.start for i in items]
    for item in items:
        if item.role == "linked":
            continue
        amount = item.amount
        ctx = _window(sent, item.root, tuning.long_sentence)
        cues = sentence_cues if sentence_cues is not None else find_cues(ctx, lex, tuning)
        near_items = items[bisect_left(starts, ctx.start_char) : bisect_left(starts, ctx.end_char)]
        amount_ranges = [(i.amount.start, i.amount.end) for i in near_items] + [
            (e.start, e.end) for i in near_items for e in i.amount.equivalents
        ]
        # A window of thousands of characters is a giant token (text without spaces): searching
        # it again for every amount in it would be quadratic, and it holds no attribution.
        readable = ctx.end_char - ctx.start_char <= MAX_CONTEXT_CHARS
        source = find_source(ctx, item.root, lex, text, tuning) if readable else None
        skip = (source.start, source.end) if source else None
        # "6.5% of GDP": GDP is the denominator; the metric is the deficit, debt... before it.
        of_gdp = amount.kind == "percent" and _OF_GDP.match(text, amount.end)
        cue = best_cue(item.root, cues, skip, avoid="gdp" if of_gdp else None)
        near = distance(item.root, cue.root)[0] if cue else FAR
        vague = cue is not None and (cue.metric == "other" or cue.penalty > 0)
        limit = tuning.percent_vague_cue_distance if vague else tuning.percent_cue_distance
        if amount.kind == "percent" and near > limit:
            continue  # a percentage with no economic metric near it is no trade figure
        metric = cue.metric if cue and near <= tuning.money_cue_distance else "other"
        if amount.unit and amount.unit.startswith("per ") and metric == "other":
            per = amount.unit[4:]
            metric = "price" if per not in lex.time_per_units else metric
        if metric == "other" and amount.kind == "money" and paid_to_holders(item.root, lex):
            metric = "deal_value"
        if metric == "cost" and cue is not None and _unit_costs(cue.root, lex):
            metric = "price"  # "a barrel of Brent cost $120" is the price of one thing
        if metric == "gdp" and amount.kind == "percent" and item.change is not None:
            metric = "growth"  # "the economy grew 2.5%" is a growth rate, not a GDP level
        excluded = list(amount_ranges)
        if skip and source and not source.actor:
            excluded.append(skip)
        spans = list(item.absorbed)
        if item.change is not None and (item.change.start, item.change.end, "delta") not in spans:
            spans.append((item.change.start, item.change.end, item.change.kind))
        for start, end, kind in spans:
            if kind == "previous":
                # "compared with $3.8 million a year earlier": that date is the earlier level's.
                for date in index.dates_in(ctx):
                    if end <= date.start <= end + 4 and _GAP.fullmatch(text, end, date.start):
                        end = date.end
            excluded.append((start, end))
        mentions = sentence_mentions if short else index.mentions_in(ctx)
        per_share = amount.unit == "per share"
        parties, roles = find_parties(
            ctx, item.root, cue, metric, mentions, excluded, lex, tuning, anaphor_starts, per_share
        )
        each = amount.kind == "money" and lex.item_re.match(text, amount.end)
        if metric in ITEM_PRICED and each and not roles:
            # "254,200 bought ... for $15.50 to $16.75 each", with no deal between parties
            # ("agreed to buy all the shares of Erbamont for $37 each"): what one cost.
            metric = "price"
        if (
            not parties
            and source
            and metric in lex.self_reported_metrics
            and not _owned_elsewhere(item.root, lex)
        ):
            # "Kimberly-Clark said net rose to $108.8 million": a company reporting its own
            # results is their party, though a source is otherwise none.
            parties = _source_party(source, mentions, lex)
        if not parties and readable and _BILATERAL.search(text, ctx.start_char, ctx.end_char):
            parties = _pair_before(index.mentions_in(before))
        period = find_period(
            ctx, item.root, index.dates_in(ctx), excluded[len(amount_ranges) :], lex, text,
            [r for r in amount_ranges if r[0] != amount.start],
        )  # fmt: skip
        yield TradeFigure(
            text=text[amount.start : amount.end],
            start=amount.start,
            end=amount.end,
            value=amount.value,
            currency=amount.currency,
            unit=amount.unit,
            metric=metric,
            parties=parties,
            period=period.value if period else None,
            period_start=period_start(period, text, anchor) if period else None,
            source=source.text if source else None,
            approximate=amount.qualifier == "estimate",
            change=item.change,
            value_max=amount.value_max,
            currency_assumed=amount.currency_assumed,
            qualifier=amount.qualifier,
            roles=roles,
            equivalents=[_equivalent(e, text) for e in amount.equivalents],
            vague=amount.vague,
        )


def _owned_elsewhere(root: Token, lex: Lexicon) -> bool:
    """ "Cilcorp said the businesses to be acquired had revenue of $76 million": the clause
    has a subject of its own that is no metric word, so the figure is not the source's."""
    verb = root
    for verb in root.ancestors:
        if verb.pos_ in ("VERB", "AUX"):
            break
    else:
        return False
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.head.i < verb.i:
        # "said the businesses to be acquired had revenue": the small model hangs the subject
        # on a clause beside the verb, between the reporting verb and it.
        siblings = [
            c
            for s in verb.head.children
            if verb.head.i < s.i < verb.i and s.pos_ in ("VERB", "AUX")
            for c in s.children
            if c.dep_ in ("nsubj", "nsubjpass") and c.i > verb.head.i
        ]
        subjects = siblings[-1:]
    for child in subjects:
        if child.pos_ in ("NOUN", "PROPN"):
            lemma = child.lemma_.lower()
            return lemma not in lex.cue_heads and child.lower_ not in lex.cue_heads
    return False


def _source_party(
    source: Source, mentions: list[tuple[int, int, Entity]], lex: Lexicon
) -> list[str]:
    for start, _, entity in mentions:
        if source.start <= start < source.end and is_organisation(entity, lex):
            return [entity.id]
    return []


def _unit_costs(verb: Token, lex: Lexicon) -> bool:
    """ "A barrel of Brent cost $120", "a ticket costs $5": the subject is one unit of a thing."""
    return verb.pos_ == "VERB" and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in lex.per_units for c in verb.children
    )


def _equivalent(amount: Amount, text: str) -> Equivalent:
    return Equivalent(
        text=text[amount.start : amount.end],
        start=amount.start,
        end=amount.end,
        value=amount.value,
        value_max=amount.value_max,
        currency=amount.currency,
        currency_assumed=amount.currency_assumed,
    )


def _pair_before(mentions: list[tuple[int, int, Entity]]) -> list[str]:
    """ "Bilateral trade", "the two countries": the two countries the sentences before name."""
    pair: list[str] = []
    for _, _, entity in mentions:
        if entity.country and entity.type not in PERSON_TYPES and entity.id not in pair:
            pair.append(entity.id)
    return pair if len(pair) == 2 else []
