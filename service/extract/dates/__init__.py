"""Dates section: every temporal expression, typed and normalized as TIMEX3.

Recognition is a set of regular expressions built once from the lexicon (``grammar.py``),
checked against the spaCy parse where words are ambiguous ("May" the month or the modal, "fall"
the season or the verb, "1990" a year or a count). Overlaps go to the longest match.
Normalization (``normalize.py``) resolves relative expressions against the anchor, in the
direction the governing verb's tense gives, and back-references against the last date the text
mentioned.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Token

from service.extract.dates import timex_arith as cal
from service.extract.dates.grammar import Rule, TriggerScan, lexicon, rules
from service.extract.dates.normalize import NORMALIZERS, Context, Norm
from service.extract.dates.timex_arith import TENSE_BIAS, Direction
from service.extract.pipeline import text_of
from service.extract.results import TimeExpression

__all__ = ["extract_dates"]

_CUES: dict[str, list[str]] = lexicon()["cues"]
# Words after which a bare four-digit number is a year ("in 1990", "since 2014"), a season word
# the season ("last fall"), a plural unit a duration ("for years").
_YEAR_CUES = frozenset(_CUES["year"])
_SEASON_CUES = frozenset(_CUES["season"])
_VAGUE_CUES = frozenset(_CUES["vague_duration"])
# "by February", "effective June 1", "as soon as Tuesday": forward whatever the tense.
_FORWARD = frozenset(_CUES["future_prepositions"])
_BACKWARD = frozenset(_CUES["past_prepositions"])
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
_FUTURE_VERBS = frozenset({"expect", "plan", "schedule", "intend", "aim", "hope", "set", "due"})


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


def extract_dates(doc: Doc, anchor: dt.date | None) -> list[TimeExpression]:
    """All temporal expressions of ``doc`` in text order; relative ones resolved on ``anchor``."""
    text = text_of(doc)
    token_at = _TokenIndex(doc)
    date_chars = _ent_chars(doc, len(text), "DATE", "TIME")
    scan = TriggerScan(text)
    candidates = [
        _Candidate(rule, match)
        for rule in rules()
        for match in rule.finditer(text, scan)
        if match.end() > match.start()
        and _accept(rule.name, match, text, doc, token_at, date_chars)
    ]
    chosen = _longest_first(candidates)

    found: list[TimeExpression] = []
    ctx = Context(anchor=anchor)
    tenses: dict[int, Direction] = {}
    roots = _SentenceRoots(doc)
    for cand in chosen:
        ctx.direction = _direction(doc, token_at, cand.start, cand.end, tenses, roots)
        ctx.bias = TENSE_BIAS
        previous = _previous_word(text, cand.start)
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
        return NORMALIZERS[cand.rule.name](cand.match, ctx)
    except (ValueError, OverflowError):
        try:
            return NORMALIZERS[cand.rule.name](cand.match, Context(anchor=None))
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
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_ADJECTIVAL = re.compile(r"(?i)the\s+[\w.]+-(?:\w+-)?[a-z]+$")
_RATE_BEFORE = re.compile(
    r"(?:\d|%|times|once|twice|million|billion|percent|cents|dollars|pounds|euros)\s*$", re.I
)
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


class _TokenIndex:
    """Character offset -> token index, by bisection over the token starts.

    Built from ``doc.to_array``: iterating a Doc creates a Python object per token, which on a
    long article costs more than all the patterns together.
    """

    def __init__(self, doc: Doc) -> None:
        self._starts: list[int] = doc.to_array(IDX).tolist() if len(doc) else [0]

    def __getitem__(self, char: int) -> int:
        return max(0, bisect_right(self._starts, char) - 1)


class _SentenceRoots:
    """The root of the sentence holding a token, each sentence's found once.

    ``Token.sent`` walks its whole sentence on every access: over a run-on text of thousands of
    tokens ("February 24, 2022 last year 3 p.m. ..." without a full stop) that was quadratic.
    """

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        flags = doc.to_array(SENT_START).tolist() if len(doc) else []
        self._starts = [0, *(i for i, flag in enumerate(flags) if flag == 1 and i > 0)]
        self._roots: dict[int, Token] = {}

    def __getitem__(self, i: int) -> Token:
        k = bisect_right(self._starts, i) - 1
        start = self._starts[k]
        root = self._roots.get(start)
        if root is None:
            end = self._starts[k + 1] if k + 1 < len(self._starts) else len(self._doc)
            root = self._roots[start] = self._doc[start:end].root
        return root


def _ent_chars(doc: Doc, size: int, *labels: str) -> bytearray:
    """A mask of the characters inside spaCy entities with one of ``labels``."""
    mask = bytearray(size + 1)
    for ent in doc.ents:
        if ent.label_ in labels:
            mask[ent.start_char : ent.end_char] = b"\x01" * (ent.end_char - ent.start_char)
    return mask


def _previous_word(text: str, start: int) -> str:
    before = text[max(0, start - 20) : start].rstrip()
    if before.endswith(","):
        return ","
    words = re.findall(r"[\w']+$", before)
    return words[0].lower() if words else ""


def _accept(
    name: str, m: re.Match[str], text: str, doc: Doc, token_at: _TokenIndex, date_chars: bytearray
) -> bool:
    """Checks a pattern cannot make: case, part of speech and the words around the match."""
    groups = m.groupdict()
    month = groups.get("mon")
    if month is not None:
        if not month[0].isupper():
            return False
        if name == "month":
            word = month.lower().rstrip(".")
            if len(word) <= 4 and word not in ("may", "june", "july", "sept") and "." not in month:
                return False
            if word in ("may", "march") and doc[token_at[m.start("mon")]].tag_ not in (
                "NNP",
                "NNPS",
            ):
                return False
    if groups.get("wd") is not None and not groups["wd"][0].isupper():
        return False
    # A match with none of its optional context words needs a cue word before it.
    keys = ("pmod", "fy", "prepost") if name == "year" else ("pmod", "rel", "y", "drel", "vq")
    bare = not any(groups.get(k) for k in keys)
    previous = _previous_word(text, m.start())
    # "nineteen ninety-six" is a year wherever it stands; "twenty twenty" needs a cue like digits.
    spoken = name == "year" and m["y"][:3].lower() == "nin"
    if (
        name == "year"
        and bare
        and not spoken
        and not (date_chars[m.start("y")] or previous in _YEAR_CUES)
    ):
        return False
    if name == "season" and bare:
        token = doc[token_at[m.start("season")]]
        if token.pos_ not in ("NOUN", "PROPN") or previous not in _SEASON_CUES:
            return False
    if (
        name == "one_day"
        and m[0].lower() != "someday"
        and not _adverbial_day(doc, token_at, m.start(), m.end())
    ):
        return False  # "it lasted one day" is a length
    if name == "current" and doc[token_at[m.end() - 1]].tag_ != "JJ":
        return False  # "the current" of a river
    if name == "vague_duration" and bare and previous not in _VAGUE_CUES:
        return False
    if _PARAGRAPH_BREAK.search(m[0]):
        return False  # an expression never runs across paragraphs
    if name in _LOWERCASE_RULES and _is_title_midsentence(m[0], text, m.start()):
        return False  # "60 Minutes", "This Week", "High Noon": names of shows and films
    if (
        name == "duration"
        and (groups.get("num") or "").lower() in ("a", "an")
        and m["unit"].lower().endswith("s")
    ):
        return False  # "a months-long strike": "a" is the strike's
    if name == "duration" and re.fullmatch(r"(?i)an?\s+second", m[0]):
        return False  # "a second round" is an ordinal
    if name.startswith("decade") and previous in ("his", "her", "their", "my", "your", "our"):
        return False  # "in his 30s" is an age
    if name == "quarter" and previous in ("a", "one", "three", "per") and m[0].lower() == "quarter":
        return False  # "a quarter" of something, "three quarter" fractions
    if name == "year_end" and _noun_follows(doc, token_at, m.end()):
        return False  # "year-end results": a modifier, not a time of its own
    if name == "holiday" and not groups["hol"][0].isupper():
        return False
    # "$5 a year", "twice a day" are rates (SET), not durations.
    rate = _RATE_BEFORE.search(text, max(0, m.start() - 16), m.start()) is not None
    if name == "rate":
        return rate
    return not (name == "duration" and (groups.get("num") or "").lower() in ("a", "an") and rate)


def _adverbial_day(doc: Doc, token_at: _TokenIndex, start: int, end: int) -> bool:
    """ "will one day be", "one day follow", "someday": between a modal and its verb, or
    straight before a verb."""
    first, after = token_at[start], token_at[end - 1] + 1
    before_modal = first > 0 and doc[first - 1].tag_ == "MD"
    verb_next = after < len(doc) and doc[after].tag_ in ("VB", "VBP", "VBZ", "VBD")
    return before_modal or verb_next


def _noun_follows(doc: Doc, token_at: _TokenIndex, end: int) -> bool:
    i = token_at[end - 1] + 1
    return i < len(doc) and doc[i].idx - end <= 1 and doc[i].pos_ in ("NOUN", "PROPN")


# Rules whose words are lowercase in running text (units, "this week", "today", "noon").
_LOWERCASE_RULES = frozenset(
    {"duration", "rel_unit", "deictic", "time", "vague_duration", "day_part"}
)


def _is_title_midsentence(match: str, text: str, start: int) -> bool:
    """Every word capitalized, and not at the start of a sentence or a quotation."""
    words = re.findall(r"[A-Za-z]+", match)
    if not words or not all(w[0].isupper() for w in words):
        return False
    before = text[max(0, start - 3) : start].rstrip(" \t")
    return bool(before) and before[-1] not in ".!?\n\"'`“‘(—-:;"


def _longest_first(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping matches, longest first; ties go to the earlier rule. Ages block others."""
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
    return sorted((c for c in taken if c.rule.name != "age"), key=lambda c: c.start)


