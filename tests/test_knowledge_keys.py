"""Every key of every knowledge file is read by some code.

A fresh interpreter loads the sections' knowledge with the files' dicts replaced by recording
ones (through ``service.knowledge._decode``, which every reader returns its file through), then
lists the keys no code asked for. What counts as a key: the top-level keys of a JSON or YAML
file, the keys of a nested section (a dict whose values are all dicts or lists, as
``temporal.json``'s ``cues``), the fields of records in a list (``places.json``'s countries)
and the columns of a TSV table. Word -> value maps (``months``) are data, not keys; keys that
start with ``_`` are comments.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

from service.knowledge import read_json, read_table, read_yaml

ROOT = Path(__file__).resolve().parents[1]

_PROBE = r"""
import json, sys
import service.knowledge as knowledge

READ = {}


class Recording(dict):
    def __init__(self, name, where, data):
        super().__init__({k: _wrap(name, f"{where}{k}", v) for k, v in data.items()})
        self._name, self._where = name, where

    def _saw(self, key):
        READ.setdefault(self._name, set()).add(f"{self._where}{key}")

    def _saw_all(self):
        for key in dict.keys(self):
            self._saw(key)

    def __getitem__(self, key):
        self._saw(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._saw(key)
        return super().get(key, default)

    def __contains__(self, key):
        self._saw(key)
        return super().__contains__(key)

    def __iter__(self):
        self._saw_all()
        return super().__iter__()

    def keys(self):
        self._saw_all()
        return super().keys()

    def items(self):
        self._saw_all()
        return super().items()

    def values(self):
        self._saw_all()
        return super().values()


def _wrap(name, where, value):
    if isinstance(value, dict):
        return Recording(name, f"{where}." if where else "", value)
    if isinstance(value, list):
        return [_wrap(name, f"{where}[]", v) for v in value]
    if isinstance(value, tuple):
        return tuple(_wrap(name, f"{where}[]", v) for v in value)
    return value


decode = knowledge._decode
knowledge._decode = lambda name, data: decode(name, _wrap(name, "", data))

exec(sys.argv[1])
json.dump({name: sorted(keys) for name, keys in READ.items()}, sys.stdout)
"""
#: What the sections read of their knowledge, at import and on first use.
_LOAD_ALL = """
from service.extract.dates import extract_dates  # reads temporal.json at import
from service.extract.dates.grammar import rules
from service.extract.figures.lexicon import load as figures
from service.extract.stances import lexicon as stances
from service.knowledge import actors

rules(), figures(), stances.load(), stances.roles(), actors.load(), actors.cues()
"""


def _read_by(code: str) -> dict[str, set[str]]:
    """The key paths of each knowledge file that ``code`` reads, in a fresh interpreter."""
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE, code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    return {name: set(keys) for name, keys in json.loads(probe.stdout).items()}


def _expected(data: object, where: str = "") -> set[str]:
    """The key paths of ``data`` that some code must read (see the module docstring)."""
    keys: set[str] = set()
    if isinstance(data, list | tuple):
        for item in data:
            keys |= _expected(item, f"{where}[]") if isinstance(item, dict) else set()
        return keys
    if not isinstance(data, dict):
        return keys
    section = (
        where == ""
        or where.endswith("[]")
        or all(isinstance(v, dict | list) for k, v in data.items() if not str(k).startswith("_"))
    )
    if not section:
        return keys
    prefix = f"{where}." if where else ""
    for key, value in data.items():
        if str(key).startswith("_"):
            continue
        keys.add(f"{prefix}{key}")
        if isinstance(value, dict | list):
            keys |= _expected(value, f"{prefix}{key}")
    return keys


def _loaded(name: str) -> object:
    if name.endswith(".json"):
        return read_json(name)
    if name.endswith(".yaml"):
        return read_yaml(name, strings=True)
    return read_table(name)


def _knowledge_files() -> list[str]:
    folder = resources.files("service.knowledge")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith((".json", ".yaml")))
    # Headed tables (TSV whose first row names columns); stance_cues.tsv is positional.
    return [*names, "currencies.tsv", "wikidata.tsv"]


def test_every_knowledge_key_is_read() -> None:
    read = _read_by(_LOAD_ALL)
    unread = {
        name: sorted(missing)
        for name in _knowledge_files()
        if (missing := _expected(_loaded(name)) - read.get(name, set()))
    }
    assert unread == {}


def test_the_probe_reports_what_is_not_read() -> None:
    read = _read_by(
        "from service.knowledge import read_json\n"
        "lex = read_json('temporal.json'); lex['months']['may'], lex['cues'].get('year')"
    )["temporal.json"]
    assert {"months", "cues", "cues.year"} <= read
    assert not read & {"weekdays", "cues.season", "units"}
    assert {"weekdays", "cues.season"} <= _expected(_loaded("temporal.json")) - read


def test_sections_and_records_count_maps_do_not() -> None:
    data = {"_note": "", "read": [1], "section": {"a": [1], "b": {}}, "map": {"x": 1}}
    assert _expected(data) == {"read", "section", "section.a", "section.b", "map"}
    assert _expected({"rows": [{"f": 1}, {"g": 2}]}) == {"rows", "rows[].f", "rows[].g"}
