"""The date rules, registered in one table: each rule's pattern (built from the pieces of
``patterns.py``), the trigger it runs near, its acceptance test (``accept.py``) and its
normalizer, in priority order (ties between equally long matches go to the earlier rule).
"""

from __future__ import annotations

from functools import cache

from service.extract.dates import absolute, accept, clock, durations, fiscal, holiday, relative
from service.extract.dates.patterns import alternation, fragments
from service.extract.dates.rules import Rule, register, rule

__all__ = ["rules"]


@cache
def rules() -> tuple[Rule, ...]:
    p = fragments()
    refs = alternation(k for k, v in p.lex["ref_words"].items() if v and k != "the past")
    sets = alternation(k for k, v in p.lex["sets"].items() if v)
    all_sets = alternation(p.lex["sets"])
    calendar_units = alternation(p.lex["calendar_units"])
    # "yesterday", "the day after tomorrow": a word takes a part of the day after it, a phrase
    # none; "this" and "last" name a day only before one ("this morning").
    days = [w for w in p.lex["deictic_days"] if " " not in w]
    day_words, day_phrases = alternation(days), alternation(set(p.lex["deictic_days"]) - set(days))
    part_deictics = alternation(p.lex["day_part_deictics"])
    parts = "morning|afternoon|evening|night"
    year_prefixes = alternation(p.lex["year_prefixes"])
    return register(
        [
            rule(
                "iso",
                rf"{p.b}(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?:[T\s](?P<H>\d{{2}}):(?P<M>\d{{2}}))?{p.b}",
                absolute.n_iso,
            ),
            rule(
                "slash",
                rf"{p.b}(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>\d{{4}}|\d{{2}}){p.b}",
                absolute.n_slash,
            ),
            rule(
                # 24.02.2022: day first, as everywhere dots are used
                "dotted",
                rf"{p.b}(?P<d>3[01]|[12]\d|0?[1-9])\.(?P<m>1[0-2]|0?[1-9])\.(?P<y>\d{{4}}){p.b}",
                absolute.n_slash,
            ),
            rule(
                # "the week of March 6": the ISO week that contains the day
                "week_of",
                rf"{p.b}the\s+week\s+of\s+(?P<mon>{p.month})\s*{p.day}(?:,?\s*(?P<y>{p.year}))?",
                absolute.n_week_of,
                trigger=r"\bweek\s+of\b",
            ),
            rule(
                # "year-end", "by year's end": the end of the year, as "the end of the year" is
                "year_end",
                rf"{p.b}{p.approx}year(?:-|\s+|'s\s+)end{p.b}(?!-)(?:,?\s+(?P<y>{p.year}))?",
                fiscal.n_year_end,
                trigger=r"\byear(?:-|\s+|'s\s+)end\b",
                accept=accept.year_end,
            ),
            rule(
                "mdy",
                rf"{p.b}{p.point_mod}(?:(?P<wd>{p.weekday}),?\s+)?(?P<mon>{p.month})\s*{p.day}"
                rf"(?:,?\s*(?P<y>{p.year}))?",
                absolute.n_month_day,
                trigger=p.months_re,
            ),
            rule(
                "dmy",
                rf"{p.b}(?:(?P<wd>{p.weekday}),?\s+)?(?:the\s+)?{p.day}\s+(?:of\s+)?(?P<mon>{p.month})"
                rf"(?![a-z])(?:,?\s*(?P<y>{p.year}))?",
                absolute.n_month_day,
                trigger=p.months_re,
            ),
            rule(
                "my",
                rf"{p.b}{p.point_mod}(?P<mon>{p.month}),?\s+(?:of\s+)?(?P<y>{p.year})",
                absolute.n_month_year,
                trigger=p.months_re,
            ),
            rule(
                "month",
                rf"{p.b}{p.point_mod}(?:(?P<rel>{p.rel})\s+)?(?P<mon>{p.month})(?![a-z])(?!\.?\s*\d)"
                # "the March for Life", "the March of the Combatant Mothers": names of marches
                r"(?!(?<=[Mm]arch)\s+(?:for|of\s+the)\s+(?-i:[A-Z]))"
                # "February this year": the year pins the month but stays outside the extent
                rf"(?=(?P<ytail>\s+(?P<yrel>{p.year_rel})\s+year\b))?",
                absolute.n_month,
                trigger=p.months_re,
                accept=accept.month,
            ),
            rule(
                "year",
                rf"{p.b}{p.point_mod}(?:(?P<fy>fiscal(?:\s+year)?|the\s+year|calendar(?:\s+year)?|FY)\s*)?"
                # "post-1959 politics": after that year
                rf"(?:(?P<prepost>{year_prefixes})-)?(?P<y>{p.year})",
                absolute.n_year,
                trigger=r"(?<!\d)(?:1\d{3}|20\d\d)(?!\d)|\b(?:nineteen|twenty|two\s+thousand)\b",
                accept=accept.year,
            ),
            rule(
                "decade",
                rf"{p.b}(?:the\s+)?{p.point_mod}(?P<dec>1[0-9]{{2}}0|20[0-9]0|'[0-9]0|[0-9]0)'?s{p.b}",
                absolute.n_decade,
                trigger=r"\d0'?s\b",
                accept=accept.decade,
            ),
            rule(
                "decade_word",
                rf"{p.b}(?:the\s+)?{p.point_mod}(?P<decw>{p.decades})\b",
                absolute.n_decade_word,
                trigger=r"ties\b",
                accept=accept.decade,
            ),
            rule(
                "century",
                rf"{p.b}(?:the\s+)?{p.point_mod}(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|"
                r"(?:twenty-)?first|(?:twenty-)?second|nineteenth|twentieth|eighteenth)[-\s]century\b",
                absolute.n_century,
                trigger=r"century",
            ),
            rule(
                # "revenue for the year ended Sept. 30": the length of a reporting period.
                "period_ended",
                r"\bthe\s+(?:(?:fiscal|full|financial)\s+)?(?:(?P<num>nine|six|three|12|twelve)\s+)?"
                r"(?P<unit>year|months?|weeks?)"
                r"(?=\s+(?:ended|ending|that\s+ended|which\s+ended)\b)",
                durations.n_period_ended,
                trigger=r"\b(?:ended|ending)\b",
            ),
            rule(
                # "sales for the full year were...": the year being reported
                "for_year",
                # "for the year" and "the first nine months of the year": the year under discussion
                r"(?:(?<=\bfor\s)|(?<=\bmonths\sof\s)|(?<=\bquarters\sof\s)|(?<=\brest\sof\s))"
                r"the\s+(?:(?:full|fiscal|financial|entire|whole)\s+)?year\b"
                # ("a high for the year of $42.875" is this year's)
                r"(?!\s+(?:ended|ending|of(?!\s+[$£€\d])|to|before|after|since|in|that|when|which|ago|"
                r"earlier|later|and|or)\b|-|'s)",
                fiscal.n_for_year,
                trigger=r"\b(?:for|months\s+of|quarters\s+of|rest\s+of)\s+the\s",
            ),
            rule(
                "quarter",
                rf"{p.b}(?:the\s+)?(?:(?P<qy>{p.year})(?:'s)?\s+|(?P<qyrel>{p.year_rel})\s+year's\s+)?"
                rf"(?:the\s+)?{p.point_mod}(?:the\s+)?(?:(?:comparable|same|corresponding)\s+)?"
                rf"(?:(?P<qrel>latest|current|this|last|previous|past|year-ago|year-earlier|same|"
                rf"comparable|recent|fiscal|{p.ordinal}|final|most\s+recent|just-ended|"
                r"just\s+ended)(?:[-\s]fiscal)?[-\s])?(?:(?:year-ago|year-earlier)\s+)?"
                rf"(?:(?P<qord>{p.ordinal})[-\s])?(?:fiscal\s+)?(?<!to-)quarter\b"
                # not "quarter-century", "a quarter of the vote", "quarter-to-quarter"
                r"(?!-|\s+of\s+(?:the|a|an|all|its|their|his|her|our|total|them)\b|\s+finals?\b)"
                rf"(?:\s+(?:of|in|ended|ending)\s+(?:(?P<qrel2>{p.year_rel})\s+year|"
                rf"(?:fiscal\s+)?(?P<y>{p.year})))?"
                r"(?P<qago>\s+a\s+year\s+(?:ago|earlier))?"
                # "the quarter ended Sept. 30": the day that ends it, read ahead (it stays a date
                # expression of its own)
                rf"(?=\s+(?:that\s+|which\s+)?(?P<qend>ended|ending|ends)\s+(?P<qmon>{p.month})\s*"
                rf"(?P<qd>3[01]|[12]\d|0?[1-9])(?!\d)(?:,?\s*(?P<qey>{p.year}))?)?",
                fiscal.n_quarter,
                trigger=r"quarter",
                accept=accept.quarter,
            ),
            rule(
                # "Q3", "Q3 2021", "H1 2022", "3Q21": quarters and halves as financial news
                # writes them
                "q_notation",
                r"\b(?:(?-i:(?P<qh>[QH]))(?P<qn>[1-4])(?:\s*(?P<y>(?:19|20)\d\d)|(?P<y2>'\d\d))?"
                r"|(?P<qn2>[1-4])(?-i:(?P<qh2>[QH]))(?P<y3>\d\d))(?!\w|-(?!Q))",
                fiscal.n_q_notation,
                trigger=r"(?-i:[QH][1-4]|[1-4][QH]\d\d)",
            ),
            rule(
                "half",
                rf"{p.b}(?:the\s+)?(?P<h>first|second|last|latter)\s+half\s+(?:of\s+)?"
                rf"(?:(?P<hrel>{p.year_rel})"
                rf"\s+year|(?:fiscal\s+)?(?P<y>{p.year}))"
                # "sales rose in the first half": the anchor's year (not "the first half of the
                # match", nor "first-half profit")
                r"|\bthe\s+(?P<h2>first|second)\s+half\b(?!\s+of\b)(?!-)",
                fiscal.n_half,
                trigger=r"\bhalf\b",
            ),
            rule(
                "season",
                rf"{p.b}{p.point_mod}(?:(?P<rel>{p.rel}|the)\s+)?(?P<season>{p.season}){p.b}"
                rf"(?:\s+(?:of\s+)?(?P<y>{p.year}))?",
                relative.n_season,
                trigger=p.season,
                accept=accept.season,
            ),
            rule(
                "rel_unit",
                rf"{p.b}{p.point_mod}(?P<rel>{p.rel}|the(?:\s+latest)?)\s+(?P<unit>{calendar_units})"
                # not "the year-ago results": that is the year_ago rule's
                r"\b(?!-)",
                relative.n_rel_unit,
                trigger=rf"\b{p.units}",
                lowercase=True,
            ),
            rule(
                "weekday",
                rf"{p.b}{p.point_mod}(?:(?P<rel>last|this|next|(?:this\s+)?(?:past|coming)|"
                rf"the\s+previous|the\s+following|the\s+next)\s+)?(?P<wd>{p.weekday})(?:\s+(?P<part>morning|afternoon|evening|night))?\b",
                relative.n_weekday,
                trigger=p.weekdays_re,
            ),
            rule(
                "deictic",
                rf"{p.b}{p.point_mod}(?:(?P<dx2>{day_phrases})|"
                rf"(?P<dx>{day_words})(?:(?:'s)?\s+(?P<part>{parts}))?|"
                rf"(?P<dx3>{part_deictics})\s+(?P<part2>{parts}))\b",
                relative.n_deictic,
                trigger=rf"\b(?:{day_words}|{parts})\b",
                lowercase=True,
            ),
            rule(
                # not "the past" of "the past three summers": that counts a stretch of time
                "ref",
                rf"{p.b}(?P<ref>{refs}"
                rf"|the\s+past(?!\s+(?:{p.num}|{p.vague}|{p.season}s?|{p.unit})\b)){p.b}",
                relative.n_ref,
            ),
            rule(
                # "current market conditions", "his current wife": now, as TIMEX3 tags it
                # (PRESENT_REF), "the then current price" a past one; not "current account"
                "current",
                r"\b(?P<then>then[-\s]+)?current(?=\s+[a-z])(?!\s+(?:accounts?|assets|liabilities|ratio)\b)",
                relative.n_current,
                trigger=r"\bcurrent\b",
                accept=accept.current,
            ),
            rule(
                "ago",
                rf"{p.b}{p.approx}(?:(?P<num>{p.num})[-\s]+|(?P<vnum>{p.vague})\s+(?=\w+\s+(?:ago|earlier|later)\b))?"
                rf"(?P<unit>{p.unit})(?P<orso>\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|hence)\b",
                relative.n_ago,
                trigger=r"\b(?:ago|earlier|later|from\s+now|hence)\b",
            ),
            rule(
                "ref_unit",
                rf"{p.b}the\s+(?P<rel>next|following|previous|preceding|prior|same)\s+"
                r"(?P<unit>day|week|month|year|morning|evening|night)\b",
                relative.n_ref_unit,
                trigger=r"\b(?:next|following|previous|preceding|prior|same)\b",
            ),
            rule(
                # "Islam will one day be...", "someday": an unnamed time, ahead or gone by the tense
                "one_day",
                r"\b(?:(?:one|some)\s+day|someday)\b",
                relative.n_one_day,
                trigger=r"\b(?:one|some)\s*day\b",
                accept=accept.one_day,
            ),
            rule(
                "duration",
                rf"{p.b}(?:the\s+)?(?:(?P<drel>past|last|next|first|coming|previous|following"
                r"|final|remaining|initial|latest|recent|preceding|ensuing|full|entire|whole|"
                r"better\s+part\s+of\s+the|span\s+of)\s+)?"
                rf"{p.approx_over}(?P<num>{p.num})[-\s]+(?:(?:more|additional|further|extra|trading|business|working)\s+)?(?P<unit>{p.unit})\b(?!(?<=quarter)\s+of\b|(?<=quarters)\s+of\b)(?P<half>\s+and\s+a\s+half)?(?P<orso>\s+or\s+so\b)?"
                r"(?P<tail>[-\s]+(?:old|long)\b)?",
                durations.n_duration,
                trigger=rf"\b{p.units}",
                accept=accept.duration,
                lowercase=True,
            ),
            rule(
                # "two to six days": TIMEX3 tags a range as two durations, "two" (P2D) and "six
                # days" (P6D); this is the first, its unit read ahead. "3-5 years ago" and "12 to
                # 14 years old" are no ranges of length.
                "duration_range",
                rf"{p.b}(?:the\s+)?(?:(?P<drel>past|last|next|first|coming|previous|following)\s+)?"
                rf"{p.approx_over}(?P<num>{p.num})(?=\s*(?:to|or|-|–)\s*(?:{p.num})[-\s]+"
                rf"(?P<unit>{p.unit})\b(?P<tail>[-\s]+(?:old|long)\b|\s+(?:ago|earlier|later)\b)?)",
                durations.n_duration_range,
                # the joint of the range, not every unit word: as cheap to scan as a literal
                trigger=rf"(?:\b(?:to|or)\s+|\d\s*[-–]\s*)[\w.]+[-\s]+{p.units}",
            ),
            rule(
                # "the decades-long battle", "a day-long meeting": a length as an adjective
                "long_adj",
                r"\b(?P<unit>(?:minute|hour|day|night|week|month|year|decade)s?|centuries)-long\b",
                durations.n_long_adj,
                trigger=r"-long\b",
            ),
            rule(
                "vague_duration",
                rf"{p.b}(?:the\s+)?(?:(?P<drel>past|last|next|coming|recent|previous|few|several|first|"
                r"final|early)\s+)?"
                rf"(?:(?P<vq>{p.vague})\s+)?(?P<unit>years|months|weeks|days|decades|hours|minutes|"
                r"centuries|quarters)\b",
                durations.n_vague_duration,
                trigger=rf"\b(?:{p.units}s|{p.plural_units})\b",
                accept=accept.vague_duration,
                lowercase=True,
            ),
            rule(
                "set",
                rf"{p.b}(?:(?P<sq>every|each|per)\s+(?:(?P<other>other)\s+)?(?:(?P<num>{p.num})\s+)?"
                rf"(?P<unit>{p.unit}|{p.weekday}|{p.month}|morning|night|evening|{p.season})|"
                rf"(?P<freq>once|twice|thrice|(?:{p.num})\s+times)\s+(?:a|an|per|each)\s+"
                rf"(?P<unit2>{p.unit})|(?P<adv>{sets}))\b",
                durations.n_set,
                trigger=rf"\b(?:every|each|per|once|twice|thrice|times|{all_sets})\b",
            ),
            rule(
                "time",
                # "4 in the morning", "10:30 at night" first: "4:30" alone would win otherwise
                r"(?<![\d.,:$])(?:(?P<H4>1[0-2]|0?[1-9])(?::(?P<M4>[0-5]\d))?\s+(?:o'clock\s+)?"
                r"(?P<dp>in\s+the\s+(?:morning|afternoon|evening)|at\s+night)\b|"
                r"(?P<H>[01]?\d|2[0-3])(?::(?P<M>[0-5]\d))?\s*(?P<ap>[ap]\.m\.|"
                r"[ap]\.m\b|[ap]m\b)|(?P<H2>[01]?\d|2[0-3]):(?P<M2>[0-5]\d)(?![\d.])|"
                r"(?P<H3>[01]?\d)\s+o'clock|(?P<named>noon|midnight|midday))"
                r"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC))?",
                clock.n_time,
                trigger=r"\d\s*(?:[ap]\.?m\b|o'clock)|\d:\d\d|\b(?:noon|midnight|midday)\b"
                r"|\d\s+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)\b",
                lowercase=True,
            ),
            rule(
                # "mid-afternoon", "late morning yesterday": a part of a day, the modifier its mod
                "day_part",
                r"\b(?P<pmod>mid|early|late)(?:\s*-\s*|\s+)(?P<part>morning|afternoon|evening)\b"
                r"(?:\s+(?P<dx>yesterday|today|tomorrow)\b)?",
                clock.n_day_part,
                trigger=r"\b(?:mid|early|late)[-\s]*(?:morning|afternoon|evening)\b",
                lowercase=True,
            ),
            rule(
                "holiday",
                rf"{p.b}(?:(?P<rel>last|this|next)\s+)?(?P<hol>{p.holidays})(?P<hweek>\s+week)?"
                rf"(?:\s+(?P<y>{p.year}))?{p.b}",
                holiday.n_holiday,
                trigger=p.holiday_re,
                accept=accept.holiday,
            ),
            rule(
                "year_ago",
                r"\b(?:(?:the\s+)?(?:comparable\s+|same\s+|corresponding\s+)?(?=\w+-\w+\s+(?:quarter|"
                r"period|month|year|week)\b))?(?P<yu>year|month|week)-(?:ago|earlier)(?:\s+"
                r"(?P<unit>quarter|period|month|year|week|level))?\b",
                fiscal.n_year_ago,
                trigger=r"-(?:ago|earlier)\b",
            ),
            rule(
                "period",
                rf"\b(?:the\s+)?(?:(?P<prel>latest|same|comparable|corresponding|year-ago|{p.year})\s+)"
                r"(?:period|quarter)\b(?P<ly>\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year))?",
                fiscal.n_period,
                trigger=r"\b(?:period|quarter)\b",
            ),
            rule(
                "rate",
                r"\b(?:an?|per)\s+(?P<unit>year|month|week|day|hour|night|quarter)\b",
                durations.n_rate,
                trigger=r"\b(?:year|month|week|day|hour|night|quarter)\b",
                accept=accept.rate,
            ),
            rule(
                "age",
                rf"{p.b}(?P<num>{p.num})[-\s]+years?[-\s]+old\b|\baged\s+\d+",
                durations.n_age,
                trigger=r"\bold\b|\baged\b",
                emits=False,
            ),
        ],
    )
