"""Recognition patterns for English temporal expressions, built once from the lexicon.

Each rule is a compiled regular expression with a name; the normalizer (``normalize.py``)
dispatches on the name. Patterns follow the TimeML extent conventions: determiners and
modifiers ("the", "last", "nearly", "the beginning of") are inside, prepositions ("on", "in",
"since") outside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from service.knowledge import read_json


def lexicon() -> dict[str, Any]:
    """The temporal lexicon (``service/knowledge/temporal.json``), read once per process."""
    return read_json("temporal.json")


def _alt(words: list[str] | Any) -> str:
    """A regex alternation of ``words``, longest first so "sept" wins over "sep"."""
    ordered = sorted({w for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


class TriggerScan:
    """One text's trigger hits, found once per distinct trigger and shared by the rules that
    use it. Lower-case triggers run case-sensitively on a lower-cased copy when lowering keeps
    every offset (about twice as fast as ``re.IGNORECASE``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        folded = text.lower()
        self._folded = folded if len(folded) == len(text) else None
        self._windows: dict[str, list[tuple[int, int]]] = {}

    def windows(
        self, trigger: re.Pattern[str], folded: re.Pattern[str] | None
    ) -> list[tuple[int, int]]:
        """Merged character ranges around the trigger's hits that a match may span."""
        found = self._windows.get(trigger.pattern)
        if found is not None:
            return found
        if folded is not None and self._folded is not None:
            hits = folded.finditer(self._folded)
        else:
            hits = trigger.finditer(self.text)
        merged: list[list[int]] = []
        for hit in hits:
            start, end = max(0, hit.start() - WINDOW_BEFORE), hit.end() + WINDOW_AFTER
            if merged and start <= merged[-1][1]:
                merged[-1][1] = end
            else:
                merged.append([start, end])
        found = [(start, min(end, len(self.text))) for start, end in merged]
        self._windows[trigger.pattern] = found
        return found


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    priority: int  # breaks ties between equally long matches: lower wins
    #: A cheap pattern every match contains; the rule runs only in windows around its hits,
    #: which keeps the whole section a few milliseconds on a long article. ``None``: run on all.
    trigger: re.Pattern[str] | None = None
    #: The trigger without IGNORECASE, for lower-cased text (``None`` if it has capitals).
    folded_trigger: re.Pattern[str] | None = None

    def finditer(self, text: str, scan: TriggerScan | None = None) -> list[re.Match[str]]:
        """The rule's matches in ``text``, searched only near the trigger's hits."""
        if self.trigger is None:
            return list(self.pattern.finditer(text))
        if scan is None or scan.text is not text:
            scan = TriggerScan(text)
        found: list[re.Match[str]] = []
        for start, end in scan.windows(self.trigger, self.folded_trigger):
            for m in self.pattern.finditer(text, start, end):
                if not found or m.start() >= found[-1].end():
                    found.append(m)
        return found


#: How far before and after a trigger's hit a match may reach (the longest expressions,
#: "the beginning of the third quarter of 1990", stay well inside).
WINDOW_BEFORE = 80
WINDOW_AFTER = 60


@cache
def rules() -> tuple[Rule, ...]:
    lex = lexicon()
    month_names = [m for m in lex["months"] if len(m) > 4 or m in ("may", "june", "july")]
    month_abbr = [m for m in lex["months"] if len(m) <= 4 and m not in month_names]
    # Abbreviations take an optional dot; full names none ("Sept." but "September").
    month = rf"(?:{_alt(month_names)}|(?:{_alt(month_abbr)})\.?)"
    weekday = rf"(?:{_alt([w for w in lex['weekdays'] if len(w) > 4])})"
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    ones = "one|two|three|four|five|six|seven|eight|nine"
    number_words = [w for w in lex["numbers"] if w not in ("a", "an")]
    num = (
        # "two thousand", "five hundred": a count of hundreds or thousands, before the bare words
        rf"(?:(?:{ones}|{tens}|\d+)\s+(?:hundred|thousand)\b|"
        # "12,000 years": thousands separators read whole, never from inside a number
        rf"(?:{tens})(?:[-\s](?:{ones}))?|{_alt(number_words)}|"
        r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|an?(?=[\s-]))"
        r"(?:[-\s]and[-\s]a[-\s]half|\s+1/2)?"
    )
    vague = _alt(lex["vague_numbers"])
    unit = (
        r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?"
        r"|quarters?|years?|yrs?|decades?|century|centuries|millennium|millennia|weekends?)"
    )
    season = rf"(?:{_alt(lex['seasons'])})"
    teens = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    # Years as digits, or spoken as broadcast transcripts write them ("nineteen ninety-six").
    year = (
        r"(?:(?<![\d$£€.,])(?:1[0-9]{3}|20[0-9]{2})(?![\d%]|,\d|\.\d)|"
        rf"(?:(?:nineteen|twenty)[-\s]+(?:(?:{tens})(?:[-\s](?:{ones}))?|{teens}|"
        rf"oh[-\s](?:{ones}))\b|two\s+thousand(?:\s+and)?(?:\s+(?:{teens}|{ones})\b)?)"
        r"(?!\s+(?:hundred|thousand|million|billion|percent)\b))"
    )
    rel = (
        r"(?:last|this|next|that(?:\s+same)?|the\s+same|this\s+past|this\s+coming|"
        r"(?:the\s+)?(?:past|coming|previous|following|current|preceding))"
    )
    point_mod = (
        r"(?:(?P<pmod>early|late|mid|earlier|later|"
        r"(?:the\s+)?(?:very\s+)?(?:beginning|start|end|middle|close|turn|dawn)\s+of|"
        r"(?:the\s+)?(?:early|late|latter|later|first|second)\s+(?:part|half)\s+of)"
        r"(?:\s*-\s*|\s+(?:in\s+)?))?"
    )
    approx = (
        r"(?:(?P<amod>nearly|almost|about|around|approximately|roughly|some|more\s+than|"
        r"less\s+than|fewer\s+than|at\s+least|at\s+most|no\s+more\s+than|no\s+less\s+than|"
        r"up\s+to|just\s+over|just\s+under|well\s+over|barely|longer\s+than)\s+)?"
    )
    # Before a bare number "over"/"under" are "more/less than"; before "the" they are prepositions.
    approx_over = approx.replace("barely|", "barely|over|under|")
    holidays = _alt(lex["holidays"])
    day = r"(?P<d>[12]?\d|3[01])(?:st|nd|rd|th)?(?!\d|:\d)"
    ordinal = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
    b = r"\b"

    table: list[tuple[str, str]] = [
        (
            "iso",
            rf"{b}(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?:[T\s](?P<H>\d{{2}}):(?P<M>\d{{2}}))?{b}",
        ),
        (
            "slash",
            rf"{b}(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>\d{{4}}|\d{{2}}){b}",
        ),
        (
            # 24.02.2022: day first, as everywhere dots are used
            "dotted",
            rf"{b}(?P<d>3[01]|[12]\d|0?[1-9])\.(?P<m>1[0-2]|0?[1-9])\.(?P<y>\d{{4}}){b}",
        ),
        (
            # "the week of March 6": the ISO week that contains the day
            "week_of",
            rf"{b}the\s+week\s+of\s+(?P<mon>{month})\s*{day}(?:,?\s*(?P<y>{year}))?",
        ),
        (
            # "year-end", "by year's end": the end of the year, as "the end of the year" is
            "year_end",
            rf"{b}{approx}year(?:-|\s+|'s\s+)end{b}(?!-)(?:,?\s+(?P<y>{year}))?",
        ),
        (
            "mdy",
            rf"{b}{point_mod}(?:(?P<wd>{weekday}),?\s+)?(?P<mon>{month})\s*{day}"
            rf"(?:,?\s*(?P<y>{year}))?",
        ),
        (
            "dmy",
            rf"{b}(?:(?P<wd>{weekday}),?\s+)?(?:the\s+)?{day}\s+(?:of\s+)?(?P<mon>{month})"
            rf"(?![a-z])(?:,?\s*(?P<y>{year}))?",
        ),
        ("my", rf"{b}{point_mod}(?P<mon>{month}),?\s+(?:of\s+)?(?P<y>{year})"),
        (
            "month",
            rf"{b}{point_mod}(?:(?P<rel>{rel})\s+)?(?P<mon>{month})(?![a-z])(?!\.?\s*\d)"
            # "the March for Life", "the March of the Combatant Mothers": names of marches
            r"(?!(?<=[Mm]arch)\s+(?:for|of\s+the)\s+(?-i:[A-Z]))"
            # "February this year": the year pins the month but stays outside the extent
            r"(?=(?P<ytail>\s+(?P<yrel>last|this|next)\s+year\b))?",
        ),
        (
            "year",
            rf"{b}{point_mod}(?:(?P<fy>fiscal(?:\s+year)?|the\s+year|calendar(?:\s+year)?|FY)\s*)?"
            # "post-1959 politics": after that year
            rf"(?:(?P<prepost>pre|post)-)?(?P<y>{year})",
        ),
        (
            "decade",
            rf"{b}(?:the\s+)?{point_mod}(?P<dec>1[0-9]{{2}}0|20[0-9]0|'[0-9]0|[0-9]0)'?s{b}",
        ),
        (
            "decade_word",
            rf"{b}(?:the\s+)?{point_mod}(?P<decw>twenties|thirties|forties|fifties|sixties|"
            r"seventies|eighties|nineties)\b",
        ),
        (
            "century",
            rf"{b}(?:the\s+)?{point_mod}(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|"
            r"(?:twenty-)?first|(?:twenty-)?second|nineteenth|twentieth|eighteenth)[-\s]century\b",
        ),
        (
            # "revenue for the year ended Sept. 30": the length of a reporting period.
            "period_ended",
            r"\bthe\s+(?:(?:fiscal|full|financial)\s+)?(?:(?P<num>nine|six|three|12|twelve)\s+)?"
            r"(?P<unit>year|months?|weeks?)"
            r"(?=\s+(?:ended|ending|that\s+ended|which\s+ended)\b)",
        ),
        (
            # "sales for the full year were...": the year being reported
            "for_year",
            # "for the year" and "the first nine months of the year": the year under discussion
            r"(?:(?<=\bfor\s)|(?<=\bmonths\sof\s)|(?<=\bquarters\sof\s)|(?<=\brest\sof\s))"
            r"the\s+(?:(?:full|fiscal|financial|entire|whole)\s+)?year\b"
            # ("a high for the year of $42.875" is this year's)
            r"(?!\s+(?:ended|ending|of(?!\s+[$£€\d])|to|before|after|since|in|that|when|which|ago|"
            r"earlier|later|and|or)\b|-|'s)",
        ),
        (
            "quarter",
            rf"{b}(?:the\s+)?(?:(?P<qy>{year})(?:'s)?\s+|(?P<qyrel>this|last|next)\s+year's\s+)?"
            rf"(?:the\s+)?{point_mod}(?:the\s+)?(?:(?:comparable|same|corresponding)\s+)?"
            rf"(?:(?P<qrel>latest|current|this|last|previous|past|year-ago|year-earlier|same|"
            rf"comparable|recent|fiscal|{ordinal}|final|most\s+recent|just-ended|"
            r"just\s+ended)(?:[-\s]fiscal)?[-\s])?(?:(?:year-ago|year-earlier)\s+)?"
            rf"(?:(?P<qord>{ordinal})[-\s])?(?:fiscal\s+)?(?<!to-)quarter\b"
            # not "quarter-century", "a quarter of the vote", "quarter-to-quarter"
            r"(?!-|\s+of\s+(?:the|a|an|all|its|their|his|her|our|total|them)\b|\s+finals?\b)"
            rf"(?:\s+(?:of|in|ended|ending)\s+(?:(?P<qrel2>this|last|next)\s+year|"
            rf"(?:fiscal\s+)?(?P<y>{year})))?"
            r"(?P<qago>\s+a\s+year\s+(?:ago|earlier))?"
            # "the quarter ended Sept. 30": the day that ends it, read ahead (it stays a date
            # expression of its own)
            rf"(?=\s+(?:that\s+|which\s+)?(?P<qend>ended|ending|ends)\s+(?P<qmon>{month})\s*"
            rf"(?P<qd>3[01]|[12]\d|0?[1-9])(?!\d)(?:,?\s*(?P<qey>{year}))?)?",
        ),
        (
            # "Q3", "Q3 2021", "H1 2022", "3Q21": quarters and halves as financial news writes them
            "q_notation",
            r"\b(?:(?-i:(?P<qh>[QH]))(?P<qn>[1-4])(?:\s*(?P<y>(?:19|20)\d\d)|(?P<y2>'\d\d))?"
            r"|(?P<qn2>[1-4])(?-i:(?P<qh2>[QH]))(?P<y3>\d\d))(?!\w|-(?!Q))",
        ),
        (
            "half",
            rf"{b}(?:the\s+)?(?P<h>first|second|last|latter)\s+half\s+(?:of\s+)?"
            rf"(?:(?P<hrel>this|last|next)"
            rf"\s+year|(?:fiscal\s+)?(?P<y>{year}))"
            # "sales rose in the first half": the anchor's year (not "the first half of the
            # match", nor "first-half profit")
            r"|\bthe\s+(?P<h2>first|second)\s+half\b(?!\s+of\b)(?!-)",
        ),
        (
            "season",
            rf"{b}{point_mod}(?:(?P<rel>{rel}|the)\s+)?(?P<season>{season}){b}"
            rf"(?:\s+(?:of\s+)?(?P<y>{year}))?",
        ),
        (
            "rel_unit",
            rf"{b}{point_mod}(?P<rel>{rel}|the(?:\s+latest)?)\s+(?P<unit>week|month|year|quarter|weekend|"
            # not "the year-ago results": that is the year_ago rule's
            r"decade|century|fiscal\s+year|day|half)\b(?!-)",
        ),
        (
            "weekday",
            rf"{b}{point_mod}(?:(?P<rel>last|this|next|(?:this\s+)?(?:past|coming)|"
            rf"the\s+previous|the\s+following|the\s+next)\s+)?(?P<wd>{weekday})(?:\s+(?P<part>morning|afternoon|evening|night))?\b",
        ),
        (
            "deictic",
            rf"{b}{point_mod}(?:the\s+day\s+(?P<dx2>before\s+yesterday|after\s+tomorrow)|"
            r"(?P<dx>today|tonight|yesterday|tomorrow)(?:(?:'s)?\s+(?P<part>morning|afternoon|"
            r"evening|night))?|(?P<dx3>this|last)\s+(?P<part2>morning|afternoon|evening|night))\b",
        ),
        (
            # not "the past" of "the past three summers": that counts a stretch of time
            "ref",
            rf"{b}(?P<ref>{_alt(k for k, v in lex['ref_words'].items() if v and k != 'the past')}"
            rf"|the\s+past(?!\s+(?:{num}|{vague}|{season}s?|{unit})\b)){b}",
        ),
        (
            # "current market conditions", "his current wife": now, as TIMEX3 tags it
            # (PRESENT_REF), "the then current price" a past one; not "current account"
            "current",
            r"\b(?P<then>then[-\s]+)?current(?=\s+[a-z])(?!\s+(?:accounts?|assets|liabilities|ratio)\b)",
        ),
        (
            "ago",
            rf"{b}{approx}(?:(?P<num>{num})[-\s]+|(?P<vnum>{vague})\s+(?=\w+\s+(?:ago|earlier|later)\b))?"
            rf"(?P<unit>{unit})(?P<orso>\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|hence)\b",
        ),
        (
            "ref_unit",
            rf"{b}the\s+(?P<rel>next|following|previous|preceding|prior|same)\s+"
            r"(?P<unit>day|week|month|year|morning|evening|night)\b",
        ),
        (
            # "Islam will one day be...", "someday": an unnamed time, ahead or gone by the tense
            "one_day",
            r"\b(?:(?:one|some)\s+day|someday)\b",
        ),
        (
            "duration",
            rf"{b}(?:the\s+)?(?:(?P<drel>past|last|next|first|coming|previous|following"
            r"|final|remaining|initial|latest|recent|preceding|ensuing|full|entire|whole|"
            r"better\s+part\s+of\s+the|span\s+of)\s+)?"
            rf"{approx_over}(?P<num>{num})[-\s]+(?:(?:more|additional|further|extra|trading|business|working)\s+)?(?P<unit>{unit})\b(?!(?<=quarter)\s+of\b|(?<=quarters)\s+of\b)(?P<half>\s+and\s+a\s+half)?(?P<orso>\s+or\s+so\b)?"
            r"(?P<tail>[-\s]+(?:old|long)\b)?",
        ),
        (
            # "two to six days": TIMEX3 tags a range as two durations, "two" (P2D) and "six
            # days" (P6D); this is the first, its unit read ahead. "3-5 years ago" and "12 to
            # 14 years old" are no ranges of length.
            "duration_range",
            rf"{b}(?:the\s+)?(?:(?P<drel>past|last|next|first|coming|previous|following)\s+)?"
            rf"{approx_over}(?P<num>{num})(?=\s*(?:to|or|-|–)\s*(?:{num})[-\s]+"
            rf"(?P<unit>{unit})\b(?P<tail>[-\s]+(?:old|long)\b|\s+(?:ago|earlier|later)\b)?)",
        ),
        (
            # "the decades-long battle", "a day-long meeting": a length as an adjective
            "long_adj",
            r"\b(?P<unit>(?:minute|hour|day|night|week|month|year|decade)s?|centuries)-long\b",
        ),
        (
            "vague_duration",
            rf"{b}(?:the\s+)?(?:(?P<drel>past|last|next|coming|recent|previous|few|several|first|"
            r"final|early)\s+)?"
            rf"(?:(?P<vq>{vague})\s+)?(?P<unit>years|months|weeks|days|decades|hours|minutes|"
            r"centuries|quarters)\b",
        ),
        (
            "set",
            rf"{b}(?:(?P<sq>every|each|per)\s+(?:(?P<other>other)\s+)?(?:(?P<num>{num})\s+)?"
            rf"(?P<unit>{unit}|{weekday}|{month}|morning|night|evening|{season})|"
            rf"(?P<freq>once|twice|thrice|(?:{num})\s+times)\s+(?:a|an|per|each)\s+"
            rf"(?P<unit2>{unit})|(?P<adv>{_alt(k for k, v in lex['sets'].items() if v)}))\b",
        ),
        (
            "time",
            # "4 in the morning", "10:30 at night" first: "4:30" alone would win otherwise
            r"(?<![\d.,:$])(?:(?P<H4>1[0-2]|0?[1-9])(?::(?P<M4>[0-5]\d))?\s+(?:o'clock\s+)?"
            r"(?P<dp>in\s+the\s+(?:morning|afternoon|evening)|at\s+night)\b|"
            r"(?P<H>[01]?\d|2[0-3])(?::(?P<M>[0-5]\d))?\s*(?P<ap>[ap]\.m\.|"
            r"[ap]\.m\b|[ap]m\b)|(?P<H2>[01]?\d|2[0-3]):(?P<M2>[0-5]\d)(?![\d.])|"
            r"(?P<H3>[01]?\d)\s+o'clock|(?P<named>noon|midnight|midday))"
            r"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC))?",
        ),
        (
            # "mid-afternoon", "late morning yesterday": a part of a day, the modifier its mod
            "day_part",
            r"\b(?P<pmod>mid|early|late)(?:\s*-\s*|\s+)(?P<part>morning|afternoon|evening)\b"
            r"(?:\s+(?P<dx>yesterday|today|tomorrow)\b)?",
        ),
        (
            "holiday",
            rf"{b}(?:(?P<rel>last|this|next)\s+)?(?P<hol>{holidays})(?P<hweek>\s+week)?"
            rf"(?:\s+(?P<y>{year}))?{b}",
        ),
        (
            "year_ago",
            r"\b(?:(?:the\s+)?(?:comparable\s+|same\s+|corresponding\s+)?(?=\w+-\w+\s+(?:quarter|"
            r"period|month|year|week)\b))?(?P<yu>year|month|week)-(?:ago|earlier)(?:\s+"
            r"(?P<unit>quarter|period|month|year|week|level))?\b",
        ),
        (
            "period",
            rf"\b(?:the\s+)?(?:(?P<prel>latest|same|comparable|corresponding|year-ago|{year})\s+)"
            r"(?:period|quarter)\b(?P<ly>\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year))?",
        ),
        ("rate", r"\b(?:an?|per)\s+(?P<unit>year|month|week|day|hour|night|quarter)\b"),
        ("age", rf"{b}(?P<num>{num})[-\s]+years?[-\s]+old\b|\baged\s+\d+"),
    ]
    units = (
        r"(?:second|minute|min|hour|hr|day|night|week|fortnight|month|quarter|year|yr|decade"
        r"|centur|millenni|weekend)"
    )
    months_re = rf"\b(?:{_alt(lex['months'])})\b"
    weekdays_re = rf"\b(?:{_alt(lex['weekdays'])})\b"
    holiday_words = {k.split()[0] for k in lex["holidays"]} - {"the", "may"}
    holiday_re = rf"\b(?:{_alt(holiday_words)}|may\s+day|fourth\s+of)\b"
    triggers: dict[str, str] = {
        "week_of": r"\bweek\s+of\b",
        "year_end": r"\byear(?:-|\s+|'s\s+)end\b",
        "mdy": months_re,
        "dmy": months_re,
        "my": months_re,
        "month": months_re,
        "year": r"(?<!\d)(?:1\d{3}|20\d\d)(?!\d)|\b(?:nineteen|twenty|two\s+thousand)\b",
        "decade": r"\d0'?s\b",
        "decade_word": r"ties\b",
        "century": r"century",
        "quarter": r"quarter",
        "half": r"\bhalf\b",
        "q_notation": r"(?-i:[QH][1-4]|[1-4][QH]\d\d)",
        "season": season,
        "rel_unit": rf"\b{units}",
        "weekday": weekdays_re,
        "deictic": r"\b(?:today|tonight|yesterday|tomorrow|morning|afternoon|evening|night)\b",
        "ago": r"\b(?:ago|earlier|later|from\s+now|hence)\b",
        "ref_unit": r"\b(?:next|following|previous|preceding|prior|same)\b",
        "duration": rf"\b{units}",
        # the joint of the range, not every unit word: as cheap to scan as a literal
        "duration_range": rf"(?:\b(?:to|or)\s+|\d\s*[-–]\s*)[\w.]+[-\s]+{units}",
        "vague_duration": rf"\b(?:{units}s|centuries|millennia)\b",
        "long_adj": r"-long\b",
        "current": r"\bcurrent\b",
        "one_day": r"\b(?:one|some)\s*day\b",
        "set": rf"\b(?:every|each|per|once|twice|thrice|times|{_alt(lex['sets'])})\b",
        "time": r"\d\s*(?:[ap]\.?m\b|o'clock)|\d:\d\d|\b(?:noon|midnight|midday)\b"
        r"|\d\s+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)\b",
        "day_part": r"\b(?:mid|early|late)[-\s]*(?:morning|afternoon|evening)\b",
        "holiday": holiday_re,
        "year_ago": r"-(?:ago|earlier)\b",
        "period": r"\b(?:period|quarter)\b",
        "age": r"\bold\b|\baged\b",
        "for_year": r"\b(?:for|months\s+of|quarters\s+of|rest\s+of)\s+the\s",
        "period_ended": r"\b(?:ended|ending)\b",
        "rate": r"\b(?:year|month|week|day|hour|night|quarter)\b",
    }
    return tuple(
        Rule(
            name,
            re.compile(pattern, re.IGNORECASE),
            priority,
            re.compile(triggers[name], re.IGNORECASE) if name in triggers else None,
            _folded(triggers.get(name)),
        )
        for priority, (name, pattern) in enumerate(table)
    )


def _folded(trigger: str | None) -> re.Pattern[str] | None:
    # Only a trigger written in lower case matches lower-cased text as IGNORECASE would.
    if trigger is None or trigger != trigger.lower():
        return None
    return re.compile(trigger)
