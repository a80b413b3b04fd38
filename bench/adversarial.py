"""The slowest requests we can construct: extraction time on hostile texts, at two sizes.

    python bench/adversarial.py [--chars 100000]

For each kind of text (one endless token, pathological punctuation, walls of numbers, money,
dates, capitalised words...) prints the time at ``--chars`` and at a tenth of it, and the ratio:
about 10 means linear, far above 10 means a superlinear step (a backtracking regex, a quadratic
loop) that a hostile caller could use. Compare with real news text (the seed article repeated).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path

from service.extract import extract, pipeline

SEED = (Path(__file__).resolve().parent.parent / "seeds" / "000_2a91903f997600ae.txt").read_text(
    encoding="utf-8"
)


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
    "no spaces, mixed": _fill("Xi$147bn24Feb2022ChinaRussia"),
    "punctuation only": _fill("!?.,;:'\"()[]-–…"),
    "open brackets": _fill("(["),
    "walls of numbers": _fill("1,234.56 "),
    "money and ranges": _fill("$1.2-1.5bn up 30% from €80m, "),
    "dates": _fill("February 24, 2022 last year 3 p.m. "),
    "capitalised words": _random_caps,
    "actors repeated": _fill("Beijing Moscow Washington the Kremlin Xi Putin "),
    "quotes and cues": _fill('"condemn" said warned "support" '),
    "emoji and RTL": _fill("🇨🇳🤝🇷🇺 موسكو "),
}


def _time(text: str) -> float:
    started = time.perf_counter()
    extract(text, published="2022-06-15")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=100_000)
    args = parser.parse_args()
    pipeline.load()
    _time(SEED)  # warm up lazy data
    big, small = args.chars, args.chars // 10
    print(f"{'text':<22} {small:>8} ch   {big:>8} ch   ratio   ms/1k ch")
    for name, make in KINDS.items():
        t_small, t_big = _time(make(small)), _time(make(big))
        ratio = t_big / max(t_small, 1e-9)
        print(
            f"{name:<22} {t_small * 1000:8.0f} ms  {t_big * 1000:8.0f} ms  {ratio:5.1f}  "
            f"{t_big * 1e6 / big:8.2f}"
        )


if __name__ == "__main__":
    main()
