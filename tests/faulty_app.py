"""The service's WSGI app with one fault planted, for tests that run the real server: the stance
section raises on any document containing :data:`MARKER`. Served by gunicorn with the service's
own configuration (``service.testing.start_server(app="tests.faulty_app:app")``)."""

from __future__ import annotations

from typing import Any

from service.extract import components
from service.wsgi import app

MARKER = "PLANTED-FAULT"
_stances = components.extract_stances


def _failing_stances(doc: Any, *args: Any, **kwargs: Any) -> Any:
    if MARKER in doc.text:
        raise RuntimeError("planted fault in /srv/internal/path")
    return _stances(doc, *args, **kwargs)


components.extract_stances = _failing_stances
__all__ = ["MARKER", "app"]