def _direction(
    doc: Doc,
    token_at: _TokenIndex,
    start: int,
    end: int,
    tenses: dict[int, Direction],
    roots: _SentenceRoots,
) -> Direction:
    """-1 past, +1 future, 0 present/unknown: the tense of the verb governing the expression.

    ``tenses`` caches the answer per governing verb: reading a verb's children costs as many
    steps as it has, and in a run-on sentence every expression hangs from the same root."""
    span = doc[token_at[start] : token_at[max(start, end - 1)] + 1]
    verb: Token | None = None
    node = span.root
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass"):
            verb = node
            break
        if node.head is node:
            break
        node = node.head
    if verb is None:
        verb = roots[span.root.i]
    if verb.i not in tenses:
        tenses[verb.i] = _governing_tense(verb)
    return tenses[verb.i]


def _governing_tense(verb: Token) -> Direction:
    for _ in range(3):
        tense = _verb_tense(verb)
        if tense is not None:
            return tense
        if verb.head is verb:
            break
        # An infinitive or participle takes the tense of the verb it depends on, except after
        # verbs of planning ("expected to arrive Friday") and "be to" ("is to resume Tuesday").
        if verb.tag_ == "VB" and (
            verb.head.lemma_ in _FUTURE_VERBS
            or (verb.head.lemma_ == "be" and any(c.lower_ == "to" for c in verb.children))
        ):
            # "had been scheduled to expire Friday": a plan the story has overtaken, so past.
            return -1 if _past_perfect(verb.head) else 1
        verb = verb.head
    return 0


def _past_perfect(word: Token) -> bool:
    """ "had" among the auxiliaries of ``word`` or, for "had been due to", of its copula."""
    heads = (word, word.head) if word.dep_ in ("acomp", "attr") else (word,)
    return any(c.lower_ == "had" and c.dep_ == "aux" for h in heads for c in h.children)


def _verb_tense(verb: Token) -> Direction | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX or verb.lower_ in _FUTURE_AUX:
        return 1
    if "going" in words and "to" in words:
        return 1
    tags = {a.tag_ for a in auxes} | {verb.tag_}
    if "VBD" in tags:
        return -1
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return -1
    if tags & {"VBZ", "VBP"} or "MD" in tags:
        return 0
    return None
