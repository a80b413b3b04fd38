"""The service's own additions to the spaCy pipeline."""

from __future__ import annotations

import pickle

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from service.extract import pipeline
from service.extract.pipeline import MAX_RUN, parse, piece_bounds


def test_blank_lines_end_sentences(nlp: Language) -> None:
    doc = nlp("China hails ties with Russia\n\nBeijing said on Tuesday that ties were strong.")
    assert [s.text.strip() for s in doc.sents] == [
        "China hails ties with Russia",
        "Beijing said on Tuesday that ties were strong.",
    ]


def test_a_line_break_before_a_lower_case_word_wraps_the_line(nlp: Language) -> None:
    doc = nlp("Beijing said on Tuesday that\nties with Moscow were strong.")
    assert len(list(doc.sents)) == 1


def test_a_headline_on_its_own_line_is_its_own_sentence(nlp: Language) -> None:
    # MPQA 2.0 dev, article 20020304/20.42.01-25605 (shortened): parsed as one sentence, the
    # rapporteur was an apposition to the headline's "Independence", "repeated" had no subject.
    doc = nlp(
        "Independence of UNCHR impugned by biased reports\n"
        "The United Nations human rights rapporteur, Maurice Copithorne, on Friday once again "
        "repeated his stereotyped allegations against the Islamic Republic."
    )
    first, second = list(doc.sents)
    assert first.text.strip() == "Independence of UNCHR impugned by biased reports"
    assert second.root.lemma_ == "repeat"
    assert any(t.dep_ == "nsubj" for t in second.root.children)


def test_every_paragraph_of_a_long_text_starts_a_sentence(nlp: Language) -> None:
    paragraphs = [f"Headline number {i} about trade" for i in range(300)]
    doc = nlp("\n\n\n".join(paragraphs))
    starts = [s.text.strip() for s in doc.sents]
    assert starts == paragraphs


def test_news_is_tokenized_as_spacy_does(nlp: Language, seed_text: str) -> None:
    spacy_tokenizer = nlp.tokenizer.tokenizer
    assert [t.text for t in nlp.make_doc(seed_text)] == [t.text for t in spacy_tokenizer(seed_text)]


def test_long_runs_are_cut_and_the_text_kept(nlp: Language) -> None:
    text = "Beijing said ([" + "([" * 3000 + "]) on Tuesday.\n\n" + "x" * (MAX_RUN * 3 + 5) + " end"
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert max(len(t.text) for t in doc) <= MAX_RUN
    assert [t.text for t in doc[:2]] == ["Beijing", "said"]
    assert [t.text for t in doc[-1:]] == ["end"]
    # The cuts fall inside the runs only: the words around them are whole.
    assert "Tuesday" in [t.text for t in doc]


def test_the_pipeline_pickles(nlp: Language) -> None:
    # nlp.pipe(n_process=...) and Spark ship the pipeline to other processes.
    copy = pickle.loads(pickle.dumps(nlp.tokenizer))
    assert copy("Xi met Putin.").text == "Xi met Putin."


def test_the_model_multiplies_with_numpy_and_annotates_as_spacy_does(
    spacy_nlp: Language, seed_text: str
) -> None:
    from thinc.api import get_current_ops
    from threadpoolctl import threadpool_info

    from service.config import Settings
    from service.extract.pipeline import load_model

    name = Settings().spacy_model
    fast = load_model(name, blas_threads=1)
    assert not fast.get_pipe("ner").model.ops.use_blis
    assert get_current_ops().use_blis  # the process's default ops are left as they were
    assert {i["num_threads"] for i in threadpool_info() if i["internal_api"] == "openblas"} == {1}
    default = spacy_nlp
    assert default.get_pipe("ner").model.ops.use_blis

    def annotations(doc: Doc) -> list[tuple[str, str, int, str, str]]:
        return [(t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc]

    text = seed_text + "\n\n" + "Xi assured Putin of China's support, the Kremlin said."
    assert annotations(fast(text)) == annotations(default(text))


def _names(doc: Doc) -> list[tuple[int, int, str, str]]:
    return [(s.start, s.end, s.label_, s.kb_id_) for s in doc.spans["news_names"]]


@pytest.mark.slow  # a very long document
def test_a_long_document_parsed_in_pieces_keeps_its_text_and_names(
    nlp: Language, seed_text: str
) -> None:
    text = (seed_text + "\n\n") * 6  # 3,768 tokens, cut into pieces of at most 1,000
    bounds = piece_bounds(nlp.make_doc(text), 1000)
    assert len(bounds) == 4 and all(b - a <= 1000 for a, b in bounds)
    (whole,) = list(nlp.pipe([text]))
    (cut,) = parse(nlp, [text], limit=1000)
    assert cut.text == text and len(cut) == len(whole)
    # Cut at paragraph breaks: the same names, the same tags and entities.
    assert _names(cut) == _names(whole)
    assert [t.tag_ for t in cut] == [t.tag_ for t in whole]
    assert [t.ent_type_ for t in cut] == [t.ent_type_ for t in whole]


def test_pieces_end_at_the_best_break_and_never_pass_the_limit(nlp: Language) -> None:
    doc = nlp.make_doc("a\n" * 5000)  # 10,000 tokens, a line break after every word
    bounds = piece_bounds(doc, 3000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(doc)
    assert all(b - a <= 3000 and doc[b - 1].text == "\n" for a, b in bounds[:-1])
    no_space = nlp.make_doc("😀" * 7000)  # no break at all: cut at the limit
    assert [b - a for a, b in piece_bounds(no_space, 3000)] == [3000, 3000, 1000]


def test_ordinary_articles_are_parsed_whole_as_nlp_pipe_does(nlp: Language, seed_text: str) -> None:
    texts = [seed_text, "Putin met Xi in Moscow.", ""]
    for ours, theirs in zip(parse(nlp, texts), nlp.pipe(texts), strict=True):
        assert ours.to_bytes(exclude=["user_data"]) == theirs.to_bytes(exclude=["user_data"])
        assert _names(ours) == _names(theirs)
    assert pipeline.PIECE_TOKENS >= 20_000  # a 50 KB article is about 10,000 tokens
