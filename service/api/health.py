"""Operational endpoints, open without an API key: liveness, readiness, metrics, API description."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from service.api.metrics import metrics_response
from service.api.openapi import spec_yaml
from service.contract import ProblemError
from service.extract import pipeline

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz() -> Response:
    """The process is alive and answering."""
    return jsonify({"status": "ok"})


@health.get("/readyz")
def readyz() -> Response:
    """The spaCy pipeline is loaded: the instance can take traffic."""
    if not pipeline.is_loaded():
        raise ProblemError(503, "The language pipeline is still loading.")
    return jsonify({"status": "ready"})


@health.get("/openapi.yaml")
def openapi() -> Response:
    # With this server's limits (text length, batch size), which may differ from the file's.
    text = spec_yaml(current_app.extensions["newsx.settings"])
    return Response(text, mimetype="application/yaml")


@health.get("/metrics")
def metrics() -> Response:
    """Prometheus text format; summed over all gunicorn workers."""
    return metrics_response()
