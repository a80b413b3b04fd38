"""The one-command benchmark: the bare spaCy pipeline against the service, in one run.

    .venv/bin/python bench/run.py [--long-source DIR] [--seconds 15] [--quick]

Measures and prints, on the seed article and on a ~50 KB long article built at run time from
TimeBank (``.tml`` texts with their tags stripped; never copied into the repository):

- bare spaCy (``spacy.load`` of the model the service uses, nothing added): latency per article
  and throughput with ``nlp.pipe`` over all cores;
- the service through gunicorn with its defaults over real HTTP on 127.0.0.1: start-up time until
  ``/readyz``, sequential latency (p50/p95/p99) and throughput under concurrent load for single
  calls and for the batch endpoint, errors counted, peak memory per worker and for the server;
- each section's own time (entities, dates, trade figures, stances) as a share of the total, and
  the cost of a 10 times longer article, part by part;
- the ratios service/bare (the figures that hold across noisy machines), checked against the
  targets of issue 7.

Results go to ``bench/results/latest.json`` and ``bench/results/latest.md``. Load is bounded in
count and time and goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import html
import http.client
import itertools
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.testing import children, free_port

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_2a91903f997600ae.txt"
SEED_PUBLISHED = "2022-06-15"
# shared/ sits beside the work tree (and beside CI's clone); the path is an argument anyway.
DEFAULT_LONG_SOURCE = ROOT.parent / "shared" / "data" / "tempeval3" / "train" / "TimeBank"
LONG_CHARS = 50_000
RESULTS = ROOT / "bench" / "results"

# Targets of issue 7, as (key in "ratios", comparison, limit, description).
TARGETS: list[tuple[str, str, float, str]] = [
    ("single_throughput_vs_bare_seed", ">=", 0.8, "single-call throughput / bare nlp.pipe, seed"),
    ("single_throughput_vs_bare_long", ">=", 0.8, "single-call throughput / bare nlp.pipe, long"),
    ("batch_throughput_vs_bare_seed", ">=", 0.9, "batch throughput / bare nlp.pipe, seed"),
    ("batch_throughput_vs_bare_long", ">=", 0.9, "batch throughput / bare nlp.pipe, long"),
    ("p50_latency_vs_bare_seed", "<=", 1.3, "HTTP p50 latency / bare nlp(text), seed"),
    ("p50_latency_vs_bare_long", "<=", 1.3, "HTTP p50 latency / bare nlp(text), long"),
    ("cost_10x_service", "<=", 11.0, "seed x 10 over seed, service cost ratio"),
    ("cost_10x_bare", "<=", 11.0, "seed x 10 over seed, bare spaCy cost ratio"),
    ("cost_10x_service_real_text", "<=", 11.0, "long article over its ten tenths, service"),
    ("cost_10x_bare_real_text", "<=", 11.0, "long article over its ten tenths, bare spaCy"),
    ("worker_peak_pss_mb", "<=", 400.0, "peak memory per worker (PSS, MB)"),
    ("startup_s", "<", 5.0, "start-up until /readyz (s)"),
]


# --------------------------------------------------------------------------- texts


def strip_timeml(markup: str) -> str:
    """The article text of a TimeML file: its <TEXT> element with the inline tags removed."""
    match = re.search(r"<TEXT>(.*?)</TEXT>", markup, flags=re.S)
    body = match.group(1) if match else markup
    body = html.unescape(re.sub(r"<[^>]+>", "", body))
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", body))
    return "\n\n".join(p for p in paragraphs if p)


def cut_at_sentence(text: str, limit: int) -> str:
    """The longest prefix of at most ``limit`` characters that ends a sentence."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(". "), head.rfind(".\n"), head.rfind('." '))
    return head[: end + 1] if end > limit // 2 else head


def split_in_tenths(text: str) -> list[str]:
    """``text`` cut into ten parts at the paragraph breaks nearest each tenth of its length (at
    spaces when it has no paragraphs).

    Together the parts are the text's own content: the whole costs ten times their mean cost
    unless something grows faster than the length.
    """
    sep = "\n\n" if "\n\n" in text else " "
    cuts = [0]
    for k in range(1, 10):
        target = k * len(text) // 10
        before, after = text.rfind(sep, 0, target), text.find(sep, target)
        nearest = [c for c in (before, after) if c >= 0]
        cut = min(nearest, key=lambda c: abs(c - target)) + len(sep) if nearest else target
        cuts.append(max(cut, cuts[-1]))
    cuts.append(len(text))
    return [part for a, b in itertools.pairwise(cuts) if (part := text[a:b].strip())]


