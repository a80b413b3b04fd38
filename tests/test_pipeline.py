"""The service's own additions to the spaCy pipeline."""

from __future__ import annotations

import pickle

from spacy.language import Language
from spacy.tokens import Doc

from service.extract.pipeline import MAX_RUN


def test_blank_lines_end_sentences(nlp: Language) -> None:
    doc = nlp("China hails ties with Russia\n\nBeijing said on Tuesday that ties were strong.")
    assert [s.text.strip() for s in doc.sents] == [
        "China hails ties with Russia",
        "Beijing said on Tuesday that ties were strong.",
    ]


def test_a_single_line_break_is_no_paragraph(nlp: Language) -> None:
    doc = nlp("Beijing said on Tuesday that\nties with Moscow were strong.")
    assert len(list(doc.sents)) == 1


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
