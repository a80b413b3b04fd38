"""Stances section: the pair classifier, the cue lexicon, the parse rules and the seed article."""

from __future__ import annotations

import re

import numpy as np
import pytest
from spacy.language import Language

from service.extract import extract, pipeline
from service.extract.results import Entity, Mention, Stance
from service.extract.stances import extract_stances, lexicon, linear, transformer
from service.extract.stances.paths import _mention_pairs
from service.extract.stances.roles import Actor
from tests.conftest import SEED_PUBLISHED

# Tests of what the trained classifier decides need its weights, which are shipped in the package.
needs_model = pytest.mark.skipif(
    not any((transformer.MODEL_DIR / f).exists() for f in ("model.onnx", linear.MODEL_FILE)),
    reason="no classifier weights shipped",
)
needs_transformer = pytest.mark.skipif(
    not (transformer.MODEL_DIR / "model.onnx").exists(), reason="no transformer weights shipped"
)

# --- helpers --------------------------------------------------------------------------------


def _entities(
    text: str,
    spec: list[tuple[str, str, str | None, list[str]]],
    kinds: dict[str, str] | None = None,
) -> list[Entity]:
    """Entities as the entities section gives them: (name, type, country, surface forms); a GPE
    is a country unless ``kinds`` names its kind."""
    out = []
    for i, (name, type_, country, forms) in enumerate(spec, start=1):
        mentions = [
            Mention(text=m.group(0), start=m.start(), end=m.end())
            for form in forms
            for m in re.finditer(rf"\b{re.escape(form)}\b", text)
        ]
        kind = (kinds or {}).get(name, "country" if type_ == "GPE" else None)
        out.append(
            Entity(id=f"E{i}", name=name, type=type_, mentions=mentions, country=country, kind=kind)
        )
    return out


def _by_pair(stances: list[Stance], entities: list[Entity]) -> dict[tuple[str, str], Stance]:
    names = {e.id: e.name for e in entities}
    return {(names[s.holder], names[s.target]): s for s in stances}


def _related(nlp: Language, text: str, entities: list[Entity]) -> set[tuple[str, str]]:
    """(holder, target) of every pair the section relates, neutral ones included."""
    return {
        (s.holder, s.target) for s in extract_stances(nlp(text), entities, include_neutral=True)
    }


def _check_offsets(text: str, stances: list[Stance]) -> None:
    for s in stances:
        assert 0.0 <= s.score <= 1.0
        assert s.evidence, f"{s.holder}->{s.target} has no evidence"
        for ev in s.evidence:
            assert text[ev.start : ev.end] == ev.text
            if s.label != "neutral":
                assert ev.cues, f"{s.holder}->{s.target} evidence without cue words"
            for cue in ev.cues:
                assert text[cue.start : cue.end] == cue.text
                assert ev.start <= cue.start and cue.end <= ev.end


# --- units ----------------------------------------------------------------------------------


def test_mark_wraps_each_entity_and_points_at_its_marker() -> None:
    text = "Ankara criticised Athens over the border dispute."
    marked = transformer.mark(text, [(18, 24), (0, 6)])
    assert marked.text == "@ Ankara @ criticised @ Athens @ over the border dispute."
    assert marked.text[marked.marker_chars[0] :].startswith("@ Athens @")
    assert marked.text[marked.marker_chars[1] :].startswith("@ Ankara @")


def test_lexicon_loads_every_kind_and_matches_phrases(nlp: Language) -> None:
    lex = lexicon.load()
    kinds = {e.kind for entries in lex.by_first.values() for e in entries}
    assert kinds == set(lexicon.KINDS)
    doc = nlp("They will end up on the wrong side of history, he warned.")
    found = {(doc[c.start : c.end].text, c.kind) for c in lex.match(doc[:])}
    assert ("wrong side of history", "critical") in found
    assert ("warned", "critical") in found


