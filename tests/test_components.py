"""The sections as pipeline components: order, what a request runs, results on ``doc._``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from spacy.language import Language

from service.extract import components, dates, extract, figures, stances
from service.extract.dates import extract_dates
from service.extract.entities import extract_entities
from service.extract.figures import extract_figures
from service.extract.stances import extract_stances

_TEXT = (
    "Beijing said on Tuesday that China's exports to Russia rose 5% to $2bn last year. "
    # re3d, BBC Online.
    "Syria has accused Israel of bombarding an area west of Damascus."
)
_ANCHOR = dt.date(2022, 6, 15)


def test_the_four_sections_are_the_last_components_in_order(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names[names.index("news_names") + 1 :] == [
        "entities",
        "dates",
        "trade_figures",
        "stances",
    ]


def test_a_section_brings_the_sections_it_reads(nlp: Language) -> None:
    assert components.needed(nlp, {"dates"}) == {"dates"}
    assert components.needed(nlp, {"stances"}) == {"entities", "stances"}
    assert components.needed(nlp, {"trade_figures"}) == {"entities", "dates", "trade_figures"}


def test_a_doc_without_a_request_is_only_parsed(nlp: Language) -> None:
    doc = nlp(_TEXT)
    assert len(doc.spans["news_names"]) > 0
    assert [doc._.get(name) for name in components.FACTORIES] == [None] * 4


def test_a_request_runs_what_it_needs_and_no_more(nlp: Language) -> None:
    doc = nlp(_TEXT)
    request = components.Request(components.needed(nlp, {"stances"}), anchor=_ANCHOR)
    ms = components.run(nlp, doc, request)
    assert list(ms) == ["entities", "stances"]
    assert doc._.dates is None and doc._.trade_figures is None
    assert doc._.entities == extract_entities(doc)
    assert doc._.stances == extract_stances(doc, doc._.entities)
    assert doc._.stances  # Syria accuses Israel: a critical stance


def test_figures_read_entities_and_dates_from_the_doc(nlp: Language) -> None:
    doc = nlp(_TEXT)
    request = components.Request(frozenset(components.FACTORIES), anchor=_ANCHOR)
    components.run(nlp, doc, request)
    dates = extract_dates(doc, _ANCHOR)
    assert doc._.dates == dates
    assert doc._.trade_figures == extract_figures(doc, extract_entities(doc), dates, _ANCHOR)
    assert [f.metric for f in doc._.trade_figures] == ["exports"]


def test_the_figures_component_takes_its_tuning_from_its_config(nlp: Language) -> None:
    config = nlp.config["components"]["trade_figures"]
    assert config["factory"] == "news_trade_figures"
    assert {k: v for k, v in config.items() if k != "factory"} == {
        field.name: getattr(figures.DEFAULT_TUNING, field.name)
        for field in dataclasses.fields(figures.Tuning)
    }
    assert config["look_back"] == 2 and config["max_party_distance"] == 7
    assert nlp.get_pipe("trade_figures").tuning == figures.DEFAULT_TUNING


def _figures_with(
    nlp: Language, text: str, anchor: dt.date, **config: int
) -> list[tuple[str, str, str | None, float | None]]:
    """The figures of ``text`` (text, metric, change kind, change value) read by a figures
    component made from its default config with ``config`` changed, through the factory."""
    settings = {
        k: v for k, v in nlp.config["components"]["trade_figures"].items() if k != "factory"
    }
    component = components.make_trade_figures(nlp, "trade_figures", **(settings | config))
    doc = nlp(text)
    doc._.entities = extract_entities(doc)
    doc._.dates = extract_dates(doc, anchor)
    request = components.Request(frozenset({"trade_figures"}), anchor=anchor)
    return [
        (
            f.text,
            f.metric,
            f.change.kind if f.change else None,
            f.change.value if f.change else None,
        )
        for f in component.extract(doc, request)
    ]


def test_a_shorter_change_gap_leaves_an_earlier_level_unlinked(nlp: Language) -> None:
    # TempEval-3 train, AQUAINT/NYT19980907.0112.tml (DCT 1998-09-07): "from $450 million"
    # starts 35 characters after "$300 million", the level it is the earlier value of; with
    # changes at most 20 characters from their level it stays a figure of its own.
    text = (
        "Tourism industry revenues reportedly dropped to $300 million last year, down from "
        "$450 million the year before."
    )
    anchor = dt.date(1998, 9, 7)
    assert _figures_with(nlp, text, anchor) == [("$300 million", "revenue", "previous", 450e6)]
    assert _figures_with(nlp, text, anchor, max_change_gap=20) == [
        ("$300 million", "revenue", "delta", None),
        ("$450 million", "revenue", None, None),
    ]


def test_a_nearer_money_cue_distance_leaves_a_metric_other(nlp: Language) -> None:
    # TempEval-3 train, TimeBank/wsj_0124.tml (DCT 1989-11-02): "impact" is a profit cue some
    # tree edges from "$4.9 million"; allowed only three, the figure has no metric.
    text = (
        "The latest results include some unusual write-downs, which had an after-tax impact of "
        "$4.9 million."
    )
    anchor = dt.date(1989, 11, 2)
    assert _figures_with(nlp, text, anchor) == [("$4.9 million", "profit", None, None)]
    assert _figures_with(nlp, text, anchor, money_cue_distance=3) == [
        ("$4.9 million", "other", None, None)
    ]


def test_the_stances_component_takes_its_limits_from_its_config(nlp: Language) -> None:
    config = nlp.config["components"]["stances"]
    assert config["factory"] == "news_stances"
    assert config["path_max_tokens"] == stances.DEFAULT_LIMITS.path_max_tokens
    assert config["pair_window"] == stances.DEFAULT_LIMITS.pair_window
    assert nlp.get_pipe("stances").limits == stances.DEFAULT_LIMITS
    # MPQA 2.0 dev.json: the regime's occupation of the territories is read along the path
    # only; a component configured with no path length reads no such link.
    doc = nlp(
        "In a rare move on Tuesday , Israeli Parliament Speaker Avraham Burg condemned the "
        "Zionist regime 's occupation of Palestinian territories ."
    )
    doc._.entities = extract_entities(doc)
    request = components.Request(frozenset({"entities", "stances"}), min_score=0.0)
    names = {e.id: e.name for e in doc._.entities}

    def pairs(found: list) -> set[tuple[str, str]]:  # type: ignore[type-arg]
        return {(names[s.holder], names[s.target]) for s in found}

    default = pairs(components.Stances(stances.DEFAULT_LIMITS).extract(doc, request))
    no_paths = pairs(components.Stances(stances.Limits(path_max_tokens=0)).extract(doc, request))
    assert ("Zionist", "Palestine") in default
    assert ("Zionist", "Palestine") not in no_paths
    assert ("Avraham Burg", "Zionist") in no_paths  # the grammar's link stays


def test_the_dates_component_takes_its_tuning_from_its_config(nlp: Language) -> None:
    config = nlp.config["components"]["dates"]
    assert config["factory"] == "news_dates"
    assert {k: v for k, v in config.items() if k != "factory"} == {
        "window_before": dates.DEFAULT_TUNING.window_before,
        "window_after": dates.DEFAULT_TUNING.window_after,
        "tense_bias": dates.DEFAULT_TUNING.tense_bias,
        "present_future_bias": dates.DEFAULT_TUNING.present_future_bias,
    }
    assert nlp.get_pipe("dates").tuning == dates.DEFAULT_TUNING


def _dates_with(
    nlp: Language, text: str, anchor: dt.date, **config: float
) -> list[tuple[str, str | None, str | None]]:
    """The dates of ``text`` read by a dates component made from its default config with
    ``config`` changed (through the factory, as a pipeline config would make it)."""
    settings = {k: v for k, v in nlp.config["components"]["dates"].items() if k != "factory"}
    component = components.make_dates(nlp, "dates", **(settings | config))
    request = components.Request(frozenset({"dates"}), anchor=anchor)
    return [(d.text, d.value, d.mod) for d in component.extract(nlp(text), request)]


def test_a_narrower_window_before_the_trigger_drops_a_long_reading(nlp: Language) -> None:
    # TempEval-3 train, AQUAINT/APW20000401.0150.tml (DCT 2000-04-01): the match runs 22
    # characters back from its trigger, "ago"; a window of 12 reaches only "four decades".
    text = (
        "Tens of thousands of people paid tribute to the men who launched the Cuban Revolution "
        "more than four decades ago in a rally Saturday demanding the return of Elian Gonzalez."
    )
    anchor = dt.date(2000, 4, 1)
    default = _dates_with(nlp, text, anchor)
    narrow = _dates_with(nlp, text, anchor, window_before=12)
    assert ("more than four decades ago", "1960", "MORE_THAN") in default
    assert ("more than four decades ago", "1960", "MORE_THAN") not in narrow
    assert ("four decades", "P40Y", None) in narrow
    assert ("Saturday", "2000-04-01", None) in default and (
        "Saturday",
        "2000-04-01",
        None,
    ) in narrow


def test_the_tense_bias_decides_a_bare_month_in_the_future_tense(nlp: Language) -> None:
    # TempEval-3 train, TimeBank/ABC19980304.1830.1636.tml (DCT 1998-03-04): "will be named ...
    # in December" is the coming December; with no bias the nearer past one wins.
    text = (
        "Air Force Lieutenant Colonel Eileen Collins will be named commander of the Space "
        "Shuttle Columbia for a mission in December."
    )
    anchor = dt.date(1998, 3, 4)
    assert _dates_with(nlp, text, anchor) == [("December", "1998-12", None)]
    assert _dates_with(nlp, text, anchor, tense_bias=1.0) == [("December", "1997-12", None)]


def test_the_present_future_bias_leans_a_present_tense_weekday_back(nlp: Language) -> None:
    # TempEval-3 train, TimeBank/VOA19980501.1800.0355.tml (DCT Friday 1998-05-01): "meet
    # separately Monday" is read as the Monday gone by; with no such bias the next is nearer.
    text = (
        "He and Palestinian leader Yasser Arafat meet separately Monday with US Secretary of "
        "State Madeleine Albright."
    )
    anchor = dt.date(1998, 5, 1)
    assert _dates_with(nlp, text, anchor) == [("Monday", "1998-04-27", None)]
    assert _dates_with(nlp, text, anchor, present_future_bias=1.0) == [
        ("Monday", "1998-05-04", None)
    ]


def test_entities_need_the_names_component(nlp: Language) -> None:
    with pytest.raises(ValueError, match="news_names"):
        extract_entities(nlp.make_doc(_TEXT))


def test_concurrent_requests_run_only_their_own_sections(nlp: Language) -> None:
    includes = [("dates",), ("stances",), ("entities", "trade_figures"), ("dates",)] * 4
    alone = {inc: extract(_TEXT, _ANCHOR, inc) for inc in set(includes)}
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda inc: (inc, extract(_TEXT, _ANCHOR, inc)), includes))
    for inc, result in together:
        expected = alone[inc]
        assert list(result.section_ms) == list(expected.section_ms)
        for name in components.FACTORIES:
            assert getattr(result, name) == getattr(expected, name)
            assert (getattr(result, name) is None) == (name not in inc)


def test_every_component_finds_what_it_requires_before_it(nlp: Language) -> None:
    problems = nlp.analyze_pipes(pretty=False)["problems"]
    assert problems == {name: [] for name in nlp.pipe_names}
