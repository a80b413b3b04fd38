"""Find amounts in raw text: money, percentages and physical units, with value in base units.

Pure text, no spaCy: the small model tags "$147bn" as a person, so amounts are read from the
characters with the lexicon's patterns and only then placed in the parse. One left-to-right pass
over the numbers of the text; every other pattern is matched at a fixed position (``match``) or
searched in a window of at most a few dozen characters, so the whole pass is linear.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

from service.extract.figures.combine import change_before, combine
from service.extract.figures.lexicon import (
    SP,
    SP_OR_HYPHEN,
    CurrencyForm,
    Lexicon,
    currency_form,
    load,
)
from service.extract.figures.written import UNITS as _UNITS
from service.extract.figures.written import VAGUE, vague_range, words_value
from service.extract.figures.written import WORD as _WORD

_DIGITS = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)(?!,\d)"  # 1,234,567.89
    r"|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?"  # Indian grouping: 12,34,567.89
    r"|\d+(?:\.\d+)?"
)
# Words are separated by one run of space or one hyphen, "and" between: no nested ambiguity.
_NUMBER = re.compile(
    rf"(?<![\d.,/])(?P<digits>{_DIGITS})(?!\d)"
    rf"|(?<![\w-])(?P<words>{_WORD}(?:(?:{SP}+|-)(?:and{SP}+)?{_WORD})*)(?!\w)",
    re.IGNORECASE,
)


@cache
def _second(currency: str) -> re.Pattern[str]:
    """The second number of a range, after its separator and maybe its own ``currency``
    (``Lexicon.range_currency``)."""
    return re.compile(
        rf"{SP}*(?P<sep>-|–|—|to|and){SP}*(?P<cur>{currency})?{SP}?"
        rf"(?P<digits>{_DIGITS})(?!\d)",
        re.IGNORECASE,
    )


_CONTINUATION = re.compile(
    rf"{SP}+(?P<and>and{SP}+)?(?P<n>\d{{1,2}}(?!\d)|(?:{_UNITS})(?:{SP_OR_HYPHEN}(?:{_UNITS}))?)"
    rf"(?P<cents>{SP}?(?:cents?|pence)(?!\w))?",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(rf"{SP}*(?:[.!?;]|$)", re.MULTILINE)
_OF_AFTER = re.compile(rf"{SP}+of{SP}", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(rf"(?<!\w)between{SP}+$", re.IGNORECASE)
_IN_BEFORE = re.compile(rf"(?<!\w)in{SP}+$", re.IGNORECASE)
_MINUS_WORD = re.compile(rf"(?<!\w)minus{SP}+$", re.IGNORECASE)
_WEIGHT_AFTER = re.compile(rf"{SP}*(?:of\b|\({SP}*[\d.,]+{SP}*(?:kg|kilo|kilogram))", re.I)
_WEIGHT_BEFORE = re.compile(r"\b(?:weigh\w*|heavy|heavier|lbs?)\b[^.;]*$", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(rf"an?{SP}+(?=(?:{_UNITS})(?!\w))", re.IGNORECASE)
_ORDINAL = re.compile(r"(?:st|nd|rd|th)(?!\w)", re.IGNORECASE)


@dataclass(slots=True)
class Amount:
    """One amount as written: ``text[start:end]`` and its value in base units."""

    start: int
    end: int
    kind: str  # money | percent | quantity
    value: float
    value_max: float | None = None
    currency: str | None = None
    currency_assumed: bool = False
    unit: str | None = None
    qualifier: str | None = None
    family: str | None = None  # currency family of an assumed currency, resolved per article
    vague: bool = False  # "tens of millions of dollars": value and value_max bound a guess
    #: The same amount in other currencies: "4.2 billion euros ($4.6 billion)".
    equivalents: list[Amount] = field(default_factory=list)
    prefix_form: str | None = None  # the currency written before the number, as written


def _digits_value(raw: str) -> float:
    return float(raw.replace(",", ""))


def _pick(prefix: CurrencyForm | None, suffix: CurrencyForm | None) -> CurrencyForm | None:
    """Of a currency before and after the number, the one that says which currency it is."""
    if prefix is None or suffix is None:
        return prefix or suffix
    if prefix.assumed and not suffix.assumed:
        return suffix
    return prefix


def find_amounts(text: str, local_dollar: str | None = None) -> list[Amount]:
    """Every money amount, percentage and unit quantity in ``text``, in order.

    ``local_dollar`` is the dollar a bare "$" means in this article when its context says so
    (a dateline of a dollar country); without it "$" stays USD unless the article marks its
    US dollars "$US" (see ``_resolve_families``).
    """
    lexicon = load()
    found: list[Amount] = []
    floor = 0
    for match in _NUMBER.finditer(text):
        if match.start() < floor:
            continue
        amount = _read(text, match, floor, lexicon)
        if amount is not None:
            found.append(amount)
            floor = amount.end
    found = combine(text, _with_vague(text, found, lexicon), lexicon)
    _resolve_families(found, lexicon, local_dollar)
    return found


def _with_vague(text: str, found: list[Amount], lex: Lexicon) -> list[Amount]:
    """Add "tens of millions of dollars", "billions of euros": a range, flagged vague."""
    extra: list[Amount] = []
    starts = [a.start for a in found]
    for m in VAGUE.finditer(text):
        s = lex.suffix_word_re.match(text, m.end())
        form = currency_form(lex, s.group("form")) if s else None
        if form is None:
            continue
        # found is sorted and its spans do not overlap: only the neighbours can touch this one
        at = bisect_left(starts, s.end())
        if any(a.start < s.end() and m.start() < a.end for a in found[max(0, at - 1) : at + 1]):
            continue
        low, high = vague_range(m)
        extra.append(
            Amount(
                start=m.start(), end=s.end(), kind="money", value=low * form.factor,
                value_max=high * form.factor, currency=form.code, currency_assumed=form.assumed,
                family=form.family, qualifier="estimate", vague=True,
            )
        )  # fmt: skip
    return sorted(found + extra, key=lambda a: a.start) if extra else found


def _resolve_families(amounts: list[Amount], lex: Lexicon, local_dollar: str | None) -> None:
    """An assumed currency takes the one currency its family is written with in the article.

    "two Jordanian dinars ... one dinar": Jordanian. With no explicit form, or explicit forms of
    two currencies, the default stays ("-" drops). A bare "$" is the exception: US papers quote
    "C$12.875" beside "$11" on the New York exchange, so "$" leaves USD only on the article's
    own word: a dateline of a dollar country (``local_dollar``), or the dollar-sign-first style
    of papers whose "$" is local ("$US20 million ($A28 million)": "$US", "$A", "$NZ").
    """
    explicit: dict[str, set[str]] = {}
    marks_local = False
    every = amounts + [e for a in amounts for e in a.equivalents]
    for a in every:
        if a.family and not a.currency_assumed and a.currency:
            explicit.setdefault(a.family, set()).add(a.currency)
        marks_local = marks_local or a.prefix_form in lex.local_marks
    local = explicit.get("dollar", set()) - {"USD"}
    dollar = local_dollar or (next(iter(local)) if marks_local and len(local) == 1 else None)
    for a in every:
        if not (a.currency_assumed and a.family):
            continue
        if a.family == "dollar":
            a.currency = dollar or a.currency
            continue
        codes = explicit.get(a.family, set())
        if len(codes) == 1:
            a.currency = next(iter(codes))
    amounts[:] = [a for a in amounts if a.currency != "-"]


def _read(text: str, match: re.Match[str], floor: int, lex: Lexicon) -> Amount | None:
    start, pos = match.span()
    digits = match.group("digits")
    value = _digits_value(digits) if digits else words_value(match.group("words"))
    if value is None:
        return None
    if digits and _ORDINAL.match(text, pos):
        return None  # "69th birthday"
    if not digits and (lead := _LEADING_ARTICLE.match(text, start)):
        start = lead.end()  # the span of "a two hundred dollar jacket" starts at "two"
    magnitude = 1.0
    if m := lex.magnitude_re.match(text, pos):
        magnitude = lex.magnitudes[(m.group("long") or m.group("short")).lower()]
        pos = m.end()

    # A currency written before the number, within the few characters after the last amount.
    prefix: CurrencyForm | None = None
    lo = max(floor, start - 16)
    if p := lex.prefix_re.search(text, lo, start):
        written = text[p.start() : start].strip()
        prefix = currency_form(lex, written)
        if prefix is not None and prefix.prefix and _prefix_fits(written, text, match, lex):
            start = p.start()
        else:
            prefix = None

    # A range: "$1.2-1.5bn", "5 to 7 percent", "between $1bn and $2bn" ("from X to Y" is a change).
    value_max: float | None = None
    has_suffix_now = bool(lex.percent_re.match(text, pos) or lex.suffix_word_re.match(text, pos))
    if digits and not has_suffix_now and (r := _second(lex.range_currency).match(text, pos)):
        sep = r.group("sep").lower()
        window = text[max(0, start - 12) : start]
        # "to" joins a range only without a second currency ("$5 to 7 billion"), since
        # "by €2bn to €30bn" and "from $5bn to $7bn" are changes, not ranges.
        allowed = (
            (sep == "and" and _BETWEEN_BEFORE.search(window))
            or (sep == "to" and r.group("cur") is None and not change_before(text, start, lex))
            or sep in "-–—"
        )
        if allowed:
            high = _digits_value(r.group("digits"))
            high_pos = r.end()
            high_mag = magnitude
            if m := lex.magnitude_re.match(text, high_pos):
                high_mag = lex.magnitudes[(m.group("long") or m.group("short")).lower()]
                high_pos = m.end()
                if magnitude == 1.0:
                    magnitude = high_mag
            if high * high_mag >= value * magnitude:
                value_max = high * high_mag
                pos = high_pos

    # What the number counts: a currency after it, a minor unit, a percentage or a unit.
    suffix: CurrencyForm | None = None
    minor = False
    s = lex.suffix_word_re.match(text, pos) or lex.suffix_code_re.match(text, pos)
    if s is None and digits and prefix is None:
        s = lex.suffix_symbol_re.match(text, pos)
    m = lex.minor_re.match(text, pos) if prefix is None else None
    if m is not None and (s is None or m.end() > s.end()):
        s, minor = m, True  # "50 euro cents" is cents, not 50 euros
    if s is not None:
        groups = s.groupdict()
        form = groups.get("form") or groups.get("short") or s.group(0)
        suffix = currency_form(lex, form.strip("- \t"))
        if suffix is not None:
            pos = s.end()
            if magnitude == 1.0 and (m := lex.magnitude_re.match(text, pos)):
                magnitude = lex.magnitudes[(m.group("long") or m.group("short")).lower()]
                pos = m.end()  # "75 USD million"
    if suffix is not None and prefix is None and _is_weight(text, pos, suffix, magnitude):
        return None  # "1,300 pounds (600 kgs) of explosive"
    currency = _pick(prefix, suffix)
    if prefix and suffix and prefix.code != suffix.code and not suffix.assumed and s is not None:
        pos = s.start()  # "rmb 10 usd 20": the code after the number starts the next amount

    if currency is not None:
        if (
            digits
            and prefix is None
            and magnitude == 1.0
            and float(value).is_integer()
            and 1800 <= value <= 2100
            and "," not in digits
            and (_IN_BEFORE.search(text, max(0, start - 6), start) or suffix.assumed)
        ):
            return None  # "in 2022 dollars", "2022 marks the ..."
        total = value * magnitude * currency.factor
        high = value_max * currency.factor if value_max is not None else None
        if value_max is not None and magnitude != 1.0 and value_max < value * magnitude:
            high = None
        amount = Amount(
            start=start,
            end=pos,
            kind="money",
            value=total,
            value_max=high,
            currency=currency.code,
            currency_assumed=currency.assumed,
            family=currency.family,
            prefix_form=text[start : match.start()].strip() if prefix else None,
        )
        if (
            not minor
            and suffix is not None
            and magnitude == 1.0
            and value_max is None
            and currency.family in ("dollar", "pound", None)
        ):
            _add_cents(text, amount, lex)
        if p := lex.per_unit_re.match(text, amount.end):
            unit = lex.per_units[" ".join(p.group("form").lower().split())]
            amount.unit = f"per {unit}"
            amount.end = p.end()
    elif p := lex.percent_re.match(text, pos):
        unit = lex.percent_units[" ".join(p.group("form").lower().split())]
        amount = Amount(start=start, end=p.end(), kind="percent", value=value * magnitude)
        amount.unit = unit
        amount.value_max = value_max
    elif u := lex.unit_re.match(text, pos):
        name, factor = lex.units[" ".join(u.group("form").lower().split())]
        amount = Amount(
            start=start, end=u.end(), kind="quantity", value=value * magnitude * factor, unit=name
        )
        amount.value_max = value_max * factor if value_max is not None else None
    elif not digits and value < 1 and _OF_AFTER.match(text, pos):
        # "two-thirds of its exports": a written fraction is a share, read as a percentage.
        amount = Amount(start=start, end=pos, kind="percent", value=value * 100, unit="percent")
    else:
        return None
    _sign_and_qualifier(text, amount, lex)
    # 67.6 * 1e9 is 67599999999.99999 in binary floating point: keep 12 significant digits.
    amount.value = _clean(amount.value)
    if amount.value_max is not None:
        amount.value_max = _clean(amount.value_max)
    return amount


def _prefix_fits(written: str, text: str, match: re.Match[str], lex: Lexicon) -> bool:
    """A currency before the number that is not one there: "Euro 2024" and "Euro 96" are
    football tournaments; "#" is the pound sign only in the Penn Treebank's transcription of
    the Wall Street Journal ("#2.5 billion"), never before a plain integer ("#1")."""
    digits = match.group("digits")
    magnitude = lex.magnitude_re.match(text, match.end()) is not None
    if written.casefold() == "euro" and digits and digits.isdigit() and not magnitude:
        return len(digits) not in (2, 4)
    if written in lex.treebank_forms:
        return bool(digits) and (magnitude or "." in digits or "," in digits)
    return True


def _clean(value: float) -> float:
    return float(f"{value:.12g}")


def _is_weight(text: str, pos: int, suffix: CurrencyForm, magnitude: float) -> bool:
    """A bare "pounds" that weighs: "weighing 200 pounds", "5 pounds of meat", "(2 kg)"."""
    if suffix.family != "pound" or not suffix.assumed or magnitude != 1.0:
        return False
    return bool(
        _WEIGHT_AFTER.match(text, pos) or _WEIGHT_BEFORE.search(text, max(0, pos - 60), pos)
    )


def _add_cents(text: str, amount: Amount, lex: Lexicon) -> None:
    """ "3 dollars 50 cents", "thirteen dollars and forty-five cents": add the minor part."""
    c = _CONTINUATION.match(text, amount.end)
    if c is None:
        return
    raw = c.group("n")
    cents = float(raw) if raw.isdigit() else words_value(raw)
    if cents is None or cents >= 100:
        return
    if c.group("and") or c.group("cents") or _CLAUSE_END.match(text, c.end()):
        if lex.magnitude_re.match(text, c.end()):
            return
        amount.value += cents / 100
        amount.end = c.end()


def _sign_and_qualifier(text: str, amount: Amount, lex: Lexicon) -> None:
    start = amount.start
    # "-$5m", "−3%": a minus sign after a space or bracket (not the hyphen of "COVID-19").
    if start > 0 and text[start - 1] in "-−" and (start == 1 or text[start - 2] in " \t\n(["):
        amount.start = start = start - 1
        amount.value = -amount.value
        if amount.value_max is not None:
            amount.value_max = -amount.value_max
    elif _MINUS_WORD.search(text, max(0, start - 8), start):
        amount.value = -amount.value
    if q := lex.qualifier_re.search(text, max(0, start - 24), start):
        amount.qualifier = lex.qualifiers[" ".join(q.group("form").lower().split())]
