"""The soak script's memory measure: growth, not the swing between one request and the next."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest

from tests.conftest import ROOT

MB = 2**20


@pytest.fixture(scope="module")
def soak() -> ModuleType:
    # scripts/ is a folder of scripts, not a package: load soak.py by path.
    spec = importlib.util.spec_from_file_location("soak", ROOT / "scripts" / "soak.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_worker_swinging_between_requests_has_not_grown(soak: ModuleType) -> None:
    # As measured: 198 MB after a single article, 225 MB after a batch of four.
    samples = [{7: (225 if n % 3 == 0 else 198) * MB} for n in range(30)]
    report = soak.memory_growth(samples)
    assert report["memory_growth"] == 0.0
    assert report["worker_rss"]["7"]["floor_mb"] == 198.0
    assert report["worker_rss"]["7"]["peak_mb_late"] == 225.0


def test_a_rising_floor_is_growth_even_under_a_steady_peak(soak: ModuleType) -> None:
    samples = [{7: (225 if n % 3 == 0 else 198 + n) * MB} for n in range(30)]
    growth = soak.memory_growth(samples)["memory_growth"]
    assert 0.09 < growth < 0.12  # the floor rose from 199 to 218 MB


def test_the_worst_worker_sets_the_growth(soak: ModuleType) -> None:
    samples = [{7: 200 * MB, 8: (200 + 2 * n) * MB} for n in range(30)]
    # worker 8: floor 200 -> 240 MB, peak 218 -> 258 MB; worker 7 flat
    assert soak.memory_growth(samples)["memory_growth"] == pytest.approx(0.2)