@needs_transformer
def test_classifier_gives_probabilities() -> None:
    model = transformer.PairClassifier()
    queries = [
        transformer.Query(
            transformer.mark("Paris praised Berlin for its courage.", [(0, 5), (14, 20)]),
            ((0, 1), (1, 0)),
        ),
        transformer.Query(
            transformer.mark("Nothing links Oslo and Lima.", [(14, 18), (23, 27)]), ()
        ),
        transformer.Query(
            transformer.mark("Rome, Oslo and Lima met.", [(0, 4), (6, 10), (15, 19)]),
            ((0, 1), (1, 2), (2, 0)),
        ),
    ]
    probs = model.predict(queries)
    assert [p.shape for p in probs] == [(2, 5), (0, 5), (3, 5)]
    assert np.allclose(np.concatenate(probs).sum(axis=1), 1.0, atol=1e-4)


@needs_model
def test_direction_follows_who_supports_whom(nlp: Language) -> None:
    text = "President Lula strongly praised Argentina and pledged Brazil's full support to it."
    ents = _entities(
        text, [("Lula", "PERSON", "BRA", ["Lula"]), ("Argentina", "GPE", "ARG", ["Argentina"])]
    )
    got = _by_pair(extract_stances(nlp(text), ents), ents)
    assert got[("Lula", "Argentina")].label == "supportive"
    # At any score, neutral readings included, Argentina holds no stance toward Lula.
    every = _by_pair(extract_stances(nlp(text), ents, include_neutral=True, min_score=0.0), ents)
    assert ("Lula", "Argentina") in every and ("Argentina", "Lula") not in every
    _check_offsets(text, list(got.values()))


@needs_model
def test_criticism_carries_its_cue_and_speaker(nlp: Language) -> None:
    text = "Canada harshly condemned Iran over the attacks, the foreign ministry in Ottawa said."
    ents = _entities(text, [("Canada", "GPE", "CAN", ["Canada"]), ("Iran", "GPE", "IRN", ["Iran"])])
    got = _by_pair(extract_stances(nlp(text), ents), ents)
    stance = got[("Canada", "Iran")]
    assert stance.label == "critical"
    assert "condemned" in {c.text for ev in stance.evidence for c in ev.cues}
    _check_offsets(text, list(got.values()))


def test_a_cue_aimed_at_one_actor_is_no_stance_toward_another(nlp: Language) -> None:
    # The seed's "The West has adopted sanctions against Russia ..., and Moscow believes that
    # Europe ...": the sanctions are aimed at Russia, so they say nothing of the West on Europe.
    text = "Canada has adopted tough sanctions against Iran, and Tehran believes that Europe has "
    text += "caused the crisis."
    spec = [
        ("Canada", "GPE", "CAN", ["Canada"]),
        ("Iran", "GPE", "IRN", ["Iran", "Tehran"]),
        ("Europe", "LOC", None, ["Europe"]),
    ]
    ents = _entities(text, spec)
    got = _by_pair(extract_stances(nlp(text), ents), ents)
    assert got[("Canada", "Iran")].label == "critical"
    assert ("Canada", "Europe") not in got
    # Europe can be the target of Canada's sanctions: when they are aimed at it, they are.
    aimed = "Canada has adopted tough sanctions against Europe, and Tehran believes that Iran "
    aimed += "has caused the crisis."
    ents = _entities(aimed, spec)
    assert (
        _by_pair(extract_stances(nlp(aimed), ents), ents)[("Canada", "Europe")].label == "critical"
    )


def test_refusing_to_condemn_is_not_criticism(nlp: Language) -> None:
    text = "India refuses to condemn Russia over the invasion."
    ents = _entities(
        text, [("India", "GPE", "IND", ["India"]), ("Russia", "GPE", "RUS", ["Russia"])]
    )
    doc = nlp(text)
    # The pair is linked through "condemn", and the refusal cancels it: neutral, not emitted.
    stance = _by_pair(extract_stances(doc, ents, include_neutral=True), ents)[("India", "Russia")]
    assert stance.label == "neutral"
    assert [(ev.negated, [c.text for c in ev.cues]) for ev in stance.evidence] == [
        (True, ["condemn"])
    ]
    assert extract_stances(doc, ents, min_score=0.0) == []


