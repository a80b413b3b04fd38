"""The date rules as units: each registered once, with its normalizer, and each one matching
and normalizing an example of what it is for (a rule added without one fails here)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from service.extract.dates.durations import duration_value
from service.extract.dates.grammar import rules
from service.extract.dates.lexicon import lexicon
from service.extract.dates.norms import Context
from service.extract.dates.rules import Rule, register, rule

ANCHOR = dt.date(2022, 6, 15)

#: rule name -> (text, the value its normalizer gives on ANCHOR, told in the past tense).
EXAMPLES: dict[str, tuple[str, str | None]] = {
    "iso": ("2022-02-24", "2022-02-24"),
    "slash": ("2/24/2022", "2022-02-24"),
    "dotted": ("24.02.2022", "2022-02-24"),
    "week_of": ("the week of March 7, 2022", "2022-W10"),
    "year_end": ("year-end 1990", "1990"),
    "mdy": ("March 6, 2022", "2022-03-06"),
    "dmy": ("6 March 2022", "2022-03-06"),
    "my": ("March 2022", "2022-03"),
    "month": ("last March", "2022-03"),
    "year": ("fiscal 1990", "1990"),
    "decade": ("the 1990s", "199"),
    "decade_word": ("the nineties", "199"),
    "century": ("the 20th century", "19"),
    "period_ended": ("the nine months ended", "P9M"),
    "for_year": ("for the year", "2022"),
    "quarter": ("the third quarter of 2021", "2021-Q3"),
    "q_notation": ("Q3 2021", "2021-Q3"),
    "half": ("the first half of 2021", "2021-H1"),
    "season": ("summer of 2021", "2021-SU"),
    "rel_unit": ("next week", "2022-W25"),
    "weekday": ("last Tuesday", "2022-06-14"),
    "deictic": ("yesterday", "2022-06-14"),
    "ref": ("nowadays", "PRESENT_REF"),
    "current": ("current conditions", "PRESENT_REF"),
    "ago": ("three years ago", "2019"),
    "ref_unit": ("the next day", "2022-06-16"),
    "one_day": ("one day", "PAST_REF"),
    "duration": ("three years", "P3Y"),
    "duration_range": ("two to six days", "P2D"),
    "long_adj": ("decades-long", "PXY"),
    "vague_duration": ("several years", "PXY"),
    "set": ("every week", "P1W"),
    "time": ("10:30 p.m.", "2022-06-15T22:30"),
    "day_part": ("mid-afternoon", "2022-06-15TAF"),
    "holiday": ("Christmas 2021", "2021-12-25"),
    "year_ago": ("year-ago", "2021"),
    "period": ("the latest period", "2022-Q1"),
    "rate": ("a year", "P1Y"),
    "age": ("40 years old", None),
}


def test_every_rule_has_an_example() -> None:
    assert sorted(EXAMPLES) == sorted(r.name for r in rules())


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_rule_matches_and_normalizes_its_example(name: str) -> None:
    text, value = EXAMPLES[name]
    (found,) = [r for r in rules() if r.name == name]
    matches = found.finditer(text)
    assert matches, name
    norm = found.normalize(matches[0], Context(anchor=ANCHOR))
    assert (norm.value if norm is not None else None) == value


def _rule(name: str) -> Rule:
    (found,) = [r for r in rules() if r.name == name]
    return found


def test_the_deictic_rule_reads_every_day_the_lexicon_names() -> None:
    deictic = _rule("deictic")
    lex = lexicon()
    cases = dict(lex["deictic_days"])
    cases |= {f"{word} morning": offset for word, offset in lex["day_part_deictics"].items()}
    assert "the day after tomorrow" in cases and "last morning" in cases
    for text, offset in cases.items():
        (m,) = deictic.finditer(text)
        assert m[0] == text
        norm = deictic.normalize(m, Context(anchor=ANCHOR))
        assert norm is not None and norm.value is not None
        assert norm.value.startswith((ANCHOR + dt.timedelta(days=offset)).isoformat()), text


def test_every_unit_of_the_lexicon_is_a_duration_in_each_form() -> None:
    duration = _rule("duration")
    plurals = lexicon()["unit_plurals"]
    for word in lexicon()["units"]:
        for form in (word, plurals.get(word, word + "s")):
            (m,) = duration.finditer(f"two {form}")
            assert m[0] == f"two {form}"
            norm = duration.normalize(m, Context(anchor=ANCHOR))
            assert norm is not None and norm.value == duration_value(2, word), form
    assert duration_value(2, "mins") == "PT2M" and duration_value(2, "centuries") == "P200Y"


def test_ages_claim_their_words_and_emit_nothing() -> None:
    assert [r.name for r in rules() if not r.emits] == ["age"]


def test_registration_refuses_a_name_twice() -> None:
    first = rule("one", r"\bone\b", lambda m, ctx: None)
    with pytest.raises(ValueError, match="twice"):
        register([first, rule("one", r"\bun\b", lambda m, ctx: None)])


def test_registration_refuses_a_rule_without_a_normalizer() -> None:
    broken = rule("one", r"\bone\b", None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'one'"):
        register([broken])


def test_priority_is_table_order() -> None:
    table = rules()
    assert [r.priority for r in table] == list(range(len(table)))
    assert all(isinstance(r.pattern, re.Pattern) for r in table)
