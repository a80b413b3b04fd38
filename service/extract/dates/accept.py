"""Acceptance tests: the checks a pattern cannot make (case, part of speech, the words around
the match). :func:`common` applies to every rule; the others are single rules' own, named in the
rule table (``grammar.py``)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.attrs import IDX
from spacy.tokens import Doc

from service.extract.dates.lexicon import lexicon
from service.extract.dates.rules import Rule

_CUES: dict[str, list[str]] = lexicon()["cues"]
# Words after which a bare four-digit number is a year ("in 1990", "since 2014"), a season word
# the season ("last fall"), a plural unit a duration ("for years").
_YEAR_CUES = frozenset(_CUES["year"])
_SEASON_CUES = frozenset(_CUES["season"])
_VAGUE_CUES = frozenset(_CUES["vague_duration"])
# "in his 30s" is an age; "a quarter", "three quarter" fractions.
_NOT_DECADE = frozenset(_CUES["not_decade"])
_NOT_QUARTER = frozenset(_CUES["not_quarter"])

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
#: An amount or a count right before: "$5 a year", "twice a day" are rates.
_RATE_BEFORE = re.compile(rf"(?:\d|%|{'|'.join(map(re.escape, _CUES['rate']))})\s*$", re.I)
#: The optional context words of a match; with none of them it needs a cue word before it.
_CONTEXT_GROUPS = ("pmod", "rel", "y", "drel", "vq")
_YEAR_CONTEXT_GROUPS = ("pmod", "fy", "prepost")


class TokenIndex:
    """Character offset -> token index, by bisection over the token starts.

    Built from ``doc.to_array``: iterating a Doc creates a Python object per token, which on a
    long article costs more than all the patterns together.
    """

    def __init__(self, doc: Doc) -> None:
        self._starts: list[int] = doc.to_array(IDX).tolist() if len(doc) else [0]

    def __getitem__(self, char: int) -> int:
        return max(0, bisect_right(self._starts, char) - 1)


@dataclass(slots=True)
class Site:
    """Where matches stand: the text, its parse and the characters spaCy tagged DATE or TIME."""

    text: str
    doc: Doc
    token_at: TokenIndex
    date_chars: bytearray


def previous_word(text: str, start: int) -> str:
    before = text[max(0, start - 20) : start].rstrip()
    if before.endswith(","):
        return ","
    words = re.findall(r"[\w']+$", before)
    return words[0].lower() if words else ""


def accepts(rule: Rule, m: re.Match[str], site: Site) -> bool:
    """The checks every rule gets, then the rule's own."""
    return common(rule, m, site) and (rule.accept is None or rule.accept(m, site))


def common(rule: Rule, m: re.Match[str], site: Site) -> bool:
    groups = m.groupdict()
    month = groups.get("mon")
    if month is not None and not month[0].isupper():
        return False
    if groups.get("wd") is not None and not groups["wd"][0].isupper():
        return False
    if _PARAGRAPH_BREAK.search(m[0]):
        return False  # an expression never runs across paragraphs
    # "60 Minutes", "This Week", "High Noon": names of shows and films
    return not (rule.lowercase and _is_title_midsentence(m[0], site.text, m.start()))


def _bare(m: re.Match[str], keys: tuple[str, ...] = _CONTEXT_GROUPS) -> bool:
    groups = m.groupdict()
    return not any(groups.get(k) for k in keys)


def month(m: re.Match[str], site: Site) -> bool:
    written = m["mon"]
    word = written.lower().rstrip(".")
    if len(word) <= 4 and word not in ("may", "june", "july", "sept") and "." not in written:
        return False
    return word not in ("may", "march") or site.doc[site.token_at[m.start("mon")]].tag_ in (
        "NNP",
        "NNPS",
    )


def year(m: re.Match[str], site: Site) -> bool:
    # "nineteen ninety-six" is a year wherever it stands; "twenty twenty" needs a cue like digits.
    spoken = m["y"][:3].lower() == "nin"
    if not _bare(m, _YEAR_CONTEXT_GROUPS) or spoken:
        return True
    return bool(site.date_chars[m.start("y")]) or previous_word(site.text, m.start()) in _YEAR_CUES


def season(m: re.Match[str], site: Site) -> bool:
    if not _bare(m):
        return True
    token = site.doc[site.token_at[m.start("season")]]
    return token.pos_ in ("NOUN", "PROPN") and previous_word(site.text, m.start()) in _SEASON_CUES


def one_day(m: re.Match[str], site: Site) -> bool:
    """ "will one day be", "one day follow", "someday": between a modal and its verb, or
    straight before a verb ("it lasted one day" is a length)."""
    if m[0].lower() == "someday":
        return True
    doc, token_at = site.doc, site.token_at
    first, after = token_at[m.start()], token_at[m.end() - 1] + 1
    before_modal = first > 0 and doc[first - 1].tag_ == "MD"
    verb_next = after < len(doc) and doc[after].tag_ in ("VB", "VBP", "VBZ", "VBD")
    return before_modal or verb_next


def current(m: re.Match[str], site: Site) -> bool:
    return site.doc[site.token_at[m.end() - 1]].tag_ == "JJ"  # not "the current" of a river


def vague_duration(m: re.Match[str], site: Site) -> bool:
    return not _bare(m) or previous_word(site.text, m.start()) in _VAGUE_CUES


def duration(m: re.Match[str], site: Site) -> bool:
    article = (m["num"] or "").lower() in ("a", "an")
    if article and m["unit"].lower().endswith("s"):
        return False  # "a months-long strike": "a" is the strike's
    if re.fullmatch(r"(?i)an?\s+second", m[0]):
        return False  # "a second round" is an ordinal
    return not (article and _rate_before(m, site))  # "$5 a year" is a rate


def decade(m: re.Match[str], site: Site) -> bool:
    return previous_word(site.text, m.start()) not in _NOT_DECADE


def quarter(m: re.Match[str], site: Site) -> bool:
    # "a quarter" of something, "three quarter" fractions
    return not (m[0].lower() == "quarter" and previous_word(site.text, m.start()) in _NOT_QUARTER)


def year_end(m: re.Match[str], site: Site) -> bool:
    """Not "year-end results": a modifier, not a time of its own."""
    doc, i, end = site.doc, site.token_at[m.end() - 1] + 1, m.end()
    return not (i < len(doc) and doc[i].idx - end <= 1 and doc[i].pos_ in ("NOUN", "PROPN"))


def holiday(m: re.Match[str], site: Site) -> bool:
    return m["hol"][0].isupper()


def rate(m: re.Match[str], site: Site) -> bool:
    """ "$5 a year", "twice a day": a rate (SET) after an amount or a count."""
    return _rate_before(m, site)


def _rate_before(m: re.Match[str], site: Site) -> bool:
    return _RATE_BEFORE.search(site.text, max(0, m.start() - 16), m.start()) is not None


def _is_title_midsentence(match: str, text: str, start: int) -> bool:
    """Every word capitalized, and not at the start of a sentence or a quotation."""
    words = re.findall(r"[A-Za-z]+", match)
    if not words or not all(w[0].isupper() for w in words):
        return False
    before = text[max(0, start - 3) : start].rstrip(" \t")
    return bool(before) and before[-1] not in ".!?\n\"'`“‘(—-:;"