def test_hedged_statements_are_flagged(nlp: Language) -> None:
    text = "Hungary reportedly criticised Poland sharply over the vote."
    ents = _entities(
        text, [("Hungary", "GPE", "HUN", ["Hungary"]), ("Poland", "GPE", "POL", ["Poland"])]
    )
    stances = extract_stances(nlp(text), ents, include_neutral=True)
    assert stances
    assert all(ev.hedged for s in stances for ev in s.evidence)


def test_mutual_statements_go_both_ways(nlp: Language) -> None:
    text = "Brazil and Argentina agreed to deepen their strategic cooperation."
    ents = _entities(
        text, [("Brazil", "GPE", "BRA", ["Brazil"]), ("Argentina", "GPE", "ARG", ["Argentina"])]
    )
    # Read at every score (the calibration, not this rule, decides what is emitted).
    got = _by_pair(extract_stances(nlp(text), ents, min_score=0.0), ents)
    assert got[("Brazil", "Argentina")].label == "supportive"
    assert got[("Argentina", "Brazil")].label == "supportive"
    assert got[("Brazil", "Argentina")].score == got[("Argentina", "Brazil")].score


def test_person_and_own_country_are_not_paired(nlp: Language) -> None:
    text = "Modi praised India's farmers and criticised Pakistan."
    ents = _entities(
        text,
        [
            ("Narendra Modi", "PERSON", "IND", ["Modi"]),
            ("India", "GPE", "IND", ["India"]),
            ("Pakistan", "GPE", "PAK", ["Pakistan"]),
        ],
        kinds={"Narendra Modi": "person"},  # an officeholder the knowledge base knows
    )
    pairs = _related(nlp, text, ents)
    assert ("E1", "E2") not in pairs and ("E2", "E1") not in pairs
    assert ("E1", "E3") in pairs  # Modi's criticism of Pakistan is read


def test_a_region_that_acts_is_an_actor_a_city_named_as_a_place_is_not(nlp: Language) -> None:
    text = "Texas sued the Environmental Protection Agency in a court in Houston."
    ents = _entities(
        text,
        [
            ("Texas", "GPE", "USA", ["Texas"]),
            ("Environmental Protection Agency", "ORG", "USA", ["Environmental Protection Agency"]),
            ("Houston", "GPE", "USA", ["Houston"]),
        ],
        kinds={"Texas": "region", "Houston": "city"},
    )
    pairs = _related(nlp, text, ents)
    assert ("E1", "E2") in pairs
    assert not any("E3" in pair for pair in pairs)


def test_each_entity_pair_is_read_through_its_two_closest_mention_pairs() -> None:
    def m(start: int) -> Mention:
        return Mention(text="x", start=start, end=start + 1)

    # A at 0 and 20, B at 10, C at 40: A-B through both of A's mentions, A-C through both
    # too (the nearer first), B-C through its only pair; closest pairs first overall.
    here = [Actor("A", m(0)), Actor("B", m(10)), Actor("A", m(20)), Actor("C", m(40))]
    pairs = [(a.mention.start, b.mention.start) for a, b in _mention_pairs(here, 12, 2)]
    assert pairs.count((0, 10)) == 1 and pairs.count((10, 20)) == 1
    assert (20, 40) in pairs and (0, 40) in pairs and (10, 40) in pairs
    assert len(pairs) == 5


