"""Join amounts that news writes as one figure: ranges and conversions.

- a range written with the unit on both ends: "$15.50 to $16.75 each", "5% to 7%", "from $5bn
  to $7bn", "between 3 percent and 4 percent", "15 cents to 20 cents a share" -> one amount
  with ``value_max`` (ranges with one unit, "$1.2-1.5bn", are read in ``amounts``); a change
  stays two amounts: "rose from $5bn to $7bn", "cut by $2bn to $30bn";
- a conversion in brackets: "4.2 billion euros ($4.6 billion)", "$US20 million ($A28 million)",
  "175 million to 180 million Canadian dollars (US$148.9 million to $153.3 million)" -> the
  bracketed amount becomes an equivalent of the first.

Pure text, one pass over the amounts in order; each test looks at the few characters between
two neighbouring amounts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from service.extract.figures.lexicon import SP, Lexicon

if TYPE_CHECKING:
    from service.extract.figures.amounts import Amount

_RANGE_GAP = re.compile(rf"{SP}*(?:to|-|–|—|and){SP}*", re.IGNORECASE)
_OPEN = re.compile(rf"{SP}*\({SP}*")
_LIST_GAP = re.compile(rf"{SP}*[;,/]{SP}*")
_CLOSE = re.compile(rf"{SP}*\)")
_BEFORE = re.compile(rf"(?<!\w)(?P<word>[\w-]+){SP}+(?P<prep>from|by|between){SP}+$", re.I)
_PREP = re.compile(rf"(?<!\w)(?P<prep>from|by|between){SP}+$", re.IGNORECASE)
#: Longest suffix stripped to find a change word's lemma in "increased", "dropped", "cuts".
_SUFFIXES = ("ped", "ied", "ed", "d", "s", "")


def combine(text: str, amounts: list[Amount], lex: Lexicon) -> list[Amount]:
    """The amounts with ranges merged and conversions attached, in text order."""
    out: list[Amount] = []
    i = 0
    while i < len(amounts):
        a = amounts[i]
        nxt = amounts[i + 1] if i + 1 < len(amounts) else None
        if nxt is not None and _is_range(text, a, nxt, lex):
            a.value_max = nxt.value
            a.end = nxt.end
            a.unit = a.unit or nxt.unit
            i += 1
            nxt = amounts[i + 1] if i + 1 < len(amounts) else None
        if nxt is not None and a.kind == "money" and nxt.kind == "money":
            taken = _conversion(text, a, amounts, i + 1, lex)
            if taken:
                i += taken
        out.append(a)
        i += 1
    return out


def _same_unit(a: Amount, b: Amount) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "money":
        return a.currency == b.currency and (a.unit is None or a.unit == b.unit)
    return a.unit == b.unit


def _is_change_word(word: str, lex: Lexicon) -> bool:
    word = word.lower()
    return any(
        word.endswith(s) and (word[: len(word) - len(s)] in lex.directions)
        for s in _SUFFIXES
        if len(word) > len(s)
    )


def _is_change_verb(word: str, lex: Lexicon) -> bool:
    """ "rose", "jumped", "fell", "up": a level's change (not "raise", "add", "cut", which
    also take money objects: "plans to raise 175 million to 180 million Canadian dollars")."""
    word = word.lower()
    return any(
        word.endswith(s) and word[: len(word) - len(s)] in lex.change_verbs
        for s in _SUFFIXES
        if len(word) > len(s)
    )


def _is_range(text: str, a: Amount, b: Amount, lex: Lexicon) -> bool:
    if a.value_max is not None or b.value_max is not None or not _same_unit(a, b):
        return False
    gap = _RANGE_GAP.fullmatch(text, a.end, b.start)
    if gap is None or b.value < a.value:
        return False
    if text[a.end : b.start].strip().lower() == "and":
        prep = _PREP.search(text, max(0, a.start - 12), a.start)
        return prep is not None and prep.group("prep").lower() == "between"
    return not change_before(text, a.start, lex)


def change_before(text: str, start: int, lex: Lexicon) -> bool:
    """The amount at ``start`` opens a change, not a range: "cut by $2bn to $30bn", "rose from
    $5bn to $7bn" (but "prices ranged from $5 to $7" is a range)."""
    prep = _PREP.search(text, max(0, start - 12), start)
    word = prep.group("prep").lower() if prep else None
    if word == "by":
        return True
    verb = lex.change_word_re.search(text, max(0, start - 24), start)
    if verb and _is_change_verb(verb.group("word"), lex):
        return True  # "shares rose 87.5 cents to $38.875": the change and the price reached
    if word == "from":
        before = _BEFORE.search(text, max(0, start - 40), start)
        return before is not None and _is_change_word(before.group("word"), lex)
    return False


def _conversion(text: str, a: Amount, amounts: list[Amount], j: int, lex: Lexicon) -> int:
    """Attach "(US$148.9 million to $153.3 million)" after ``a``; how many amounts it took."""
    b = amounts[j]
    opened = _OPEN.fullmatch(text, a.end, b.start)
    if opened is None or b.currency == a.currency:
        return 0
    taken = 1
    close = _CLOSE.match(text, b.end)
    if close is None and j + 1 < len(amounts):
        c = amounts[j + 1]
        if _RANGE_GAP.fullmatch(text, b.end, c.start) and _CLOSE.match(text, c.end):
            b.value_max, b.end = c.value, c.end
            close, taken = _CLOSE.match(text, c.end), 2
    while close is None and j + taken < len(amounts):
        # "two Jordanian dinars (£2.10; $2.80)": several conversions in one bracket
        c = amounts[j + taken]
        if not _LIST_GAP.fullmatch(text, amounts[j + taken - 1].end, c.start) or c.kind != "money":
            break
        a.equivalents.append(amounts[j + taken - 1])
        close, taken = _CLOSE.match(text, c.end), taken + 1
        b = c
    if close is None:
        a.equivalents = [e for e in a.equivalents if e.start < amounts[j].start]
        return 0
    a.equivalents.append(b)
    if a.unit is None and b.unit is None and (p := lex.per_unit_re.match(text, close.end())):
        # "1,015 French francs ($162) a share": the rate is after the bracket.
        unit = lex.per_units[" ".join(p.group("form").lower().split())]
        a.unit = b.unit = f"per {unit}"
    return taken
