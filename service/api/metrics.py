"""Prometheus metrics. Under gunicorn every worker writes to ``PROMETHEUS_MULTIPROC_DIR`` (set by
``service.gunicorn_conf`` before this module is imported) and ``/metrics`` sums them."""

from __future__ import annotations

import os
from collections.abc import Iterable

from flask import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from service.extract import ExtractionResult

_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)

REQUESTS = Counter(
    "newsx_requests", "HTTP requests by endpoint and status", ["endpoint", "method", "status"]
)
LATENCY = Histogram(
    "newsx_request_duration_seconds", "HTTP request latency", ["endpoint"], buckets=_LATENCY_BUCKETS
)
DOCUMENTS = Counter("newsx_documents", "Documents extracted")
CHARACTERS = Counter("newsx_characters", "Characters of text extracted")
SECTION_TIME = Histogram(
    "newsx_section_duration_seconds",
    "Time each extraction section takes per document",
    ["section"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5),
)


def observe_request(endpoint: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(endpoint, method, str(status)).inc()
    LATENCY.labels(endpoint).observe(seconds)


def observe_results(results: Iterable[ExtractionResult], characters: int) -> None:
    count = 0
    for result in results:
        count += 1
        for section, ms in result.section_ms.items():
            SECTION_TIME.labels(section).observe(ms / 1000)
    DOCUMENTS.inc(count)
    CHARACTERS.inc(characters)


def metrics_response() -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST.split(";")[0])