def test_neutral_pairs_only_on_request(nlp: Language) -> None:
    # A linked pair whose only cue is negated is neutral, listed only on request.
    text = "Chile did not condemn Peru over the border dispute."
    ents = _entities(text, [("Chile", "GPE", "CHL", ["Chile"]), ("Peru", "GPE", "PER", ["Peru"])])
    doc = nlp(text)
    assert not extract_stances(doc, ents)
    neutral = _by_pair(extract_stances(doc, ents, include_neutral=True), ents)
    assert neutral[("Chile", "Peru")].label == "neutral"
    assert all(ev.negated for ev in neutral[("Chile", "Peru")].evidence)
    _check_offsets(text, list(neutral.values()))


def test_co_mentioned_actors_are_not_even_neutral_pairs(nlp: Language) -> None:
    spec = [("Chile", "GPE", "CHL", ["Chile"]), ("Peru", "GPE", "PER", ["Peru"])]
    text = "Officials from Chile and Peru attended the meeting in Geneva."
    ents = _entities(text, spec)
    assert [len(e.mentions) for e in ents] == [1, 1]
    assert extract_stances(nlp(text), ents, include_neutral=True, min_score=0.0) == []
    # The same two actors, linked by a cue, are a pair.
    linked = "Officials from Chile condemned Peru at the meeting in Geneva."
    assert _related(nlp, linked, _entities(linked, spec)) == {("E1", "E2")}


def test_no_actors_no_stances(nlp: Language) -> None:
    text = "Canada harshly condemned Iran over the attacks."
    doc = nlp(text)
    assert extract_stances(doc, [], include_neutral=True, min_score=0.0) == []
    # The text has a stance as soon as its actors are given.
    ents = _entities(text, [("Canada", "GPE", "CAN", ["Canada"]), ("Iran", "GPE", "IRN", ["Iran"])])
    assert [s.label for s in extract_stances(doc, ents)] == ["critical"]


@needs_model
def test_linear_classifier_reads_direction_and_polarity(nlp: Language) -> None:
    lin = linear.load()
    if lin is None:
        pytest.skip("no linear model shipped")
    lex = lexicon.load()

    def parsed(text: str) -> linear.Parsed:
        doc = nlp(text)
        return linear.parsed_sentence(doc[:], lex.match(doc[:]))

    critical = "Ankara criticised Athens over the border dispute."
    passive = "Athens was criticised by Ankara over the border dispute."
    plain = "The flight from Ankara to Athens takes two hours."
    probs = lin.predict(
        [
            (parsed(critical), (0, 6), (18, 24)),
            (parsed(passive), (0, 6), (28, 34)),
            (parsed(plain), (16, 22), (26, 32)),
        ]
    )
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert transformer.CLASSES[probs[0].argmax()] == "a_neg_b"
    # The passive names the holder second: the parse gives the direction.
    assert transformer.CLASSES[probs[1].argmax()] == "b_neg_a"
    assert transformer.CLASSES[probs[2].argmax()] == "neutral"
    # The whole batch scores as each row alone (one vectorised pass, no cross-talk).
    alone = lin.predict([(parsed(plain), (16, 22), (26, 32))])
    assert np.allclose(alone[0], probs[2])


@needs_model
def test_linear_features_name_each_entitys_governing_verb(nlp: Language) -> None:
    lex = lexicon.load()
    doc = nlp("Athens was praised on Monday by the leaders of Ankara.")
    feats = linear.features(linear.parsed_sentence(doc[:], lex.match(doc[:])), (0, 6), (45, 51))
    # Athens is the passive subject of "praised"; Ankara hangs under it through "by ... of".
    assert "g1:nsubjpass_praise" in feats
    assert "g2:agent_praise" in feats


