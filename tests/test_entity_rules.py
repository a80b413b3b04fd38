"""The span set the ``news_names`` rules refine, and the name parts they share."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Span

from service.extract.entities import names
from service.extract.entities.spans import NameSet


def _names(nlp: Language, text: str) -> NameSet:
    doc = nlp.make_doc(text)
    return NameSet(doc, list(doc))


def test_replace_frees_what_it_drops_and_takes_what_it_adds(nlp: Language) -> None:
    names = _names(nlp, "the U.S. Open in New York City")
    doc = names.doc
    names.add(Span(doc, 1, 2, label="GPE"))  # U.S.
    names.add(Span(doc, 4, 6, label="GPE"))  # New York
    names.replace(Span(doc, 1, 3, label="EVENT"))  # U.S. Open
    names.replace(Span(doc, 5, 7, label="GPE"))  # York City: drops New York, frees "New"
    assert [(s.text, s.label_) for s in names.spans] == [
        ("U.S. Open", "EVENT"),
        ("York City", "GPE"),
    ]
    assert names.taken == [False, True, True, False, False, True, True]
    assert names.free(3, 5) and not names.free(4, 6)


def test_a_full_name_is_called_by_its_ends_and_its_rest() -> None:
    assert names.name_parts(["Osama", "bin", "Laden"]) == ("Laden", "Osama", "bin Laden")
    assert names.name_parts(["Wang", "Donghai"]) == ("Donghai", "Wang", "Donghai")
