"""The extraction core, free of HTTP: ``extract`` (one article), ``extract_documents`` (many)."""

from service.extract.core import (
    Failure,
    extract,
    extract_documents,
    extract_each,
    parse_include,
    parse_published,
    warm_up,
)
from service.extract.results import SECTIONS, Document, ExtractionResult

__all__ = [
    "SECTIONS",
    "Document",
    "ExtractionResult",
    "Failure",
    "extract",
    "extract_documents",
    "extract_each",
    "parse_include",
    "parse_published",
    "warm_up",
]
