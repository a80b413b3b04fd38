"""The service's gunicorn settings plus the start-up changes proposed in issue 7, to measure them
before they go into ``service/gunicorn_conf.py``:

    .venv/bin/python bench/run.py --gunicorn-config bench/gunicorn_tuned.py

- warm-up in the master: one extraction before the workers fork, so what the sections build on
  first use (the stance classifier's onnxruntime session, lexicons, compiled patterns) is built
  once and shared copy-on-write, and no worker's first caller pays for it;
- ``gc.freeze()`` after it: the objects loaded so far move to a permanent generation the
  collector never walks, so collections in the workers do not write to (and so copy) the pages
  they share with the master.
"""

from __future__ import annotations

import gc
from typing import Any

from service.gunicorn_conf import *  # noqa: F403  (the service's own settings, unchanged)

_WARM_TEXT = (
    "Vladimir Putin met Xi Jinping in Moscow on Tuesday. China's exports to Russia rose 30% "
    "to $147bn last year, according to Chinese customs data. Washington criticised Beijing."
)


def when_ready(server: Any) -> None:
    """Runs in the master after the app is loaded and before the first worker is forked."""
    from service.extract import extract

    extract(_WARM_TEXT, "2022-06-15")
    gc.collect()
    gc.freeze()
