"""Dates section: every temporal expression, typed and normalized as TIMEX3.

Recognition is a set of rules (``rules.py``), registered in one table (``grammar.py``): each a
regular expression built once from the lexicon, checked against the spaCy parse where words are
ambiguous ("May" the month or the modal, "fall" the season or the verb, "1990" a year or a
count; ``accept.py``), with the normalizer that gives its value. Overlaps go to the longest
match. Normalizers resolve relative expressions against the anchor, in the direction the
governing verb's tense gives (``tense.py``), and back-references against the last date the text
mentioned; they are grouped by what they read: ``absolute.py``, ``relative.py``,
``fiscal.py``, ``durations.py``, ``clock.py``, ``holiday.py`` (with ``number_words.py`` and
``norms.py`` shared).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc

from service.extract.dates import timex_arith as cal
from service.extract.dates.accept import Site, TokenIndex, accepts, previous_word
from service.extract.dates.grammar import rules
from service.extract.dates.lexicon import lexicon
from service.extract.dates.norms import Context, Norm
from service.extract.dates.rules import Rule, TriggerScan
from service.extract.dates.tense import SentenceRoots, direction
from service.extract.dates.timex_arith import Direction
from service.extract.dates.tuning import DEFAULT_TUNING, Tuning
from service.extract.pipeline import text_of
from service.extract.results import TimeExpression

__all__ = ["DEFAULT_TUNING", "Tuning", "extract_dates"]

_CUES: dict[str, list[str]] = lexicon()["cues"]
# "by February", "effective June 1", "as soon as Tuesday": forward whatever the tense.
_FORWARD = frozenset(_CUES["future_prepositions"])
_BACKWARD = frozenset(_CUES["past_prepositions"])


@dataclass(slots=True)
class _Candidate:
    rule: Rule
    match: re.Match[str]

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def end(self) -> int:
        return self.match.end()

    @property
    def reach(self) -> int:
        """The end of what the match claims: past a lookahead its value uses, so that "this
        year" in "February this year" is not a second expression."""
        if "ytail" in self.match.re.groupindex:
            return max(self.match.end("ytail"), self.match.end())  # -1 when it did not match
        return self.match.end()


def extract_dates(
    doc: Doc, anchor: dt.date | None, tuning: Tuning = DEFAULT_TUNING
) -> list[TimeExpression]:
    """All temporal expressions of ``doc`` in text order; relative ones resolved on ``anchor``.
    ``tuning``: the section's settings (the ``news_dates`` component's config)."""
    text = text_of(doc)
    token_at = TokenIndex(doc)
    site = Site(text, doc, token_at, _ent_chars(doc, len(text), "DATE", "TIME"))
    scan = TriggerScan(text, tuning)
    candidates = [
        _Candidate(rule, match)
        for rule in rules()
        for match in rule.finditer(text, scan)
        if match.end() > match.start() and accepts(rule, match, site)
    ]
    chosen = _longest_first(candidates)

    found: list[TimeExpression] = []
    ctx = Context(anchor=anchor, tuning=tuning)
    tenses: dict[int, Direction] = {}
    roots = SentenceRoots(doc)
    for cand in chosen:
        ctx.direction = direction(doc, token_at, cand.start, cand.end, tenses, roots)
        ctx.bias = tuning.tense_bias
        previous = previous_word(text, cand.start)
        if previous in _FORWARD:
            ctx.direction = 1
        elif previous in _BACKWARD:
            ctx.direction, ctx.bias = -1, math.inf  # "since July" is never ahead
        norm = _normalize(cand, ctx)
        if norm is None or norm.value is None:
            continue
        if (
            norm.point is not None
            and norm.type in ("DATE", "TIME")
            and not _ends_period(text, cand.start)
        ):
            ctx.last, ctx.last_counted = norm.point, norm.counted
            # A quarter is a reporting period once it is over: "the fourth quarter ended
            # Sept. 30" (a fiscal label) in a November report is not what "the latest quarter"
            # or "a year ago" there refer to.
            if (
                norm.point[1] == "Q"
                and (anchor is None or _quarter_over(norm.point[0], anchor))
                and (ctx.period is None or norm.point[0] >= ctx.period[0])
            ):
                ctx.period = norm.point
        elif norm.type == "DURATION" and _NINE_MONTHS.match(cand.match[0]) and anchor is not None:
            # "the first nine months": a reporting period longer than a quarter; TIMEX3 can
            # only say its year, and "a year earlier" after it compares years.
            year = (ctx.period or (anchor, "Y"))[0].year
            ctx.last, ctx.last_counted, ctx.period = (dt.date(year, 1, 1), "Y"), False, None
        start = cand.start
        if _ADJECTIVAL.match(cand.match[0]):
            # "the 14-day strike", "the third-quarter loss": "the" belongs to the noun.
            start += len(cand.match[0]) - len(cand.match[0].split(None, 1)[1])
        found.append(
            TimeExpression(
                text=text[start : cand.end],
                start=start,
                end=cand.end,
                type=norm.type,
                value=norm.value,
                mod=norm.mod,
            )
        )
    return _join_times(found, text)


