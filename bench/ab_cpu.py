"""CPU per article of two checkouts of the service, interleaved: an A/B that other load on the
machine barely moves (wall-clock throughput on a shared machine swings by 2x).

    python bench/ab_cpu.py BEFORE_TREE AFTER_TREE [--rounds 4] [--text FILE] [--calls 40]

Each round starts each tree's server in turn (``python -m service serve``, two workers, on
127.0.0.1), posts the seed article (or ``--text``) 40 times one by one and 10 batches of 4
(``--calls``: singles; a quarter as many batches), and reads the CPU
seconds its master and workers used (/proc/PID/stat); prints the median CPU ms per article of
each tree and the throughput ratio that follows at equal CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SEED = (Path(__file__).resolve().parent.parent / "seeds" / "000_2a91903f997600ae.txt").read_text(
    encoding="utf-8"
)


def _start(tree: str) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": tree, "NEWSX_HOST": "127.0.0.1", "NEWSX_PORT": str(port),
           "NEWSX_WORKERS": "2"}  # fmt: skip
    process = subprocess.Popen([sys.executable, "-m", "service", "serve"], cwd=tree, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{tree}: the server did not become ready")


def _post(url: str, body: bytes) -> None:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()


def _cpu_seconds(pid: int) -> float:
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        pids += [int(c) for c in (task / "children").read_text().split()]
    total = 0.0
    for each in pids:
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--text", type=Path, help="the article to post (default: the seed)")
    parser.add_argument("--calls", type=int, default=40)
    args = parser.parse_args()
    text = args.text.read_text(encoding="utf-8") if args.text else SEED
    calls, batches = args.calls, max(args.calls // 4, 1)
    one = json.dumps({"text": text, "published": "2022-06-15"}).encode()
    four = json.dumps({"documents": [{"text": text, "published": "2022-06-15"}] * 4}).encode()
    trees = {"before": args.before, "after": args.after}
    found: dict[str, dict[str, list[float]]] = {k: {"single": [], "batch": []} for k in trees}
    for round_ in range(args.rounds):
        for name in ("before", "after") if round_ % 2 == 0 else ("after", "before"):
            process, base = _start(trees[name])
            try:
                for _ in range(3):  # warm
                    _post(f"{base}/v1/extract", one)
                began = _cpu_seconds(process.pid)
                for _ in range(calls):
                    _post(f"{base}/v1/extract", one)
                singles = _cpu_seconds(process.pid)
                for _ in range(batches):
                    _post(f"{base}/v1/extract/batch", four)
                after_batches = _cpu_seconds(process.pid)
            finally:
                process.terminate()
                process.wait(timeout=60)
            found[name]["single"].append((singles - began) / calls * 1000)
            found[name]["batch"].append((after_batches - singles) / (4 * batches) * 1000)
    for mode in ("single", "batch"):
        before = statistics.median(found["before"][mode])
        after = statistics.median(found["after"][mode])
        print(f"{mode}: CPU ms per article, before {before:.1f}, after {after:.1f}; "
              f"throughput after/before at equal CPU {before / after:.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
