"""The extraction core, free of HTTP: ``extract`` (one article), ``extract_documents`` (many)."""

from service.extract.core import (
    extract,
    extract_documents,
    parse_include,
    parse_published,
    warm_up,
)
from service.extract.model import SECTIONS, Document, ExtractionResult

__all__ = [
    "SECTIONS",
    "Document",
    "ExtractionResult",
    "extract",
    "extract_documents",
    "parse_include",
    "parse_published",
    "warm_up",
]
