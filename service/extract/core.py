"""The extraction core: from (text, options) to an :class:`ExtractionResult`.

No HTTP here: the web layer, the command line and batch jobs all call :func:`extract` or
:func:`extract_documents`. One spaCy parse per document is shared by every section; the
sections are the pipeline's last components (:mod:`.components`), run on each parsed document
for what it requests and what that needs (figures read dates and entities, stances entities).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from service import __version__
from service.config import Settings
from service.extract import components, pipeline
from service.extract.results import (
    SECTIONS,
    Anchor,
    Document,
    ExtractionResult,
    ExtractionWarning,
    Meta,
    ModelInfo,
    Span,
)
from service.extract.stances import DEFAULT_MIN_SCORE

log = logging.getLogger(__name__)

# Lone surrogates (valid in a JSON string, not in UTF-8) are replaced one for one before parsing,
# so offsets into the submitted text stay right.
_SURROGATES = re.compile("[\ud800-\udfff]")


def parse_published(value: str | dt.date | None) -> dt.date | dt.datetime | None:
    """An ISO 8601 date or datetime (with or without zone); ``ValueError`` if it is neither."""
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip()
    if len(text) <= 10:
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text)


def parse_include(names: Iterable[str] | None) -> frozenset[str]:
    """The requested sections; ``ValueError`` naming any unknown one."""
    if names is None:
        return frozenset(SECTIONS)
    wanted = frozenset(names)
    unknown = sorted(wanted - set(SECTIONS))
    if unknown:
        raise ValueError(f"unknown section(s) {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    return wanted


def extract(
    text: str,
    published: str | dt.date | None = None,
    include: Iterable[str] | None = None,
    *,
    id: str | None = None,
    include_neutral: bool = False,
) -> ExtractionResult:
    """Extract the requested sections from one article."""
    document = Document(
        text=text,
        published=parse_published(published),
        id=id,
        include=parse_include(include),
        include_neutral=include_neutral,
    )
    return next(extract_documents([document]))


# Touches every section once, so lazily loaded data (lexicons, gazetteers, the stance model) is
# in memory before gunicorn forks its workers: shared copy-on-write, and no slow first request.
_WARM_UP_TEXT = (
    "Beijing said on Tuesday that China's exports to Russia rose 5% to $2bn last year, "
    "and criticised Washington's sanctions."
)


def warm_up() -> None:
    """Load the pipeline and every section's data now rather than on the first request."""
    next(extract_documents([Document(text=_WARM_UP_TEXT, published=dt.date(2022, 6, 15))]))


#: A batch of documents parsed together also ends at this many characters, so that the parsed
#: documents held at once stay few (the statistical components themselves see at most
#: ``pipeline.PIECE_TOKENS`` tokens at a time).
BATCH_CHARS = 50_000


@dataclass(slots=True)
class Failure:
    """A document whose extraction raised: its slot of a batch gets an error, not the batch."""

    error: Exception


def extract_documents(
    documents: Iterable[Document], batch_size: int = 16
) -> Iterator[ExtractionResult]:
    """Extract from many documents in order, parsing them together; the first failure raises."""
    for outcome in extract_each(documents, batch_size):
        if isinstance(outcome, Failure):
            raise outcome.error
        yield outcome


def extract_each(
    documents: Iterable[Document], batch_size: int = 16
) -> Iterator[ExtractionResult | Failure]:
    """One outcome per document, in order: its result, or the :class:`Failure` that stands in its
    place. A failure in a joint parse is isolated by parsing that batch's documents one by one.
    Exceptions outside ``Exception`` (a time budget's alarm, an interrupt) are not caught."""
    nlp = pipeline.load()
    for batch in _batches(documents, batch_size):
        texts = [_SURROGATES.sub("\ufffd", d.text) for d in batch]
        started = time.perf_counter()
        parsed: list[Doc | Failure]
        try:
            parsed = list(pipeline.parse(nlp, texts))
        except Exception as exc:
            if len(batch) == 1:
                log.exception("parsing a document failed")
                parsed = [Failure(exc)]
            else:
                parsed = [_parse_alone(nlp, text) for text in texts]
        for document, text, doc in zip(batch, texts, parsed, strict=True):
            if isinstance(doc, Failure):
                yield doc
            else:
                yield _extract_safely(nlp, document, doc, started, text != document.text)
            started = time.perf_counter()


def _extract_safely(
    nlp: Language, document: Document, doc: Doc, started: float, sanitized: bool
) -> ExtractionResult | Failure:
    try:
        return _extract_parsed(nlp, document, doc, started, sanitized)
    except Exception as exc:
        log.exception("extracting from a document failed")
        return Failure(exc)


def _parse_alone(nlp: Language, text: str) -> Doc | Failure:
    try:
        return pipeline.parse(nlp, [text])[0]
    except Exception as exc:
        log.exception("parsing a document failed")
        return Failure(exc)


def _batches(documents: Iterable[Document], batch_size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    chars = 0
    for document in documents:
        if batch and (len(batch) >= batch_size or chars + len(document.text) > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(document)
        chars += len(document.text)
    if batch:
        yield batch


def _extract_parsed(
    nlp: Language, document: Document, doc: Doc, started: float, sanitized: bool
) -> ExtractionResult:
    include = document.include
    anchor = _anchor(document.published)
    warnings: list[ExtractionWarning] = []
    if anchor.value is None and include & {"dates", "trade_figures"}:
        warnings.append(
            ExtractionWarning(
                code="anchor_missing",
                message="no `published` date was given: relative dates stay unresolved "
                "(e.g. XXXX-02-24)",
            )
        )

    sections = components.needed(nlp, include)
    request = components.Request(
        sections=sections,
        anchor=anchor.value,
        include_neutral=document.include_neutral,
        # Read only when stances run, as a setting no other section needs.
        min_score=_stance_min_score() if "stances" in sections else DEFAULT_MIN_SCORE,
    )
    section_ms = components.run(nlp, doc, request)

    result = ExtractionResult(
        id=document.id,
        **{name: doc._.get(name) if name in include else None for name in SECTIONS},
        meta=Meta(
            service_version=__version__,
            models=[ModelInfo(name, version) for name, version in pipeline.model_info()],
            anchor_date=anchor,
            elapsed_ms=0.0,
            warnings=warnings,
        ),
        section_ms=section_ms,
    )
    if sanitized:
        _restore_span_texts(result, document.text)
    result.meta.elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
    return result


@functools.cache
def _stance_min_score() -> float:
    """``NEWSX_STANCE_MIN_SCORE``, read once per process."""
    return Settings.from_env().stance_min_score


def _anchor(published: dt.date | dt.datetime | None) -> Anchor:
    if published is None:
        return Anchor(value=None, source="none")
    day = published.date() if isinstance(published, dt.datetime) else published
    return Anchor(value=day, source="published")


def _restore_span_texts(result: ExtractionResult, original: str) -> None:
    """Re-slice every span from the submitted text (the parse saw a sanitized copy)."""

    def visit(obj: object) -> None:
        if isinstance(obj, Span):
            obj.text = original[obj.start : obj.end]
        if isinstance(obj, list):
            for item in obj:
                visit(item)
        elif hasattr(obj, "__slots__"):
            for name in obj.__slots__:
                visit(getattr(obj, name, None))

    for section in (result.entities, result.dates, result.trade_figures, result.stances):
        visit(section)