def build_long_article(source: Path, chars: int = LONG_CHARS) -> tuple[str, str]:
    """About ``chars`` of real news text from TimeML files (sorted, so the same each run).

    Falls back to the seed article repeated when the data is not there, and says so.
    """
    files = sorted(source.rglob("*.tml")) if source.is_dir() else []
    parts: list[str] = []
    size = 0
    for path in files:
        part = strip_timeml(path.read_text(encoding="utf-8", errors="replace"))
        parts.append(part)
        size += len(part) + 2
        if size >= chars + 5_000:
            break
    if size < chars:
        seed = SEED.read_text(encoding="utf-8")
        return cut_at_sentence("\n\n".join([seed] * (chars // len(seed) + 1)), chars), "seed x N"
    return cut_at_sentence("\n\n".join(parts), chars), f"{source} ({len(parts)} .tml files)"


# --------------------------------------------------------------------------- statistics


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in [0, 100]) of a non-empty list."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary_ms(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50": round(percentile(ms, 50), 2),
        "p95": round(percentile(ms, 95), 2),
        "p99": round(percentile(ms, 99), 2),
        "mean": round(statistics.fmean(ms), 2),
        "min": round(min(ms), 2),
    }


def timed_runs(
    func: Callable[[], object], count: int, budget_s: float, minimum: int = 3, warm: bool = True
) -> list[float]:
    """Run ``func`` up to ``count`` times (at least ``minimum``, after one warm-up unless
    ``warm`` is false), stopping early once ``budget_s`` is spent. The garbage collector runs
    before each timed call: a full collection owed by earlier work (tens of ms in this process's
    heap) would otherwise land in whichever call crosses its threshold, and with the one or two
    runs a long text gets, make that call look tens of times slower than it is."""
    if warm:
        func()
    times: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(times) < count and (len(times) < minimum or time.perf_counter() < deadline):
        gc.collect()
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return times


# --------------------------------------------------------------------------- HTTP server


def post(port: int, path: str, body: bytes, timeout: float = 300) -> tuple[int, bytes]:
    # A fresh connection per request: gunicorn's sync workers close it after each answer.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def get_status(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _proc_kb(pid: int, filename: str, keys: tuple[str, ...]) -> dict[str, int]:
    values = dict.fromkeys(keys, 0)
    try:
        for line in Path(f"/proc/{pid}/{filename}").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in values:
                values[name] = int(rest.split()[0])
    except OSError:
        pass
    return values


@dataclass
class MemorySampler:
    """Samples the server's processes (/proc, Linux): PSS, private and peak RSS per process."""

    master: int
    interval_s: float = 0.25
    peak_pss_kb: dict[int, int] = field(default_factory=dict)
    peak_private_kb: dict[int, int] = field(default_factory=dict)
    peak_total_pss_kb: int = 0
    hwm_kb: dict[int, int] = field(default_factory=dict)
    checkpoints: dict[str, dict[str, float]] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> None:
        total = 0
        for pid in [self.master, *children(self.master)]:
            rollup = _proc_kb(pid, "smaps_rollup", ("Pss", "Private_Clean", "Private_Dirty", "Rss"))
            status = _proc_kb(pid, "status", ("VmHWM",))
            total += rollup["Pss"]
            private = rollup["Private_Clean"] + rollup["Private_Dirty"]
            self.peak_pss_kb[pid] = max(self.peak_pss_kb.get(pid, 0), rollup["Pss"])
            self.peak_private_kb[pid] = max(self.peak_private_kb.get(pid, 0), private)
            # VmHWM is the kernel's own peak RSS: exact, but counts shared pages in full.
            self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), status["VmHWM"])
        self.peak_total_pss_kb = max(self.peak_total_pss_kb, total)

    def checkpoint(self, label: str) -> None:
        """Workers' memory now (largest worker), to see which phase moved it."""
        pss, private = [], []
        for pid in children(self.master):
            rollup = _proc_kb(pid, "smaps_rollup", ("Pss", "Private_Clean", "Private_Dirty"))
            pss.append(rollup["Pss"])
            private.append(rollup["Private_Clean"] + rollup["Private_Dirty"])
        self.checkpoints[label] = {
            "worker_pss_mb": round(max(pss, default=0) / 1024, 1),
            "worker_private_mb": round(max(private, default=0) / 1024, 1),
        }

    def start(self) -> None:
        def loop() -> None:
            while not self._stop.wait(self.interval_s):
                self.sample()

        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()

    def stop(self) -> dict[str, Any]:
        self.sample()
        self._stop.set()
        if self._thread:
            self._thread.join()
        workers = [pid for pid in self.peak_pss_kb if pid != self.master]
        mb = 1024

        def worst(table: dict[int, int]) -> float:
            return round(max((table[p] for p in workers), default=0) / mb, 1)

        return {
            "workers": len(workers),
            "worker_peak_pss_mb": worst(self.peak_pss_kb),
            "worker_peak_private_mb": worst(self.peak_private_kb),
            "worker_peak_rss_mb": worst(self.hwm_kb),
            "master_peak_rss_mb": round(self.hwm_kb.get(self.master, 0) / mb, 1),
            "server_peak_pss_mb": round(self.peak_total_pss_kb / mb, 1),
            "checkpoints": self.checkpoints,
        }


