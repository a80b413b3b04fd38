"""The slowest and hungriest requests we can construct: time and peak memory on hostile texts.

    python bench/adversarial.py [--sizes 50000,200000] [--timeout 180] [--only NAME] [--json F]

Each kind of text (one endless token, many lines, emoji, a name repeated, walls of numbers...)
is extracted at each size in a fresh process, as a worker would (extraction plus the JSON
answer), and the table gives its time and its peak resident memory over the process's idle size
(VmHWM after the pipeline is loaded and warmed, reset through /proc/self/clear_refs). Time
about proportional to size means linear; far above, a superlinear step a hostile caller could
use. A run past ``--timeout`` seconds is stopped and shown as ``>T``, with the peak it had
reached. Compare with real news text (the seed article repeated). The largest peak is printed
last.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "000_2a91903f997600ae.txt").read_text(encoding="utf-8")


def _fill(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _random_caps(n: int) -> str:
    rng = random.Random(7)
    words = []
    while sum(len(w) + 1 for w in words) < n:
        words.append(rng.choice("BCDFGHKLMNPRSTVZ") + "".join(rng.choices("aeiounr", k=5)))
    return " ".join(words)[:n]


KINDS: dict[str, Callable[[int], str]] = {
    "news (seed repeated)": _fill(SEED + "\n\n"),
    "one endless token": _fill("a"),
    "many lines (a\\n)": _fill("a\n"),
    "one-letter words": _fill("a "),
    "emoji only": _fill("😀"),
    "no spaces, mixed": _fill("Xi$147bn24Feb2022ChinaRussia"),
    "punctuation only": _fill("!?.,;:'\"()[]-–…"),
    "open brackets": _fill("(["),
    "walls of numbers": _fill("1,234.56 "),
    "money and ranges": _fill("$1.2-1.5bn up 30% from €80m, "),
    "dates": _fill("February 24, 2022 last year 3 p.m. "),
    "capitalised words": _random_caps,
    "a name repeated": _fill("Putin "),
    "actors repeated": _fill("Beijing Moscow Washington the Kremlin Xi Putin "),
    "quotes and cues": _fill('"condemn" said warned "support" '),
    "emoji and RTL": _fill("🇨🇳🤝🇷🇺 موسكو "),
}


def _status_kb(pid: int | str, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def child(kind: str, size: int) -> None:
    """One measurement, in this process: print the idle RSS, then the time and the peak."""
    from service.contract.schemas import ExtractResponseSchema
    from service.extract import extract, pipeline

    pipeline.load()
    extract(SEED, published="2022-06-15")  # warm up lazy data
    text = KINDS[kind](size)
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS
    idle = _status_kb("self", "VmRSS")
    print(json.dumps({"idle_kb": idle}), flush=True)
    started = time.perf_counter()
    json.dumps(ExtractResponseSchema().dump(extract(text, published="2022-06-15")))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_kb": _status_kb("self", "VmHWM")}), flush=True)


def measure(kind: str, size: int, timeout: float) -> dict[str, object]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, str(size)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    idle = json.loads(process.stdout.readline())["idle_kb"]
    began, peak = time.monotonic(), idle
    while process.poll() is None and time.monotonic() - began < timeout:
        try:
            peak = max(peak, _status_kb(process.pid, "VmHWM"))
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(0.2)
    if process.poll() is None:
        process.kill()
        process.wait()
        return {"kind": kind, "size": size, "seconds": None, "timed_out": timeout,
                "peak_over_idle_mb": (peak - idle) / 1024, "idle_mb": idle / 1024}  # fmt: skip
    done = json.loads(process.stdout.readline())
    over = (done["peak_kb"] - idle) / 1024
    return {"kind": kind, "size": size, "seconds": done["seconds"], "timed_out": None,
            "peak_over_idle_mb": over, "idle_mb": idle / 1024}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50000,200000", help="characters, comma-separated")
    parser.add_argument("--timeout", type=float, default=180, help="seconds per run")
    parser.add_argument("--only", action="append", help="a kind's name (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    kinds = args.only or list(KINDS)
    header = "".join(f" {f'{s:,} ch':>22}" for s in sizes)
    print(f"{'text':<22}{header}\n{'':<22}" + "   time s  peak MB/idle" * len(sizes))
    rows = []
    for kind in kinds:
        cells = ""
        for size in sizes:
            row = measure(kind, size, args.timeout)
            rows.append(row)
            took = f">{row['timed_out']:.0f}" if row["timed_out"] else f"{row['seconds']:.2f}"
            cells += f" {took:>9} {row['peak_over_idle_mb']:12.0f}"
        print(f"{kind:<22}{cells}", flush=True)
    worst = max(rows, key=lambda r: r["peak_over_idle_mb"])
    print(
        f"largest peak: {worst['peak_over_idle_mb']:.0f} MB over an idle "
        f"{worst['idle_mb']:.0f} MB ({worst['kind']}, {worst['size']:,} characters)"
    )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