def _normalize(cand: _Candidate, ctx: Context) -> Norm | None:
    """The rule's value; past the calendar's edges (before year 1, after 9999: "last year" in
    0001, "12,000 years ago") the value stays unresolved, as it would without an anchor."""
    try:
        return cand.rule.normalize(cand.match, ctx)
    except (ValueError, OverflowError):
        try:
            return cand.rule.normalize(cand.match, Context(anchor=None, tuning=ctx.tuning))
        except (ValueError, OverflowError):
            return None


def _quarter_over(start: dt.date, anchor: dt.date) -> bool:
    try:
        return cal.shift(start, 1, "Q") <= anchor
    except (ValueError, OverflowError):  # the last quarter of year 9999 is never over
        return False


# "the quarter ended Sept. 30": the day closes the period under discussion, which later
# back-references ("a year earlier") keep referring to.
_PERIOD_END = re.compile(r"\b(?:quarters?|period)\s+(?:that\s+|which\s+)?end(?:ed|ing)\s+$", re.I)


def _ends_period(text: str, start: int) -> bool:
    return _PERIOD_END.search(text, max(0, start - 40), start) is not None


_NINE_MONTHS = re.compile(
    r"(?i)the\s+(?:(?:first|latest|past|last|fiscal)\s+)?(?:nine|six|9|6)\s+months$"
)

_ADJECTIVAL = re.compile(r"(?i)the\s+[\w.]+-(?:\w+-)?[a-z]+$")

_DAY_VALUE = re.compile(r"^(?:\d{4}|XXXX)-(?:\d\d|XX)-(?:\d\d|XX)$|^XXXX-WXX-\d$")

_JOIN_GAP = re.compile(r"\s*,?\s*")


def _join_times(found: list[TimeExpression], text: str) -> list[TimeExpression]:
    """A clock time followed by its day ("10 p.m. Wednesday", "5 p.m. EST, Nov. 6") is one
    TIME on that day."""
    joined: list[TimeExpression] = []
    i = 0
    while i < len(found):
        cur = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if (
            nxt is not None
            and cur.type == "TIME"
            and cur.value
            and "T" in cur.value
            and nxt.type == "DATE"
            and nxt.value
            and _DAY_VALUE.match(nxt.value)
            and _JOIN_GAP.fullmatch(text, cur.end, nxt.start)
        ):
            clock = cur.value[cur.value.index("T") :]
            joined.append(
                TimeExpression(
                    text=text[cur.start : nxt.end],
                    start=cur.start,
                    end=nxt.end,
                    type="TIME",
                    value=nxt.value + clock,
                    mod=cur.mod or nxt.mod,
                )
            )
            i += 2
            continue
        joined.append(cur)
        i += 1
    return joined


def _ent_chars(doc: Doc, size: int, *labels: str) -> bytearray:
    """A mask of the characters inside spaCy entities with one of ``labels``."""
    mask = bytearray(size + 1)
    for ent in doc.ents:
        if ent.label_ in labels:
            mask[ent.start_char : ent.end_char] = b"\x01" * (ent.end_char - ent.start_char)
    return mask


def _longest_first(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping matches, longest first; ties go to the earlier rule. Rules that do not
    emit (ages) block others."""
    ordered = sorted(candidates, key=lambda c: (c.start - c.reach, c.rule.priority, c.start))
    taken: list[_Candidate] = []
    # Taken extents never overlap, so sorted by start a candidate can only clash with its two
    # neighbours: a bisection instead of a scan over everything taken (quadratic on long texts).
    starts: list[int] = []
    ends: list[int] = []
    for cand in ordered:
        i = bisect_right(starts, cand.start)
        reach = cand.reach
        if (i > 0 and ends[i - 1] > cand.start) or (i < len(starts) and starts[i] < reach):
            continue
        starts.insert(i, cand.start)
        ends.insert(i, reach)
        taken.append(cand)
    return sorted((c for c in taken if c.rule.emits), key=lambda c: c.start)
