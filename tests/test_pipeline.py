"""The service's own additions to the spaCy pipeline."""

from __future__ import annotations

from spacy.language import Language


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
