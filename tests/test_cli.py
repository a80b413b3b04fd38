"""The command line, run as a real subprocess the way evaluation tools run it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEED_PATH

# Each test runs the command line as a subprocess: out of the fast lane.
pytestmark = pytest.mark.integration


def _run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service", *args],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip


def test_jsonl_answers_every_line_in_order() -> None:
    lines = [
        json.dumps({"id": "a", "text": "Putin met Xi in Moscow.", "published": "2022-06-15"}),
        "{broken",
        json.dumps({"id": "c", "text": ["not", "a", "string"]}),
        json.dumps({"id": "d", "text": "Lone \ud800 surrogate.", "include": ["dates"]}),
    ]
    done = _run("extract", "--jsonl", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", None, "c", "d"]
    assert {"entities", "dates", "trade_figures", "stances", "meta"} <= out[0].keys()
    assert out[1]["error"]["status"] == 400
    assert out[2]["error"]["status"] == 422
    assert set(out[3]) == {"id", "dates", "meta"}


def test_files_are_extracted_with_published() -> None:
    done = _run("extract", str(SEED_PATH), "--published", "2022-06-15")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["meta"]["anchor_date"]["value"] == "2022-06-15"
    assert any(e["name"] == "Vladimir Putin" for e in result["entities"])


def test_bad_published_is_a_usage_error() -> None:
    done = _run("extract", str(SEED_PATH), "--published", "soon")
    assert done.returncode == 2
    assert "published" in done.stderr or "isoformat" in done.stderr


def _web_stack_loaded(module: str) -> list[str]:
    """Which of Flask and the metrics stack importing ``module`` loads, in a fresh interpreter."""
    names = ("flask", "prometheus_client")
    code = f"import sys, {module}; print(*[n for n in {names!r} if n in sys.modules])"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return done.stdout.split()


def test_the_batch_paths_load_no_web_framework() -> None:
    # The check can tell: the web layer does load both.
    assert _web_stack_loaded("service.api") == ["flask", "prometheus_client"]
    assert _web_stack_loaded("service.cli") == []
    assert _web_stack_loaded("service.contract.schemas") == []
