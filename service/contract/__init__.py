"""The API's contract without the web framework: the request and response schemas, the document
reader and the problem type. The web layer, the command line and the Spark executors all use it;
it imports neither Flask nor the metrics stack, so the batch paths start without them.
"""

from service.contract.documents import (
    Body,
    error_slot,
    load_document,
    load_slot,
    read_document,
    read_json_object,
)
from service.contract.problems import PROBLEM_MIMETYPE, VALIDATION_PROBLEM, ProblemError

__all__ = [
    "PROBLEM_MIMETYPE",
    "VALIDATION_PROBLEM",
    "Body",
    "ProblemError",
    "error_slot",
    "load_document",
    "load_slot",
    "read_document",
    "read_json_object",
]
