"""Regenerate ``wikidata.tsv`` (Wikidata ids of countries, first-level regions and cities).

    python -m service.knowledge.build_wikidata [SOURCE] [--check]

SOURCE is the folder of the countries-states-cities extract (default ``../shared/data/wikidata``
beside the project): ``countries.tsv``, ``states.tsv`` and ``cities.tsv``, derived from
dr5hn/countries-states-cities-database @ 7fda0af, whose records carry a ``wikiDataId``. That
database is under the ODC Open Database License (ODbL 1.0), its contents under the Database
Contents License: the table written here is a derived database and stays under ODbL, with the
attribution in its header. Only what the entity knowledge base can use is kept: every country,
every first-level region with an id, and the cities with an id of at least ``MIN_POPULATION``
people or that are capitals (the knowledge base holds no smaller town). An id the source gives
to two places of different names ("Homs" and "Idlib" both Q131301; "Nairobi" and "Nairobi City"
are one name) is wrong for at least one of
them and cannot be checked here: both rows are left out (a country's id is kept). The service
reads the generated table only.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).with_name("wikidata.tsv")
DEFAULT_SOURCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "wikidata"
MIN_POPULATION = 100_000
ATTRIBUTION = (
    "# Contains data from the countries-states-cities database, ODbL "
    "(dr5hn/countries-states-cities-database @ 7fda0af; https://opendatacommons.org/licenses/odbl/1-0/)."
)
HEADER = ("kind", "country", "code", "name", "type", "population", "wikidata")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def build(source: Path) -> list[tuple[str, ...]]:
    countries = _rows(source / "countries.tsv")
    iso3 = {c["iso2"].strip(): c["iso3"].strip() for c in countries}
    out: list[tuple[str, ...]] = []
    for c in countries:
        out.append(("country", c["iso3"], c["iso2"], c["name"].strip(), "", "", c["wikidata"]))
    for s in _rows(source / "states.tsv"):
        code = iso3.get(s["country_iso2"].strip())
        if code and s["wikidata"].strip():
            row = ("region", code, s["iso3166_2"], s["name"], s["type"], s["population"])
            out.append((*(v.strip() for v in row), s["wikidata"].strip()))
    for c in _rows(source / "cities.tsv"):
        code = iso3.get(c["country_iso2"].strip())
        population = int(float(c["population"] or 0))
        if code and (population >= MIN_POPULATION or c["type"] == "capital"):
            row = ("city", code, c["state_code"], c["name"], c["type"], str(population))
            out.append((*(v.strip() for v in row), c["wikidata"].strip()))
    names: dict[str, set[str]] = {}
    for row in out:
        if row[0] != "country":
            names.setdefault(row[-1], set()).add(_fold(row[3]))
    return sorted({row for row in out if row[0] == "country" or _one_place(names[row[-1]])})


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return text.casefold()


def _one_place(names: set[str]) -> bool:
    """Names of one place: the same, or one inside the other ("Nairobi" / "Nairobi City")."""
    return all(a in b or b in a for a in names for b in names)


def render(rows: list[tuple[str, ...]]) -> str:
    lines = [ATTRIBUTION, "\t".join(HEADER)]
    lines += ["\t".join(row) for row in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--check", action="store_true", help="exit 1 if wikidata.tsv is stale")
    args = parser.parse_args(argv)
    text = render(build(args.source))
    if args.check:
        return 0 if OUT.read_text(encoding="utf-8") == text else 1
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
