"""The one spaCy pipeline of the process, loaded once and shared by every section.

Under gunicorn with ``preload_app`` it is loaded in the master before the workers fork, so the
workers share its memory copy-on-write.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import spacy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import use_ops
from threadpoolctl import ThreadpoolController

from service.extract.once import Once


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and paragraphs are never one sentence.

    The statistical parser otherwise runs a headline into the first paragraph ("... impugned by
    biased reports\nThe UN rapporteur repeated his allegations": the rapporteur in apposition to
    the headline's noun, "repeated" left without its subject), and every section that reads
    sentences (stance evidence, figure context, date tense) inherits the error. A single break
    before a lower-case word is a wrapped line ("the U.S.-led\ncoalition conducted"), not an end.
    Runs before the parser, which keeps sentence starts that are already set.
    """
    # Set as one array: each ``token.is_sent_start = True`` rescans the whole document first.
    spaces = np.flatnonzero(doc.to_array(IS_SPACE)[:-1])
    starts = [
        i + 1
        for i in spaces.tolist()
        if (breaks := doc[i].text.count("\n")) >= 2 or (breaks and not doc[i + 1].text[0].islower())
    ]
    if starts:
        column = doc.to_array([SENT_START])
        column[starts] = 1
        doc.from_array([SENT_START], column)
    return doc


#: Longest run of non-space characters given to spaCy's tokenizer in one piece. The tokenizer
#: is quadratic in the length of such a run when it peels many affixes ("([([..."): 20,000
#: characters took 31 s, 50,000 minutes. No word of news is this long; a URL or a hash that is
#: gets cut into two tokens, which no section reads.
MAX_RUN = 256

_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


class BoundedTokenizer:
    """spaCy's tokenizer, given runs of non-space characters at most :data:`MAX_RUN` long.

    Text without such runs (all news) goes to spaCy's tokenizer as it is. Otherwise the text is
    cut inside the long runs into pieces, each tokenized, and the pieces joined into one
    ``Doc`` whose text is the input's, character for character.
    """

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        cuts = [
            cut
            for run in _LONG_RUN.finditer(text)
            for cut in range(run.start() + MAX_RUN, run.end(), MAX_RUN)
        ]
        if not cuts:
            return self.tokenizer(text)
        bounds = [0, *cuts, len(text)]
        pieces = [self.tokenizer(text[a:b]) for a, b in itertools.pairwise(bounds)]
        return Doc.from_docs(pieces, ensure_whitespace=False)

    def __getattr__(self, name: str) -> Any:
        # Everything else (vocab, explain, serialisation) is the wrapped tokenizer's. Not while
        # unpickling, before ``tokenizer`` is set: that lookup would come back here forever.
        if name == "tokenizer":
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


#: Most tokens the statistical components see at once. Their working memory grows with the tokens
#: parsed together (tok2vec and ner about 15 KB per token: 200,000 tokens of "a\n" took 3.4 GB
#: and 33 s), so a longer document is parsed in pieces of at most this many tokens, cut at
#: paragraph, line or sentence ends, and the pieces joined back into one ``Doc``: offsets exact,
#: and every section, including ``news_names``, reads the whole document. About 100,000
#: characters of news: ordinary articles are parsed whole, as before.
PIECE_TOKENS = 20_000
#: Where a piece may end, best first: after a blank line, a line break, a sentence's final
#: punctuation, any space. Searched in the last half of the window.
_PARAGRAPH, _LINE, _SENTENCE, _SPACE, _ANYWHERE = 4, 3, 2, 1, 0


def parse(nlp: Language, texts: list[str], limit: int = PIECE_TOKENS) -> list[Doc]:
    """``list(nlp.pipe(texts))`` with at most ``limit`` tokens in the statistical components at
    once: short documents are parsed together, long ones in pieces."""
    docs = [nlp.make_doc(text) for text in texts]
    pieces: list[list[Doc]] = [
        [doc] if len(doc) <= limit else [doc[a:b].as_doc() for a, b in piece_bounds(doc, limit)]
        for doc in docs
    ]
    disable = [name for name in ("news_names",) if name in nlp.pipe_names]
    group: list[Doc] = []
    parsed: dict[int, Doc] = {}
    for piece in (p for doc_pieces in pieces for p in doc_pieces):
        if group and sum(len(d) for d in group) + len(piece) > limit:
            parsed.update(_run(nlp, group, disable))
            group = []
        group.append(piece)
    if group:
        parsed.update(_run(nlp, group, disable))
    out = []
    for doc_pieces in pieces:
        done = [parsed[id(p)] for p in doc_pieces]
        doc = done[0]
        if len(done) > 1:
            doc = Doc.from_docs(done, ensure_whitespace=False, exclude=["tensor", "user_data"])
        for name in disable:
            doc = nlp.get_pipe(name)(doc)
        out.append(doc)
    return out


