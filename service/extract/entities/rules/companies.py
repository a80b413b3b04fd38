"""'Weisfield's shares soared' after "Weisfield's Inc.": the first word of a company named in
full with its legal suffix or company word, written alone and untagged, is that company."""

from __future__ import annotations

from spacy.tokens import Span

from service.extract.entities.merge import company_core
from service.extract.entities.spans import NameSet
from service.knowledge import actors


def apply(names: NameSet, kb: actors.KnowledgeBase) -> None:
    cores = set()
    for span in names.spans:
        if span.label_ == "ORG" and not span.kb_id_:
            core = company_core(span.text)
            if core is not None and len(core) == 1 and len(core[0]) > 3:
                cores.add(core[0])
    if not cores:
        return
    for token in names.tokens:
        if not names.taken[token.i] and token.tag_ == "NNP" and token.lower_ in cores:
            names.add(Span(names.doc, token.i, token.i + 1, label="ORG"))
