"""gunicorn settings, from :class:`service.config.Settings` (so the same env vars apply)."""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from service.config import Settings
from service.logs import logging_config

_settings = Settings.from_env()

# Prometheus multiprocess mode: every worker writes its samples to files here, /metrics sums
# them. It must be set before prometheus_client is imported, i.e. before the app is loaded.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="newsx-metrics-")
_metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"]
for _stale in os.listdir(_metrics_dir):  # samples of a previous run would be summed in
    os.remove(os.path.join(_metrics_dir, _stale))

wsgi_app = "service.wsgi:app"
bind = f"{_settings.host}:{_settings.port}"
workers = _settings.worker_count
# Reads each request whole without blocking before the app runs: slow clients hold no worker.
worker_class = "service.worker.BufferingWorker"
worker_connections = _settings.max_connections
# Load the spaCy pipeline once in the master: workers share its memory copy-on-write.
preload_app = True
timeout = _settings.timeout
graceful_timeout = _settings.graceful_timeout
# Planned recycling bounds slow memory growth; a new worker forks from the warmed master.
max_requests = _settings.max_requests
max_requests_jitter = _settings.max_requests // 10
# Every response closes its connection (as under the sync worker); keep-alive is not offered.
keepalive = 0
loglevel = _settings.log_level
logconfig_dict = logging_config(_settings.log_level)
# The app writes access lines, as JSON with the request id; gunicorn's would repeat them.
accesslog = None
errorlog = "-"


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server: Any) -> None:
    if _metrics_dir.startswith(tempfile.gettempdir()) and "newsx-metrics-" in _metrics_dir:
        shutil.rmtree(_metrics_dir, ignore_errors=True)
