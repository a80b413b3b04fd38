"""The benchmark's own helpers: the long article it builds, its statistics and its report."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    # bench/ is a folder of scripts, not a package: load run.py by path.
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_strip_timeml_keeps_the_text_without_tags(bench: ModuleType) -> None:
    markup = (
        "<TimeML><DOCID>X</DOCID><TEXT>\n\nPrices <EVENT eid='e1'>rose</EVENT> "
        "<TIMEX3 tid='t1'>last year</TIMEX3> &amp; fell.\n\nSecond\n paragraph.</TEXT></TimeML>"
    )
    assert bench.strip_timeml(markup) == "Prices rose last year & fell.\n\nSecond paragraph."


def test_cut_at_sentence_ends_on_a_full_stop(bench: ModuleType) -> None:
    text = "One two three. Four five six. Seven eight nine."
    assert bench.cut_at_sentence(text, 35) == "One two three. Four five six."
    assert bench.cut_at_sentence(text, 500) == text


def test_long_article_from_timeml_files(bench: ModuleType, tmp_path: Path) -> None:
    for n in range(30):
        body = " ".join(f"Sentence {n}.{i} about trade." for i in range(40))
        (tmp_path / f"doc{n:02}.tml").write_text(f"<TimeML><TEXT>{body}</TEXT></TimeML>")
    text, source = bench.build_long_article(tmp_path, chars=20_000)
    assert 10_000 < len(text) <= 20_000
    assert "<" not in text and text.endswith(".")
    assert str(tmp_path) in source


def test_tenths_cut_at_paragraph_breaks_and_keep_the_content(bench: ModuleType) -> None:
    paragraphs = [f"Paragraph {n} " + "word " * (n % 7 + 3) for n in range(60)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    parts = bench.split_in_tenths(text)
    assert len(parts) == 10
    assert "\n\n".join(parts) == text  # every cut falls on a paragraph break
    assert max(map(len, parts)) < 2 * len(text) / 10
    words = " ".join(["word"] * 200)
    assert " ".join(bench.split_in_tenths(words)) == words  # no paragraphs: cut at spaces


def test_long_article_falls_back_to_the_seed(bench: ModuleType, tmp_path: Path) -> None:
    text, source = bench.build_long_article(tmp_path / "missing", chars=20_000)
    assert source == "seed x N"
    assert len(text) > 10_000
    assert text.startswith(bench.SEED.read_text(encoding="utf-8")[:100])


def test_percentiles(bench: ModuleType) -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 50) == pytest.approx(50.5)
    assert bench.percentile(values, 99) == pytest.approx(99.01)
    assert bench.percentile([3.0], 95) == 3.0
    summary = bench.summary_ms([0.010, 0.020, 0.030])
    assert summary["p50"] == 20.0 and summary["n"] == 3


def test_targets_are_judged_in_their_direction(bench: ModuleType) -> None:
    assert bench._meets(0.85, ">=", 0.8)
    assert not bench._meets(1.4, "<=", 1.3)
    assert not bench._meets(5.0, "<", 5.0)
    keys = {key for key, *_ in bench.TARGETS}
    assert "startup_s" in keys and "worker_peak_pss_mb" in keys