class Server:
    """``python -m service serve`` with the service's defaults, bound to 127.0.0.1; or gunicorn
    with another config file (``--gunicorn-config``), to measure a proposed change."""

    def __init__(self, config: Path | None = None, command: list[str] | None = None) -> None:
        self.port = free_port()
        env = {**os.environ, "NEWSX_HOST": "127.0.0.1", "NEWSX_PORT": str(self.port)}
        env.pop("NEWSX_WORKERS", None)  # the default: one worker per core
        env["NEWSX_LOG_LEVEL"] = "warning"
        self.log = (Path(tempfile.gettempdir()) / "newsx-bench-server.log").open("wb")
        self.started = time.perf_counter()
        if command is None:
            command = [sys.executable, "-m", "service", "serve"]
        if config:
            command = [sys.executable, "-m", "gunicorn", "--config", str(config)]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env,
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.memory = MemorySampler(self.process.pid)

    def wait_ready(self, limit_s: float = 180) -> float:
        deadline = time.perf_counter() + limit_s
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early; see {self.log.name}")
            try:
                if get_status(self.port, "/readyz") == 200:
                    ready = time.perf_counter() - self.started
                    self.memory.start()
                    return ready
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"not ready after {limit_s} s; see {self.log.name}")

    def stop(self) -> dict[str, Any]:
        memory = self.memory.stop()
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        return memory


# --------------------------------------------------------------------------- measurements


def request_body(text: str, doc_id: str) -> bytes:
    return json.dumps({"text": text, "published": SEED_PUBLISHED, "id": doc_id}).encode()


def batch_body(text: str, count: int) -> bytes:
    documents = [{"text": text, "published": SEED_PUBLISHED, "id": f"d{i}"} for i in range(count)]
    return json.dumps({"documents": documents}).encode()


def paired_latency(
    bare: Callable[[str], object],
    port: int,
    text: str,
    count: int,
    budget_s: float,
    minimum: int = 3,
) -> tuple[list[float], list[float], int]:
    """Bare ``nlp(text)`` and one HTTP call, alternated so both see the same machine load."""
    body = request_body(text, "latency")
    errors = 0
    bare(text)
    post(port, "/v1/extract", body)
    bare_times: list[float] = []
    http_times: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(bare_times) < count and (len(bare_times) < minimum or time.perf_counter() < deadline):
        started = time.perf_counter()
        bare(text)
        bare_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        status, _ = post(port, "/v1/extract", body)
        http_times.append(time.perf_counter() - started)
        errors += status != 200
    return bare_times, http_times, errors


def bare_pipe_throughput(
    nlp: Any, text: str, processes: int, batch_size: int, seconds: float, max_docs: int
) -> dict[str, float]:
    """Articles/s of ``nlp.pipe(n_process=cores)`` in steady state (after the first round)."""
    stop_at = time.perf_counter() + seconds
    fed = itertools.count()

    def texts() -> Iterator[str]:
        # nlp.pipe reads ahead: the deadline only stops the feeding.
        while time.perf_counter() < stop_at and next(fed) < max_docs:
            yield text

    warm = batch_size * processes
    marks: list[float] = []
    for n, _doc in enumerate(nlp.pipe(texts(), batch_size=batch_size, n_process=processes)):
        if n + 1 >= warm:
            marks.append(time.perf_counter())
    done = len(marks) - 1
    if done < 1:
        return {"articles_per_s": 0.0, "articles": 0, "seconds": 0.0}
    elapsed = marks[-1] - marks[0]
    return {"articles_per_s": round(done / elapsed, 3), "articles": done, "seconds": elapsed}