def test_linear_margin_block_is_averaged_in(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A model file with an SVM block: probabilities are the weighted average of the two
    softmaxes, and the rows still sum to one."""
    terms = ["w:E1", "w:E2"]
    coef = np.array([[1.0, 0, 0, 0, 0], [0, 0, 0, 0, 0]])
    margin = (np.array([[0, 0, 0, 2.0, 0], [0, 0, 0, 0, 0]]), np.zeros(5), 1.0, 0.5)
    path = tmp_path / "m.json"
    linear.save(path, terms, np.ones(2), coef, np.zeros(5), margin)
    model = linear.LinearClassifier(path)
    parsed = linear.Parsed([linear.Tok(0, 1, "a", "a", "ROOT", 0, "X")], {})
    # No features of a sentence without entity tokens: the intercepts alone.
    flat = model.predict([(parsed, (5, 6), (7, 8))])
    assert np.allclose(flat, 0.2)
    two = linear.Parsed(
        [linear.Tok(0, 1, "a", "a", "ROOT", 0, "X"), linear.Tok(2, 3, "b", "b", "dobj", 0, "X")],
        {},
    )
    probs = model.predict([(two, (0, 1), (2, 3))])
    # Both terms present with tf-idf weight 1/sqrt(2) each after the L2 norm.
    s = 1 / np.sqrt(2)
    lr = np.exp(s * np.array([1.0, 0, 0, 0, 0]))
    svm = np.exp(s * np.array([0, 0, 0, 2.0, 0]))
    expected = 0.5 * lr / lr.sum() + 0.5 * svm / svm.sum()
    assert np.allclose(probs[0], expected, atol=1e-3)


# --- the seed article -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_result(seed_text: str):  # type: ignore[no-untyped-def]
    return extract(seed_text, published=SEED_PUBLISHED, include=["entities", "stances"])


def _seed_pairs(seed_result, stances: list[Stance] | None = None) -> dict[tuple[str, str], Stance]:  # type: ignore[no-untyped-def]
    """Stances keyed by (holder, target): a country by its code, anything else by its name."""
    countries = {"China": "CHN", "Russia": "RUS", "United States": "USA", "Ukraine": "UKR"}
    code = {e.id: countries.get(e.name, e.name) for e in seed_result.entities}
    found = seed_result.stances if stances is None else stances
    return {(code[s.holder], code[s.target]): s for s in found}


@pytest.fixture(scope="module")
def seed_readings(seed_text: str, seed_result, nlp: Language):  # type: ignore[no-untyped-def]
    """Every stance the section reads in the seed, whatever its score."""
    stances = extract_stances(nlp(seed_text), seed_result.entities, min_score=0.0)
    return _seed_pairs(seed_result, stances)


@needs_model
def test_seed_china_and_russia_support_each_other(seed_result, seed_readings) -> None:  # type: ignore[no-untyped-def]
    pairs = _seed_pairs(seed_result)
    assert pairs[("CHN", "RUS")].label == "supportive"
    # Russia's side ("the two leaders had agreed", "Beijing and Moscow have stepped up
    # cooperation") is read as supportive, below the default minimum score (see README).
    assert seed_readings[("RUS", "CHN")].label == "supportive"


@pytest.fixture(scope="module")
def seed_every_reading(seed_text: str, seed_result, nlp: Language):  # type: ignore[no-untyped-def]
    """Every pair the section relates in the seed, at any score, neutral ones included."""
    stances = extract_stances(
        nlp(seed_text), seed_result.entities, min_score=0.0, include_neutral=True
    )
    return _seed_pairs(seed_result, stances)


@needs_model
def test_seed_china_is_never_critical_of_russia(seed_every_reading) -> None:  # type: ignore[no-untyped-def]
    # At any score, neutral readings included: neither China nor Xi is read as critical of
    # Russia or of Putin, in any of the pairs the section relates.
    china, russia = {"CHN", "Xi Jinping"}, {"RUS", "Vladimir Putin"}
    labels = {
        pair: s.label
        for pair, s in seed_every_reading.items()
        if pair[0] in china and pair[1] in russia
    }
    assert {("CHN", "RUS"), ("Xi Jinping", "Vladimir Putin")} <= set(labels)
    assert "critical" not in labels.values(), labels


@needs_model
def test_seed_refusing_to_condemn_is_not_criticism(seed_result, seed_every_reading) -> None:  # type: ignore[no-untyped-def]
    # "China refuses to condemn Moscow invasion Ukraine": the refusal cancels "condemn", and
    # "invasion" (an event, not an opinion) does not make China critical of Ukraine.
    refusal = seed_every_reading[("CHN", "UKR")]
    assert refusal.label == "neutral"
    assert [
        (ev.negated, [c.text for c in ev.cues])
        for ev in refusal.evidence
        if ev.text.startswith("China refuses to condemn")
    ] == [(True, ["condemn"])]
    assert ("CHN", "UKR") not in _seed_pairs(seed_result)


@needs_model
def test_seed_us_and_eu_are_critical_of_china(seed_result, seed_readings) -> None:  # type: ignore[no-untyped-def]
    pairs = _seed_pairs(seed_result)
    assert pairs[("USA", "CHN")].label == "critical"
    # "The European Union and the US have warned that any support from Beijing ...": read as
    # critical, emitted only at a lower minimum score (a crowded sentence; see README).
    eu = [s for (h, t), s in seed_readings.items() if "European Union" in h and t == "CHN"]
    assert eu and eu[0].label == "critical"
    assert not [
        s for (h, t), s in pairs.items() if "European Union" in h and s.label == "supportive"
    ]


@needs_model
def test_seed_russia_is_critical_of_the_west(seed_result, seed_readings) -> None:  # type: ignore[no-untyped-def]
    # Read at every score: "the illegal sanctions policy of the West", the Kremlin said (see
    # README for what the threshold emits).
    pairs = seed_readings
    west = [
        s
        for (h, t), s in pairs.items()
        if h == "RUS" and (t in ("USA", "Europe") or "West" in t or "European" in t)
    ]
    assert any(s.label == "critical" for s in west)
    # "the Kremlin said": the statement is attributed to Russia itself.
    russia = next(e.id for e in seed_result.entities if e.name == "Russia")
    assert any(ev.attributed_to == russia for s in west for ev in s.evidence)


@needs_model
def test_seed_stances_carry_cues_and_attribution(seed_text: str, seed_result) -> None:  # type: ignore[no-untyped-def]
    _check_offsets(seed_text, seed_result.stances)
    ids = {e.id for e in seed_result.entities}
    for s in seed_result.stances:
        assert s.holder in ids and s.target in ids and s.holder != s.target
        assert s.label in ("supportive", "critical")
    attributed = [ev for s in seed_result.stances for ev in s.evidence if ev.attributed_to]
    assert attributed and all(ev.attributed_to in ids for ev in attributed)
    pairs = _seed_pairs(seed_result)
    us_china = pairs[("USA", "CHN")]
    assert any(ev.attributed_to for ev in us_china.evidence)


@needs_model
def test_seed_cues_are_content_words_never_names(seed_text: str, seed_result) -> None:  # type: ignore[no-untyped-def]
    doc = pipeline.load()(seed_text)
    names = [(m.start, m.end) for e in seed_result.entities for m in e.mentions]
    for s in seed_result.stances:
        for ev in s.evidence:
            for cue in ev.cues:
                span = doc.char_span(cue.start, cue.end, alignment_mode="expand")
                assert span is not None and span.root.pos_ in ("VERB", "NOUN", "ADJ", "ADV")
                assert not any(a < cue.end and cue.start < b for a, b in names), cue.text


@needs_model
def test_seed_a_belief_is_attributed_only_in_its_own_clause(seed_result, seed_readings) -> None:  # type: ignore[no-untyped-def]
    # "The West has adopted unprecedented sanctions against Russia ..., and Moscow believes that
    # Europe ...": the sanctions are the article's report, not Moscow's statement.
    russia = next(e.id for e in seed_result.entities if e.name == "Russia")
    items = [
        ev
        for s in seed_readings.values()
        for ev in s.evidence
        if ev.text.startswith("The West has adopted")
        and any(c.text == "sanctions" for c in ev.cues)
    ]
    assert items and all(ev.attributed_to != russia for ev in items)