def _run(nlp: Language, group: list[Doc], disable: list[str]) -> dict[int, Doc]:
    # spaCy annotates the Docs it is given in place and returns them.
    done = list(nlp.pipe(group, batch_size=len(group), disable=disable))
    return {id(source): doc for source, doc in zip(group, done, strict=True)}


def piece_bounds(doc: Doc, limit: int) -> list[tuple[int, int]]:
    """Token ranges of at most ``limit`` tokens covering ``doc``, each ending at the best break
    (:data:`_PARAGRAPH` ... :data:`_ANYWHERE`) in the last half of its window: linear time."""
    bounds: list[tuple[int, int]] = []
    start, n = 0, len(doc)
    while n - start > limit:
        end, best = start + limit, -1
        for i in range(start + limit - 1, start + limit // 2 - 1, -1):
            rank = _break_after(doc[i])
            if rank > best:
                end, best = i + 1, rank
                if rank == _PARAGRAPH:
                    break
        bounds.append((start, end))
        start = end
    bounds.append((start, n))
    return bounds


def _break_after(token: Any) -> int:
    text = token.text + token.whitespace_
    if text.count("\n") >= 2:
        return _PARAGRAPH
    if "\n" in text:
        return _LINE
    if token.whitespace_ and token.text in (".", "!", "?", "…"):
        return _SENTENCE
    return _SPACE if token.whitespace_ else _ANYWHERE


_TEXT_KEY = "service.text"


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per document: spaCy joins every token's text on each access,
    and every section reads the text."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


_nlp: Once[Language] = Once()


def load(model: str | None = None) -> Language:
    """Load the pipeline if it is not loaded yet and return it (``model`` counts on the first
    call only)."""

    def build() -> Language:
        from service.config import Settings

        settings = Settings.from_env()
        nlp = load_model(model or settings.spacy_model, settings.blas_threads)
        _add_components(nlp)
        return nlp

    nlp = _nlp.get(build)
    assert nlp is not None  # build never returns None
    return nlp


def load_model(name: str, blas_threads: int = 1) -> Language:
    """``spacy.load(name)``, its layers multiplying matrices with NumPy's BLAS.

    thinc multiplies with BLIS by default; NumPy's OpenBLAS picks kernels for the CPU it runs on
    and on this project's machines is about 3 times faster at the network's matrix shapes (the
    parse of the seed article: 106 -> 78 ms, same annotations; ``bench/run.py`` measures both).
    BLAS gets ``blas_threads`` threads per process: the service's parallelism is its worker
    processes, and more threads than cores would only make them wait for each other.
    """
    # NumPy's OpenBLAS only: another library's BLAS (PyTorch's, when training) keeps its own.
    ThreadpoolController().select(internal_api="openblas").limit(limits=blas_threads)
    # Layers keep the ops they were built with: the rest of the process is left as it was.
    with use_ops("numpy", use_blis=False):
        return spacy.load(name)


def _add_components(nlp: Language) -> None:
    """The project's own components, after the statistical ones they refine: the names, then
    the four sections (:mod:`service.extract.components`)."""
    # Imported here: registering the factory loads the knowledge base module.
    from service.extract import components
    from service.extract.attributes import use_array_attribute_ruler
    from service.extract.entities import component  # noqa: F401
    from service.extract.lemmas import use_cached_lemmatizer

    use_array_attribute_ruler(nlp)
    use_cached_lemmatizer(nlp)
    if not isinstance(nlp.tokenizer, BoundedTokenizer):
        nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    if "paragraph_breaks" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    if "news_names" not in nlp.pipe_names:
        nlp.add_pipe("news_names", after="ner" if "ner" in nlp.pipe_names else None)
    # The news NER reads the shared tok2vec's vectors (doc.tensor); news_names votes with it.
    voting = nlp.get_pipe("news_names").vote != "off"
    if voting and "news_ner" not in nlp.pipe_names and "tok2vec" in nlp.pipe_names:
        from service.extract import news_ner  # noqa: F401  (registers the factory)

        # Built with the ops the rest of the pipeline uses (see load_model).
        with use_ops("numpy", use_blis=False):
            nlp.add_pipe("news_ner", before="news_names")
    components.add_sections(nlp)


def is_loaded() -> bool:
    return _nlp.peek() is not None


def model_info() -> list[tuple[str, str]]:
    """(name, version) of each model the process uses, once loaded."""
    nlp = _nlp.peek()
    if nlp is None:
        return []
    meta = nlp.meta
    return [(f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}", str(meta.get("version")))]
