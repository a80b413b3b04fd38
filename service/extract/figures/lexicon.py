"""The trade figures section's data, read once per process from ``service/knowledge/``.

``currencies.tsv`` holds currency symbols, codes and names; ``figures.json`` magnitudes,
qualifiers, units, metric cues, change words and source cues. Both files note their sources.
Every regex here is built once, from these lists, and is linear: alternations of literals and
bounded repeats only, nothing nested that could backtrack catastrophically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from service.knowledge import read_json, read_table

#: Horizontal space in patterns: news text puts no-break and narrow no-break spaces in "$147 bn".
SP = r"[ \t\xa0\u202f]"
SP_OR_HYPHEN = r"[ \t\xa0\u202f-]"


@dataclass(frozen=True, slots=True)
class CurrencyForm:
    """One way a currency is written: its ISO code, a factor to base units, flags."""

    code: str
    factor: float
    assumed: bool
    kind: str  # symbol | code | word | minor
    prefix: bool  # may stand before the number
    family: str | None  # forms one ambiguous word may stand for ("dollar": $, A$, USD...)


@dataclass(frozen=True, slots=True)
class Lexicon:
    forms: dict[str, CurrencyForm]  # exact form (case kept for symbols/codes, folded for words)
    magnitudes: dict[str, float]
    qualifiers: dict[str, str]
    percent_units: dict[str, str]
    units: dict[str, tuple[str, float]]
    per_units: dict[str, str]
    time_per_units: frozenset[str]
    metric_cues: dict[tuple[str, ...], str]  # cue words -> metric
    cue_heads: frozenset[str]  # first word of any cue, for a fast skip
    weak_cues: frozenset[str]  # cues that count two tree edges farther than they are
    noun_only_cues: frozenset[str]  # cues that count only as nouns ("a contract")
    directions: dict[str, str]  # word or lemma -> up | down | unchanged
    source_verbs: frozenset[str]
    actor_source_verbs: frozenset[str]  # their subject is a source and a party
    source_data_nouns: frozenset[str]
    comparisons: tuple[str, ...]
    codes: frozenset[str]  # every code the lexicon knows (for tests and the eval)
    local_marks: frozenset[str]  # "$US", "$A": written where a bare "$" is the local dollar
    treebank_forms: frozenset[str]  # "#" for the pound in the Penn Treebank's WSJ text
    dollar_countries: dict[str, str]  # ISO 3166 alpha-3 -> the ISO 4217 dollar of that country
    company_suffixes: frozenset[str]  # last words of company names ("Inc.", "Industries")
    company_nouns: frozenset[str]  # "the company", "the concern": anaphors of an organisation
    market_nouns: frozenset[str]  # "in NYSE composite trading": a place phrase, not a party
    security_re: re.Pattern[str]  # "American depositary shares": a kind of paper, no party
    item_re: re.Pattern[str]  # "$15.50 each", "C$25 apiece": the price of one thing
    holder_nouns: frozenset[str]  # "Starpointe holders will receive $21": paid for shares
    unnamed_business_nouns: frozenset[str]  # "the extrusion unit": "it" is then no entity
    currency_words: frozenset[str]  # last words of currency names ("dollars", "cents")
    self_reported_metrics: frozenset[str]  # a company's own figures: its source is its party
    metric_families: dict[str, str]  # metric -> family whose figures share a period
    party_carry_families: frozenset[str]  # families whose figures also share their party
    change_verbs: frozenset[str]  # "rose $2bn": the amount is the change itself
    change_adverbs: frozenset[str]  # "up 5%": a change by the word as written
    verb_cues: dict[str, str]  # verb lemma -> metric, weak ("pay" a price, not "pay" a salary)
    not_period_re: re.Pattern[str]  # "due", "extended to" right before a date: not the period
    period_end_re: re.Pattern[str]  # "ended", "ending" between a duration and its end date
    offset_re: re.Pattern[str]  # "earlier than", "ahead of schedule" after a duration
    role_before_re: re.Pattern[str]  # "by about", "compared with" right before an amount
    compared_of_re: re.Pattern[str]  # "versus net income of" right before an amount
    change_word_re: re.Pattern[str]  # the word before an amount, past "about", "a"
    direction_skip: frozenset[str]  # "by", "about": skipped before an amount to its change word
    #: metric -> (word lemma, relation) -> role ("acquire", "nsubj") -> "buyer".
    role_rules: dict[str, dict[tuple[str, str], str]]
    # Compiled patterns.
    prefix_re: re.Pattern[str]
    suffix_word_re: re.Pattern[str]
    suffix_code_re: re.Pattern[str]
    suffix_symbol_re: re.Pattern[str]
    minor_re: re.Pattern[str]
    #: The currency before a range's second number: the `range` symbols, or letters and "$".
    range_currency: str
    magnitude_re: re.Pattern[str]
    percent_re: re.Pattern[str]
    unit_re: re.Pattern[str]
    per_unit_re: re.Pattern[str]
    qualifier_re: re.Pattern[str]
    comparison_re: re.Pattern[str]


def _alternation(forms: list[str]) -> str:
    # Longest first, so "US$" wins over "$" and "us dollars" over "dollars".
    return "|".join(re.escape(f) for f in sorted(set(forms), key=lambda f: (-len(f), f)))


def _read_currencies() -> list[tuple[str, str, float, set[str], str, list[str]]]:
    rows = []
    for row in read_table("currencies.tsv"):
        flags = {f for f in (row["flags"] or "").split("|") if f}
        forms = [f for f in row["forms"].split("|") if f]
        family = row["family"] or ""
        rows.append((row["kind"], row["code"], float(row["factor"]), flags, family, forms))
    return rows


@cache
def load() -> Lexicon:
    """The lexicon, read and compiled on first use and then kept for the process."""
    data = read_json("figures.json")
    forms: dict[str, CurrencyForm] = {}
    prefix_forms: list[str] = []
    words: list[str] = []
    codes_upper: list[str] = []
    codes_lower: list[str] = []
    symbols: list[str] = []
    minors: list[str] = []
    codes: set[str] = set()
    treebank: list[str] = []
    range_symbols: list[str] = []
    for kind, code, factor, flags, family, items in _read_currencies():
        if code != "-":
            codes.add(code)
        for item in items:
            key = item.casefold() if kind in ("word", "minor") else item
            form = CurrencyForm(
                code=code,
                factor=factor,
                assumed="assumed" in flags,
                kind=kind,
                prefix=kind in ("symbol", "code") or "prefix" in flags,
                family=family or None,
            )
            forms.setdefault(key, form)
            if "treebank" in flags:
                treebank.append(item)
            if "range" in flags:
                range_symbols.append(item)
            if kind == "code" and "lower" in flags:
                forms.setdefault(item.lower(), form)
            if kind == "symbol":
                symbols.append(item)
                prefix_forms.append(item)
            elif kind == "code":
                codes_upper.append(item)
                prefix_forms.append(item)
                if "lower" in flags:
                    codes_lower.append(item.lower())
                    prefix_forms.append(item.lower())
            elif kind == "word":
                words.append(item)
                if "prefix" in flags:
                    prefix_forms.append(item)
            else:
                minors.append(item)

    magnitudes = {k: float(v) for k, v in data["magnitudes"].items()}
    # Multi-letter magnitudes may follow a space ("5 billion"); one letter must touch ("$5m").
    long_mags = [m for m in magnitudes if len(m) > 1]
    short_mags = [m for m in magnitudes if len(m) == 1]
    magnitude_re = re.compile(
        rf"(?:{SP}?-?{SP}?(?P<long>{_alternation(long_mags)})"
        rf"|(?P<short>{_alternation(short_mags)}))"
        r"(?![\w$€£¥])",
        re.IGNORECASE,
    )
    # A currency before the number; the letter-boundary lookbehind stops "China's $5bn" reading
    # "s$" and the trailing space allows the tokenized "$ 75 million" of some corpora.
    # A currency before the number; the letter-boundary lookbehind stops "China's $5bn" reading
    # "s$", and the optional space allows the tokenized "$ 75 million" of some corpora. Symbols
    # and upper-case codes keep their case ("TRY" is a code, "try" a verb); words fold it.
    cased = symbols + codes_upper
    folded = [p for p in prefix_forms if p not in set(cased)]
    prefix_re = re.compile(
        rf"(?:(?<![\w'’])(?:{_alternation([p for p in cased if p[0].isalpha()])})"
        rf"|(?:{_alternation([p for p in cased if not p[0].isalpha()])})"
        rf"|(?<![\w'’])(?i:{_alternation(folded)}))"
        rf"{SP}?$"
    )
    suffix_word_re = re.compile(
        rf"{SP}?-?{SP}?(?P<form>{_alternation(words)})(?![\w$])",
        re.IGNORECASE,
    )
    suffix_code_re = re.compile(
        rf"{SP}?(?P<form>{_alternation(codes_upper)}|(?i:{_alternation(codes_lower)}))"
        r"(?![\w$])"
    )
    # A symbol after the number ("5 €", "100元"), unless another number follows it ("1 $10").
    suffix_symbol_re = re.compile(
        rf"{SP}?(?P<form>{_alternation(symbols)})(?![\w$])"
        # ...or unless the next number also has one: "10 $ 30 $", "10 $ 30 cent".
        rf"(?:(?!{SP}?\d)|(?={SP}?\d[\d,.]*{SP}?(?:{_alternation(symbols)}|cents?\b)))"
    )
    long_minor = [m for m in minors if len(m) > 1]
    minor_re = re.compile(
        rf"(?:{SP}?-?{SP}?(?P<form>{_alternation(long_minor)})|(?P<short>p))(?![\w$])",
        re.IGNORECASE,
    )
    percent_units = dict(data["percent_units"])
    # "a quarter of a percentage point": a written fraction of the unit.
    percent_words = _alternation([p for p in percent_units if p != "%"])
    percent_re = re.compile(
        rf"(?:{SP}+of{SP}+an?)?{SP}?(?P<form>%|(?:{percent_words})(?!\w))", re.IGNORECASE
    )
    units = {k: (v[0], float(v[1])) for k, v in data["units"].items()}
    unit_re = re.compile(
        rf"{SP}?-?{SP}?(?P<form>{_alternation(list(units))})(?!\w)",
        re.IGNORECASE,
    )
    per_units = dict(data["per_units"])
    per_unit_re = re.compile(
        rf"{SP_OR_HYPHEN}{{0,3}}(?:a|an|per|each|/){SP_OR_HYPHEN}{{0,3}}(?P<form>{_alternation(list(per_units))})"
        # "$10m a year ago" compares, it is no rate.
        rf"(?!\w)(?!{SP}+(?:earlier|ago|before|later|after|on|over)\b)",
        re.IGNORECASE,
    )
    qualifiers = dict(data["qualifiers"])
    qualifier_re = re.compile(
        rf"(?<![\w-])(?P<form>{_alternation(list(qualifiers))}){SP}+$", re.IGNORECASE
    )
    comparisons = tuple(data["comparisons"])
    comparison_re = re.compile(
        rf"{SP}*,?{SP}*(?P<form>{_alternation(list(comparisons))})(?!\w)",
        re.IGNORECASE,
    )

    metric_cues: dict[tuple[str, ...], str] = {}
    for metric, cues in data["metrics"].items():
        for cue in cues:
            metric_cues.setdefault(tuple(cue.casefold().split()), metric)
    directions = {w: d for d, ws in data["directions"].items() for w in ws}
    return Lexicon(
        forms=forms,
        magnitudes=magnitudes,
        qualifiers=qualifiers,
        percent_units=percent_units,
        units=units,
        per_units=per_units,
        time_per_units=frozenset(data["time_per_units"]),
        metric_cues=metric_cues,
        cue_heads=frozenset(k[0] for k in metric_cues),
        weak_cues=frozenset(data["weak_cues"]),
        noun_only_cues=frozenset(data["noun_only_cues"]),
        directions=directions,
        source_verbs=frozenset(data["source_verbs"]),
        actor_source_verbs=frozenset(data["actor_source_verbs"]),
        source_data_nouns=frozenset(data["source_data_nouns"]),
        comparisons=comparisons,
        codes=frozenset(codes),
        local_marks=frozenset(data["local_dollar_marks"]),
        treebank_forms=frozenset(treebank),
        dollar_countries=dict(data["dollar_countries"]),
        company_nouns=frozenset(data["company_nouns"]),
        company_suffixes=frozenset(data["company_suffixes"]),
        market_nouns=frozenset(data["market_nouns"]),
        unnamed_business_nouns=frozenset(data["unnamed_business_nouns"]),
        holder_nouns=frozenset(data["holder_nouns"]),
        item_re=re.compile(rf"{SP}+(?:{_alternation(data['item_words'])})(?![\w-])", re.I),
        security_re=re.compile(
            "(?:{})(?!\\w)".format(
                "|".join(
                    f"{SP}+".join(re.escape(w) for w in name.split())
                    for name in sorted(data["security_names"], key=len, reverse=True)
                )
            ),
            re.IGNORECASE,
        ),
        currency_words=frozenset(w.split()[-1] for w in words + minors),
        self_reported_metrics=frozenset(data["self_reported_metrics"]),
        metric_families={m: f for f, ms in data["metric_families"].items() for m in ms},
        party_carry_families=frozenset(data["party_carry_families"]),
        verb_cues=dict(data["verb_cues"]),
        change_verbs=frozenset(data["change_verbs"]),
        change_adverbs=frozenset(data["change_adverbs"]),
        not_period_re=re.compile(
            rf"(?<!\w)(?:{_alternation(data['not_period_markers'])}){SP}+(?:the{SP}+)?$",
            re.IGNORECASE,
        ),
        offset_re=re.compile(
            rf"{SP}+(?:earlier|later|sooner|ahead|behind|early|late|than)\b", re.I
        ),
        period_end_re=re.compile(rf"(?<!\w)(?:ended|ending){SP}+(?:on{SP}+)?$", re.IGNORECASE),
        role_rules=_role_rules(data["role_rules"]["groups"]),
        **_filler_patterns(data["amount_fillers"]),
        prefix_re=prefix_re,
        suffix_word_re=suffix_word_re,
        suffix_code_re=suffix_code_re,
        suffix_symbol_re=suffix_symbol_re,
        minor_re=minor_re,
        range_currency=rf"{_alternation(range_symbols)}|US\$|[A-Z]{{1,3}}\$",
        magnitude_re=magnitude_re,
        percent_re=percent_re,
        unit_re=unit_re,
        per_unit_re=per_unit_re,
        qualifier_re=qualifier_re,
        comparison_re=comparison_re,
    )


def _filler_patterns(fillers: dict[str, list[str]]) -> dict[str, Any]:
    """The patterns right before an amount that read ``figures.json``'s ``amount_fillers``.
    Each ends at the amount (``$``), so the order of the fillers cannot change a match."""
    role = _alternation(fillers["change_role"])
    return {
        "role_before_re": re.compile(
            rf"(?<!\w)(?P<word>by|from|to|compared (?:with|to)|versus|vs\.?|against){SP}+"
            rf"(?:(?:{role}){SP}+)?$",
            re.IGNORECASE,
        ),
        # "versus net income of $5.3 million", "compared with earnings of $6.1 million a year
        # ago": the year-earlier result a company's figure is compared with, named by its own
        # metric word.
        "compared_of_re": re.compile(
            rf"(?<!\w)(?P<word>compared (?:with|to)|versus|vs\.?){SP}+(?:an?{SP}+|the{SP}+)?"
            rf"(?:[\w-]+{SP}+){{0,3}}of{SP}+(?:(?:{_alternation(fillers['comparison'])}){SP}+)?$",
            re.IGNORECASE,
        ),
        "change_word_re": re.compile(
            rf"(?<![\w-])(?P<word>[a-z]+){SP}+"
            rf"(?:(?:{_alternation(fillers['change_verb'])}){SP}+)?$",
            re.IGNORECASE,
        ),
        "direction_skip": frozenset(fillers["direction_skip"]),
    }


def _role_rules(groups: list[dict]) -> dict[str, dict[tuple[str, str], str]]:
    rules: dict[str, dict[tuple[str, str], str]] = {}
    for group in groups:
        table = {(w, r["relation"]): r["role"] for r in group["rules"] for w in r["words"]}
        for metric in group["metrics"]:
            rules.setdefault(metric, {}).update(table)
    return rules


def currency_form(lexicon: Lexicon, text: str) -> CurrencyForm | None:
    """The currency a matched form stands for (symbols and codes by case, words folded)."""
    return (
        lexicon.forms.get(text)
        or lexicon.forms.get(text.casefold())
        or lexicon.forms.get(" ".join(text.casefold().split()))
    )