def http_throughput(
    port: int,
    path: str,
    body: bytes,
    docs_per_request: int,
    clients: int,
    seconds: float,
    min_requests: int = 0,
) -> dict[str, float]:
    """Articles/s with ``clients`` concurrent callers for ``seconds`` (after a warm-up round),
    and until at least ``min_requests`` have been answered: a long article takes seconds, and a
    handful of answers in the window would make the rate mostly rounding."""
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(lambda _: post(port, path, body), range(clients)))
    stop_at = time.perf_counter() + seconds
    lock = threading.Lock()
    counts = {"ok": 0, "errors": 0}
    last_done = [time.perf_counter()]

    def caller() -> None:
        while time.perf_counter() < stop_at or counts["ok"] + counts["errors"] < min_requests:
            try:
                status, _ = post(port, path, body)
                ok = status == 200
            except OSError:
                ok = False
            with lock:
                counts["ok" if ok else "errors"] += 1
                last_done[0] = time.perf_counter()

    started = time.perf_counter()
    threads = [threading.Thread(target=caller) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = last_done[0] - started
    articles = counts["ok"] * docs_per_request
    return {
        "articles_per_s": round(articles / elapsed, 3) if elapsed > 0 else 0.0,
        "articles": articles,
        "requests": counts["ok"],
        "errors": counts["errors"],
        "seconds": round(elapsed, 2),
    }


def section_times(
    nlp: Any,
    text: str,
    count: int,
    budget_s: float,
    components: bool = True,
    minimum: int = 3,
    warm: bool = True,
) -> dict[str, Any]:
    """The service pipeline's parse (per component) and each section on the parsed document.

    A section that raises (sections are rewritten while this runs) is reported, not fatal.
    """
    from service.extract.dates import extract_dates
    from service.extract.entities import extract_entities
    from service.extract.figures import extract_figures
    from service.extract.stances import extract_stances

    anchor = dt.date.fromisoformat(SEED_PUBLISHED)
    med = lambda f: statistics.median(timed_runs(f, count, budget_s, minimum, warm)) * 1000  # noqa: E731

    def component_run(name: str) -> Callable[[], object]:
        # Each component on a copy of the document as the ones before it left it.
        doc = nlp.make_doc(text)
        for other, proc in nlp.pipeline:
            if other == name:
                return lambda: proc(doc.copy())
            doc = proc(doc)
        raise KeyError(name)

    out: dict[str, Any] = {}
    if components:
        out["components_ms"] = {name: round(med(component_run(name)), 2) for name in nlp.pipe_names}
    doc = nlp(text)
    errors: dict[str, str] = {}
    entities: list[Any] = []
    dates: list[Any] = []
    try:
        entities = extract_entities(doc)
        dates = extract_dates(doc, anchor)
    except Exception as exc:  # a section mid-rewrite: report it, time the others
        errors["inputs"] = f"{type(exc).__name__}: {exc}"
    runs: dict[str, Callable[[], object]] = {
        "entities": lambda: extract_entities(doc),
        "dates": lambda: extract_dates(doc, anchor),
        "trade_figures": lambda: extract_figures(doc, entities, dates),
        "stances": lambda: extract_stances(doc, entities),
    }
    sections: dict[str, float] = {}
    for name, run_section in runs.items():
        try:
            sections[name] = round(med(run_section), 2)
        except Exception as exc:
            errors[name] = f"{type(exc).__name__}: {str(exc)[:200]}"
            sections[name] = float("nan")
    parse = round(med(lambda: nlp(text)), 2)
    total = parse + sum(ms for ms in sections.values() if ms == ms)  # NaN != NaN
    out.update(
        {
            "parse_ms": parse,
            "sections_ms": sections,
            "total_ms": round(total, 2),
            "share": {
                "parse": round(parse / total, 3),
                **{name: round(ms / total, 3) for name, ms in sections.items()},
            },
            "errors": errors,
        }
    )
    return out


_STARTUP_PROBE = """
import json, sys, time
if sys.argv[3] == "block-torch":
    sys.modules["torch"] = None  # as if torch were not installed: thinc then skips it
t0 = time.perf_counter()
marks = {}
import spacy
marks["import_spacy_s"] = time.perf_counter() - t0
marks["torch_imported"] = sys.modules.get("torch") is not None
import service.api, service.extract
marks["import_service_s"] = time.perf_counter() - t0 - marks["import_spacy_s"]
from service.extract import extract, pipeline
t = time.perf_counter()
nlp = pipeline.load_model(sys.argv[1])
marks["spacy_load_s"] = time.perf_counter() - t
t = time.perf_counter()
pipeline._add_components(nlp)
marks["project_components_s"] = time.perf_counter() - t
pipeline._nlp.set(nlp)
t = time.perf_counter()
extract(open(sys.argv[2], encoding="utf-8").read(), "2022-06-15")
marks["first_extract_s"] = time.perf_counter() - t
t = time.perf_counter()
extract(open(sys.argv[2], encoding="utf-8").read(), "2022-06-15")
marks["second_extract_s"] = time.perf_counter() - t
print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in marks.items()}))
"""


_GUNICORN = ["-m", "gunicorn", "--config", "python:service.gunicorn_conf"]
# The Dockerfile's command, in an interpreter where `import torch` fails as if not installed.
_GUNICORN_NO_TORCH = [
    "-c",
    "import sys; sys.modules['torch'] = None; "
    "sys.argv = ['gunicorn', '--config', 'python:service.gunicorn_conf']; "
    "from gunicorn.app.wsgiapp import run; run()",
]


def startup_variants() -> dict[str, float]:
    """Seconds to a 200 from /readyz for gunicorn started as the Dockerfile does (no
    ``python -m service`` in front), with and without torch importable."""
    out = {}
    variants = {"gunicorn_direct_s": _GUNICORN, "gunicorn_no_torch_s": _GUNICORN_NO_TORCH}
    for label, args in variants.items():
        server = Server(command=[sys.executable, *args])
        try:
            out[label] = round(server.wait_ready(), 2)
        finally:
            server.stop()
    return out


def startup_breakdown(model: str, block_torch: bool = False) -> dict[str, Any]:
    """Where start-up goes, in a fresh interpreter: imports, spaCy load, the project's
    components, and the first extraction (what is built lazily on first use).

    thinc imports torch whenever it is installed (the training extra puts it in a dev venv);
    ``block_torch`` measures the same start-up as if it were not, as in the container image.
    """
    mode = "block-torch" if block_torch else "as-installed"
    out = subprocess.run(
        [sys.executable, "-c", _STARTUP_PROBE, model, str(SEED), mode],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if out.returncode != 0:
        return {"error": out.stderr[-500:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- the run


def run(args: argparse.Namespace) -> dict[str, Any]:
    import spacy

    from service.config import Settings
    from service.extract import pipeline

    RESULTS.mkdir(parents=True, exist_ok=True)
    settings = Settings.from_env()
    cores = os.cpu_count() or 1
    seconds = args.seconds
    seed = SEED.read_text(encoding="utf-8")
    long_text, long_source = build_long_article(args.long_source, args.long_chars)
    short_text = cut_at_sentence(long_text, len(long_text) // 10)
    seed_x10 = "\n\n".join([seed] * 10)
    texts = {"seed": seed} if args.skip_long else {"seed": seed, "long": long_text}
    log = lambda msg: print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr)  # noqa: E731

    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cores": cores,
        "machine": f"{platform.machine()} {platform.processor() or platform.system()}",
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": settings.spacy_model,
        "git_commit": _git_commit(),
        "load_average_at_start": list(os.getloadavg()),
        "settings": {
            "seconds_per_throughput_phase": seconds,
            "quick": args.quick,
            "skip_long": args.skip_long,
            "gunicorn_config": str(args.gunicorn_config or "python -m service serve"),
        },
        "texts": {
            "seed": {"chars": len(seed), "source": str(SEED.relative_to(ROOT))},
            "long": {"chars": len(long_text), "source": long_source},
            "short": {"chars": len(short_text), "source": "first tenth of long"},
        },
    }

    log("starting gunicorn (service defaults, 127.0.0.1)")
    server = Server(args.gunicorn_config)
    try:
        startup = server.wait_ready()
        # The first article after ready: what lazily built per-worker state (models loaded on
        # first use, after the fork) costs the first caller.
        started = time.perf_counter()
        first_status, _ = post(server.port, "/v1/extract", request_body(seed, "first"))
        first_ms = round((time.perf_counter() - started) * 1000, 1)
        server.memory.checkpoint("after first call")
        log(f"ready in {startup:.2f} s, first call {first_ms} ms; loading bare spaCy here")
        bare = spacy.load(settings.spacy_model)
        # The same model built as the service builds it (NumPy's BLAS, one thread): what the
        # service adds to its own parse, apart from what it saves on the parse itself.
        bare_same_blas = pipeline.load_model(settings.spacy_model, settings.blas_threads)

        latency: dict[str, Any] = {}
        errors = 0
        for name, text in texts.items():
            count, budget, least = (
                (args.latency_runs, 3 * seconds, 3) if name == "seed" else (5, 4 * seconds, 2)
            )
            log(f"latency, {name}: bare nlp(text) and HTTP /v1/extract, alternated")
            bare_t, http_t, errs = paired_latency(bare, server.port, text, count, budget, least)
            errors += errs
            latency[name] = {"bare": summary_ms(bare_t), "service": summary_ms(http_t)}
            server.memory.checkpoint(f"after latency, {name}")

        throughput: dict[str, Any] = {}
        clients = 2 * settings.worker_count  # keeps every worker busy while answers travel
        for name, text in texts.items():
            per_batch = settings.pipe_batch_size if name == "seed" else 2
            log(f"throughput, {name}: bare nlp.pipe(n_process={cores})")
            # Long: the warm-up round plus two rounds at most (each long parse takes seconds).
            max_docs = 400 if name == "seed" else 3 * per_batch * cores
            bare_tp = bare_pipe_throughput(bare, text, cores, per_batch, seconds, max_docs)
            log(f"throughput, {name}: HTTP single calls, {clients} clients")
            # Long: every client answered three times at least, as the bare side's rounds.
            least = 0 if name == "seed" else 3 * clients
            single = http_throughput(
                server.port, "/v1/extract", request_body(text, "tp"), 1, clients, seconds, least
            )
            log(f"throughput, {name}: HTTP batch endpoint, {per_batch} documents per request")
            batch = http_throughput(
                server.port,
                "/v1/extract/batch",
                batch_body(text, per_batch),
                per_batch,
                settings.worker_count,
                seconds,
                0 if name == "seed" else 3 * settings.worker_count,
            )
            errors += single["errors"] + batch["errors"]
            # Bare again after the service (A-B-A): the load of a shared machine drifts, and the
            # mean of both bare runs is what the service's runs are compared with.
            log(f"throughput, {name}: bare nlp.pipe again")
            bare_after = bare_pipe_throughput(bare, text, cores, per_batch, seconds, max_docs)
            bare_tp = {
                "articles_per_s": round(
                    (bare_tp["articles_per_s"] + bare_after["articles_per_s"]) / 2, 3
                ),
                "before": bare_tp,
                "after": bare_after,
            }
            log(f"throughput, {name}: bare nlp.pipe, the model built with the service's BLAS")
            same_blas = bare_pipe_throughput(
                bare_same_blas, text, cores, per_batch, seconds, max_docs
            )
            throughput[name] = {
                "bare_pipe": bare_tp,
                "bare_pipe_same_blas": same_blas,
                "single": single,
                "batch": batch,
            }
            server.memory.checkpoint(f"after throughput, {name}")
    finally:
        memory = server.stop()

    log("start-up breakdown in a fresh interpreter")
    breakdown = startup_breakdown(settings.spacy_model)
    if breakdown.get("torch_imported"):
        breakdown["without_torch"] = startup_breakdown(settings.spacy_model, block_torch=True)
    log("start-up of gunicorn as the Dockerfile runs it, with and without torch")
    breakdown.update(startup_variants())
    log("sections: the service pipeline in-process, per component and per section")
    nlp = pipeline.load()
    sections = {"seed": section_times(nlp, seed, args.latency_runs, 2 * seconds)}
    scaling: dict[str, Any] = {}
    if not args.skip_long:
        sections["short"] = section_times(nlp, short_text, 5, 2 * seconds, components=False)
        # Caches are warm by now: no warm-up run, two runs of the long article at most.
        sections["long"] = section_times(
            nlp, long_text, 2, seconds, components=False, minimum=1, warm=False
        )
        sections["seed_x10"] = section_times(
            nlp, seed_x10, 2, seconds, components=False, minimum=1, warm=False
        )
        log("scaling: bare spaCy on the short and long articles, the seed and the seed x 10")
        scaling = {
            # The same text ten times: any cost beyond 10x is the algorithms', not the content's.
            "seed_x10_vs_seed": scaling_figures(
                bare, seed, seed_x10, sections["seed"], sections["seed_x10"],
            ),
            # Real news: the long article against its ten tenths, the same content in parts.
            "long_vs_its_tenths": scaling_by_parts(bare, long_text, split_in_tenths(long_text)),
            # And against its first tenth alone, as earlier runs judged it: that tenth is not
            # the whole's content (13 stance pairs where the whole has 809), so bare spaCy's
            # own ratio is above 11 there too.
            "long_vs_first_tenth": scaling_figures(
                bare, short_text, long_text, sections["short"], sections["long"],
            ),
        }  # fmt: skip

    ratios: dict[str, float | None] = {
        "p50_latency_vs_bare_seed": _ratio(
            latency["seed"]["service"]["p50"], latency["seed"]["bare"]["p50"]
        ),
        "worker_peak_pss_mb": memory["worker_peak_pss_mb"],
        "startup_s": round(startup, 2),
        "p50_latency_vs_bare_long": None,  # these three stay None with --skip-long
        "single_throughput_vs_bare_long": None,
        "batch_throughput_vs_bare_long": None,
        "cost_10x_service": scaling.get("seed_x10_vs_seed", {}).get("cost_10x_service"),
        "cost_10x_bare": scaling.get("seed_x10_vs_seed", {}).get("cost_10x_bare"),
        "cost_10x_service_real_text": scaling.get("long_vs_its_tenths", {}).get("cost_10x_service"),
        "cost_10x_bare_real_text": scaling.get("long_vs_its_tenths", {}).get("cost_10x_bare"),
    }
    for name in texts:
        tp = throughput[name]
        for mode in ("single", "batch"):
            ratios[f"{mode}_throughput_vs_bare_{name}"] = _ratio(
                tp[mode]["articles_per_s"], tp["bare_pipe"]["articles_per_s"]
            )
            ratios[f"{mode}_throughput_vs_bare_same_blas_{name}"] = _ratio(
                tp[mode]["articles_per_s"], tp["bare_pipe_same_blas"]["articles_per_s"]
            )
        ratios[f"p50_latency_vs_bare_{name}"] = _ratio(
            latency[name]["service"]["p50"], latency[name]["bare"]["p50"]
        )
    result.update(
        {
            "service": {
                "startup_to_ready_s": round(startup, 2),
                "first_call_ms": first_ms,
                "first_call_status": first_status,
                "startup_breakdown": breakdown,
                "workers": settings.worker_count,
                "latency_ms": latency,
                "throughput": throughput,
                "errors": errors,
                "memory": memory,
            },
            "sections": sections,
            "scaling": scaling,
            "ratios": ratios,
            "targets": [
                {
                    "key": key,
                    "target": f"{op} {limit:g}",
                    "value": ratios[key],
                    "met": None if ratios[key] is None else _meets(ratios[key], op, limit),
                    "what": what,
                }
                for key, op, limit, what in TARGETS
            ],
            "load_average_at_end": list(os.getloadavg()),
        }
    )
    return result


def scaling_figures(
    bare: Any,
    short_text: str,
    long_text: str,
    short_s: dict[str, Any],
    long_s: dict[str, Any],
    rounds: int = 2,
) -> dict[str, Any]:
    """Cost of the long text over the short one, part by part.

    The whole-service and bare figures are paired: short and long runs alternate (ten short
    runs, one long, ``rounds`` times) so that both see the same machine load; the per-section
    figures come from ``section_times``. The ``cost_10x_*`` figures are normalised to exactly
    10 times as many spaCy tokens: the parse costs per token, and articles differ in tokens
    per character (numbers, names).
    """
    from service.extract import extract

    def service(text: str) -> object:
        return extract(text, SEED_PUBLISHED)

    bare_short, bare_long = _paired(bare, short_text, long_text, rounds)
    service_short, service_long = _paired(service, short_text, long_text, rounds)
    short_tokens = len(bare.make_doc(short_text))
    long_tokens = len(bare.make_doc(long_text))
    token_ratio = long_tokens / short_tokens
    parts = {
        name: round(long_s["sections_ms"][name] / max(short_s["sections_ms"][name], 1e-3), 2)
        for name in long_s["sections_ms"]
    }
    service_total = service_long / service_short
    return {
        "chars_ratio": round(len(long_text) / len(short_text), 2),
        "tokens_ratio": round(token_ratio, 2),
        "bare_parse": round(bare_long / bare_short, 2),
        "service_parse": round(long_s["parse_ms"] / short_s["parse_ms"], 2),
        "service_total": round(service_total, 2),
        "service_total_ms": {"short": round(service_short, 1), "long": round(service_long, 1)},
        "bare_ms": {"short": round(bare_short, 1), "long": round(bare_long, 1)},
        **parts,
        "cost_10x_service": round(service_total * 10 / token_ratio, 2),
        "cost_10x_bare": round(bare_long / bare_short * 10 / token_ratio, 2),
    }


def scaling_by_parts(
    bare: Any, long_text: str, parts: list[str], rounds: int = 2
) -> dict[str, Any]:
    """Cost of the whole text over the summed cost of its parts, times the number of parts.

    Alternated as in :func:`scaling_figures` (all parts, the whole, all parts), ``rounds``
    times, for bare spaCy and for the whole service; normalised by spaCy tokens, as the parts
    together may tokenize a little differently from the whole at the cuts.
    """
    from service.extract import extract

    def service(text: str) -> object:
        return extract(text, SEED_PUBLISHED)

    def each_part(func: Callable[[str], object]) -> Callable[[str], object]:
        return lambda _: [func(part) for part in parts]

    figures: dict[str, Any] = {"parts": len(parts), "part_chars": [len(p) for p in parts]}
    token_ratio = len(bare.make_doc(long_text)) / sum(len(bare.make_doc(p)) for p in parts)
    for name, func in (("bare", bare), ("service", service)):
        parts_ms, whole_ms = _paired_once(each_part(func), func, long_text, rounds)
        figures[f"{name}_ms"] = {"parts": round(parts_ms, 1), "whole": round(whole_ms, 1)}
        figures[f"cost_10x_{name}"] = round(whole_ms / parts_ms * 10 / token_ratio, 2)
    figures["tokens_ratio"] = round(token_ratio, 3)
    return figures


def _paired_once(
    short: Callable[[str], object], long: Callable[[str], object], text: str, rounds: int
) -> tuple[float, float]:
    """Median ms of ``short`` and of ``long`` on ``text``, alternated: short, long, short."""
    short(text)
    long(text)
    short_times: list[float] = []
    long_times: list[float] = []
    for _ in range(rounds):
        for func, times in ((short, short_times), (long, long_times), (short, short_times)):
            started = time.perf_counter()
            func(text)
            times.append(time.perf_counter() - started)
    return statistics.median(short_times) * 1000, statistics.median(long_times) * 1000


def _paired(
    func: Callable[[str], object], short: str, long: str, rounds: int
) -> tuple[float, float]:
    """Median ms of ``func`` on ``short`` and on ``long``, alternated round by round."""
    func(short)
    short_times: list[float] = []
    long_times: list[float] = []
    for _ in range(rounds):
        for _ in range(5):
            started = time.perf_counter()
            func(short)
            short_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        func(long)
        long_times.append(time.perf_counter() - started)
        for _ in range(5):
            started = time.perf_counter()
            func(short)
            short_times.append(time.perf_counter() - started)
    return statistics.median(short_times) * 1000, statistics.median(long_times) * 1000


def _ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else float("nan")


def _meets(value: float, op: str, limit: float) -> bool:
    return {"<=": value <= limit, "<": value < limit, ">=": value >= limit}[op]


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        return out.stdout.strip()
    except OSError:
        return "unknown"


# --------------------------------------------------------------------------- report


def markdown(result: dict[str, Any]) -> str:
    svc = result["service"]
    lines = [
        "# Benchmark: bare spaCy vs the service",
        "",
        f"{result['date']} · {result['cores']} cores · {result['machine']} · "
        f"Python {result['python']} · spaCy {result['spacy']} · model {result['model']} · "
        f"commit {result['git_commit']} · load average at start "
        f"{result['load_average_at_start'][0]:.1f}",
        "",
        "Texts: "
        + ", ".join(f"{k} {v['chars']} chars ({v['source']})" for k, v in result["texts"].items()),
        "",
        "## Targets (ratios measured in this run)",
        "",
        "| figure | value | target | met |",
        "| --- | ---: | ---: | :---: |",
    ]
    for t in result["targets"]:
        met = {True: "yes", False: "NO", None: "not measured"}[t["met"]]
        lines.append(f"| {t['what']} | {t['value']} | {t['target']} | {met} |")
    lines += [
        "",
        "## Latency, ms (HTTP sequential vs bare `nlp(text)`, alternated)",
        "",
        "| article | bare p50 | service p50 | p95 | p99 | n |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, lat in svc["latency_ms"].items():
        s = lat["service"]
        lines.append(
            f"| {name} | {lat['bare']['p50']} | {s['p50']} | {s['p95']} | {s['p99']} | {s['n']} |"
        )
    lines += [
        "",
        f"## Throughput, articles/s ({svc['workers']} workers)",
        "",
        "| article | bare nlp.pipe | bare, service's BLAS | single calls | batch endpoint "
        "| errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, tp in svc["throughput"].items():
        same_blas = tp.get("bare_pipe_same_blas", {}).get("articles_per_s")
        lines.append(
            f"| {name} | {tp['bare_pipe']['articles_per_s']} | {same_blas} | "
            f"{tp['single']['articles_per_s']} | {tp['batch']['articles_per_s']} | "
            f"{tp['single']['errors'] + tp['batch']['errors']} |"
        )
    lines += [
        "",
        "Against bare spaCy with the model built as the service builds it (NumPy's BLAS, one "
        "thread per process), the service's own cost: "
        + ", ".join(
            f"{mode} {name} {result['ratios'].get(f'{mode}_throughput_vs_bare_same_blas_{name}')}"
            for name in svc["throughput"]
            for mode in ("single", "batch")
        )
        + " (throughput ratios).",
    ]
    mem = svc["memory"]
    lines += [
        "",
        f"Start-up to /readyz: {svc['startup_to_ready_s']} s; first call after that "
        f"{svc['first_call_ms']} ms (seed, cold worker). In a fresh interpreter, seconds: "
        + ", ".join(f"{k} {v}" for k, v in svc["startup_breakdown"].items())
        + f". Memory: per worker peak PSS "
        f"{mem['worker_peak_pss_mb']} MB (private {mem['worker_peak_private_mb']} MB, RSS "
        f"{mem['worker_peak_rss_mb']} MB); whole server peak PSS {mem['server_peak_pss_mb']} MB "
        f"(master RSS {mem['master_peak_rss_mb']} MB). Errors: {svc['errors']}. Largest worker "
        "by phase: "
        + "; ".join(
            f"{label} PSS {v['worker_pss_mb']} / private {v['worker_private_mb']} MB"
            for label, v in mem["checkpoints"].items()
        )
        + ".",
        "",
        "## Where the time goes (service pipeline in-process, ms and share of total)",
        "",
        "| article | parse | entities | dates | trade_figures | stances | total |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, sec in result["sections"].items():
        cells = [f"{sec['parse_ms']} ({sec['share']['parse']:.0%})"]
        cells += [f"{ms} ({sec['share'][k]:.0%})" for k, ms in sec["sections_ms"].items()]
        lines.append(f"| {name} | {' | '.join(cells)} | {sec['total_ms']} |")
    comps = result["sections"]["seed"]["components_ms"]
    lines += [
        "",
        "Pipeline components on the seed, ms: " + ", ".join(f"{k} {v}" for k, v in comps.items()),
        "",
        "Cost ratios (x times; `cost_10x_*` normalised to exactly 10 times the spaCy tokens):",
        "",
        *(
            f"- {label}: " + ", ".join(f"{k} {v}" for k, v in figures.items())
            for label, figures in result["scaling"].items()
        ),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--long-source", type=Path, default=DEFAULT_LONG_SOURCE,
        help="folder of TimeML .tml files to build the long article from",
    )  # fmt: skip
    parser.add_argument("--long-chars", type=int, default=LONG_CHARS, help="long article size")
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each load phase")
    parser.add_argument("--latency-runs", type=int, default=20, help="sequential calls, seed")
    parser.add_argument("--quick", action="store_true", help="short phases (a smoke run)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where latest.json/md go")
    parser.add_argument(
        "--skip-long", action="store_true", help="seed only (for quick A/B of a proposed change)"
    )
    parser.add_argument(
        "--gunicorn-config", type=Path,
        help="run gunicorn with this config file instead of `python -m service serve`",
    )  # fmt: skip
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.latency_runs = 3.0, 5
    result = run(args)
    report = markdown(result)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / "latest.md").write_text(report)
    print(report)
    print(f"written: {args.out / 'latest.json'}, {args.out / 'latest.md'}")


if __name__ == "__main__":
    main()
