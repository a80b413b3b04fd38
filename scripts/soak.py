"""Soak and fault check of the service under gunicorn, on 127.0.0.1 only, bounded in time.

    python scripts/soak.py [--minutes 3] [--concurrency 4] [--workers 2]

1. Soak: concurrent single and batch requests for ``--minutes``; counts errors, samples the
   memory of every worker each second, and reports growth after warm-up (target: zero errors,
   < 5% growth, no worker restarts). A worker's RSS swings with the request it is serving (by
   about 27 MB between a single article and a batch of four), so one sample against the later
   maximum measures that swing, not growth. Growth is measured like with like: for each worker,
   its floor (least RSS) and its peak in the first third of the samples after warm-up against
   the same in the last third; a leak raises both. ``memory_growth`` is the largest of these.
2. SIGKILL a worker while requests are in flight: it must be replaced and the next requests
   succeed.
3. SIGTERM the server with batch requests in flight: each is answered whole (200, complete JSON)
   or, if still queued in the listen backlog, refused without an answer (safe to retry), never
   cut off halfway.
Prints a summary and exits non-zero when a check fails.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from service.testing import children, rss_bytes, start_server

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "000_2a91903f997600ae.txt").read_text(encoding="utf-8")
PUBLISHED = "2022-06-15"


def one_call(base: str, batch: bool) -> int:
    if batch:
        docs = [{"id": str(i), "text": SEED, "published": PUBLISHED} for i in range(4)]
        response = requests.post(f"{base}/v1/extract/batch", json={"documents": docs}, timeout=120)
        ok = response.ok and len(response.json()["results"]) == 4
    else:
        response = requests.post(
            f"{base}/v1/extract", json={"text": SEED, "published": PUBLISHED}, timeout=120
        )
        ok = response.ok and "entities" in response.json()
    return response.status_code if ok else -response.status_code


def soak(base: str, master: int, minutes: float, concurrency: int) -> dict[str, object]:
    stop = time.monotonic() + minutes * 60
    warm_until = time.monotonic() + min(30.0, minutes * 15)
    statuses: dict[int, int] = {}
    samples: list[tuple[float, dict[int, int]]] = []
    workers_at_start = children(master)

    def worker_loop(n: int) -> None:
        calls = 0
        while time.monotonic() < stop:
            try:
                status = one_call(base, batch=(calls + n) % 5 == 0)
            except requests.RequestException:
                status = -1
            statuses[status] = statuses.get(status, 0) + 1
            calls += 1

    threads = [threading.Thread(target=worker_loop, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    while time.monotonic() < stop:
        samples.append((time.monotonic(), {pid: rss_bytes(pid) for pid in children(master)}))
        time.sleep(1)
    for thread in threads:
        thread.join()
    after_warm = [rss for at, rss in samples if at >= warm_until] or [samples[-1][1]]
    errors = sum(count for status, count in statuses.items() if status != 200)
    return {
        "requests": sum(statuses.values()),
        "errors": errors,
        "statuses": statuses,
        **memory_growth(after_warm),
        "worker_restarts": len(set(workers_at_start) - set(children(master))),
    }


def memory_growth(samples: list[dict[int, int]]) -> dict[str, object]:
    """Floor and peak RSS of each worker in the first and the last third of ``samples`` (one
    ``{pid: rss}`` per second), and the largest relative rise of either: see the module doc."""
    third = max(len(samples) // 3, 1)
    early, late = samples[:third], samples[-third:]
    workers: dict[str, dict[str, float]] = {}
    growth = 0.0
    for pid in sorted(set(early[0]) & set(late[-1])):
        first = [s[pid] for s in early if s.get(pid)]
        last = [s[pid] for s in late if s.get(pid)]
        if not first or not last:
            continue
        floor = (min(last) - min(first)) / min(first)
        peak = (max(last) - max(first)) / max(first)
        growth = max(growth, floor, peak)
        workers[str(pid)] = {
            "floor_mb": round(min(first) / 2**20, 1),
            "floor_mb_late": round(min(last) / 2**20, 1),
            "peak_mb": round(max(first) / 2**20, 1),
            "peak_mb_late": round(max(last) / 2**20, 1),
        }
    return {"worker_rss": workers, "memory_growth": round(growth, 4)}


def kill_worker(base: str, master: int) -> dict[str, object]:
    with cf.ThreadPoolExecutor(4) as pool:
        inflight = [pool.submit(one_call, base, False) for _ in range(4)]
        time.sleep(0.3)
        victim = children(master)[0]
        os.kill(victim, signal.SIGKILL)
        for future in inflight:
            # a request on the killed worker may be lost with it
            with contextlib.suppress(requests.RequestException):
                future.result()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (victim in children(master) or not children(master)):
        time.sleep(0.2)
    replaced = victim not in children(master)
    after = [one_call(base, False) for _ in range(4)]
    return {
        "killed": victim,
        "replaced": replaced,
        "next_requests_ok": all(s == 200 for s in after),
    }


def terminate_with_batches(process: subprocess.Popen[bytes], base: str) -> dict[str, object]:
    outcomes: list[str] = []

    def batch() -> None:
        try:
            outcomes.append("answered" if one_call(base, True) == 200 else "bad-answer")
        except requests.ConnectionError:
            # No status line came back: the request was still queued, unanswered, and is safe
            # to retry. A partial answer would raise ChunkedEncodingError or a JSON error.
            outcomes.append("refused")
        except (requests.RequestException, json.JSONDecodeError) as exc:
            outcomes.append(f"broken: {exc}")

    threads = [threading.Thread(target=batch) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    process.send_signal(signal.SIGTERM)
    for thread in threads:
        thread.join()
    code = process.wait(timeout=120)
    clean = all(o in ("answered", "refused") for o in outcomes)
    return {"outcomes": outcomes, "exit_code": code, "clean": clean and code == 0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    # Warnings only, and no planned recycling: every worker restart counts.
    quiet = {"NEWSX_LOG_LEVEL": "warning", "NEWSX_MAX_REQUESTS": "0"}
    process, base = start_server(args.workers, env=quiet)
    try:
        report = {"soak": soak(base, process.pid, args.minutes, args.concurrency)}
        report["sigkill_worker"] = kill_worker(base, process.pid)
        report["sigterm_drain"] = terminate_with_batches(process, base)
    finally:
        if process.poll() is None:
            process.kill()
    print(json.dumps(report, indent=2))
    s = report["soak"]
    ok = (
        s["errors"] == 0
        and s["memory_growth"] < 0.05
        and s["worker_restarts"] == 0
        and report["sigkill_worker"]["replaced"]
        and report["sigkill_worker"]["next_requests_ok"]
        and report["sigterm_drain"]["clean"]
    )
    print("SOAK OK" if ok else "SOAK FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
