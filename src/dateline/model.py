"""The records dateline reads, makes and stores.

Every record is a frozen, slotted dataclass of plain values. Annotations carry the
id of their article, character offsets into its text and the versioned name of the
stage that made them, so anything shown to a user can be traced to its sentence.
``to_dict`` and ``from_dict`` give a JSON round trip for every record.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

__all__ = [
    "Actor",
    "AnnotatedArticle",
    "Article",
    "Entity",
    "Event",
    "Place",
    "Quote",
    "Role",
    "Sentence",
    "TimeExpr",
    "TimelineEntry",
    "article_id",
    "from_dict",
    "normalize_text",
    "to_dict",
]

R = TypeVar("R")


def normalize_text(text: str) -> str:
    """The text as it is hashed and compared: NFKC, straight quotes, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_SPACE = re.compile(r"\s+")


def article_id(text: str) -> str:
    """Content hash of the normalized text: the same story read twice gets the same id."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Article:
    """One dated report as read from a source.

    ``published`` is None only when no date could be found; ``date_from`` then says
    ``"unknown"`` so that nothing downstream guesses silently.
    """

    id: str
    text: str
    published: date | None
    date_from: str  # header, dateline, option, filename, folder, field, html, feed, unknown
    source: str | None = None
    dateline_place: str | None = None
    title: str | None = None
    url: str | None = None
    path: str | None = None
    duplicate_of: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence and the date it talks about (set by temporal grounding)."""

    article_id: str
    index: int
    start: int
    end: int
    text: str
    date: str | None = None  # TIMEX3 calendar value: 2020-01-19, 2020-01, 2020
    date_precision: str | None = None  # day, month, year
    date_from: str | None = None  # explicit, narrative, published
    date_confidence: float = 0.0


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A TIMEX3 time expression, normalized against an anchor."""

    article_id: str
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # 2020-06-16, 2020-01, 2019-W52, P1Y, PRESENT_REF, ...
    anchor: str | None = None  # the date the value was computed from
    how: str = "explicit"  # explicit, year_inferred, tense, anchored, relative, undated
    sentence: int = -1
    mod: str | None = None  # TIMEX3 mod: START, MID, END, APPROX, MORE_THAN, ...
    stage: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity mention, resolved to a canonical actor where possible."""

    article_id: str
    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, FAC
    actor: str | None = None
    sentence: int = -1
    stage: str = ""


@dataclass(frozen=True, slots=True)
class Role:
    """A dated position: ("Foreign Minister", "RUS", "2004-03-09", None)."""

    title: str
    country: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical person, organisation, group, country or place."""

    id: str
    name: str
    kind: str  # PERSON, ORG, GROUP, COUNTRY, PLACE
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # GOV, MIL, REB, OPP, IGO, NGO, MED, JUD, LEG, BUS, ...
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True, slots=True)
class Place:
    """A toponym geocoded to GeoNames."""

    article_id: str
    start: int
    end: int
    text: str
    name: str
    geonameid: int | None = None
    country: str | None = None  # ISO 3166 alpha-3
    latitude: float | None = None
    longitude: float | None = None
    feature: str = "city"  # city, country, admin, region, water, site, ...
    confidence: float = 0.0
    sentence: int = -1
    stage: str = ""


@dataclass(frozen=True, slots=True)
class Quote:
    """Words attributed to a speaker, direct or reported."""

    article_id: str
    start: int  # the content span
    end: int
    content: str
    speaker: str | None  # actor id
    speaker_text: str | None
    cue: str | None
    direct: bool
    sentence: int = -1
    speaker_start: int = -1
    speaker_end: int = -1
    cue_start: int = -1
    cue_end: int = -1
    stage: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, when and where, and the sentence that says so."""

    id: str
    article_id: str
    sentence: int
    type: str  # PLOVER
    trigger: str
    trigger_start: int
    trigger_end: int
    mode: str | None = None
    context: tuple[str, ...] = ()
    cameo: str | None = None
    quad_class: int | None = None
    source: str | None = None  # actor id
    target: str | None = None
    source_text: str | None = None
    target_text: str | None = None
    date: str | None = None
    date_precision: str | None = None
    date_from: str | None = None
    place: str | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    reported: bool = False
    confidence: float = 0.0
    rule: str = ""
    stage: str = ""


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One date of a timeline: the sentences that summarise it and where they came from."""

    date: str
    sentences: tuple[str, ...]
    sources: tuple[dict[str, str], ...] = ()
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    """An article and what the stages found in it. Stages return new copies."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    timexes: tuple[TimeExpr, ...] = ()
    places: tuple[Place, ...] = ()
    quotes: tuple[Quote, ...] = ()
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    stats: tuple[tuple[str, str, float], ...] = ()  # (stage, counter, value)
    done: tuple[str, ...] = ()  # names of the stages that ran
    # The parse a stage may share with the stages after it; never stored or serialized.
    parse: Any = field(default=None, compare=False, repr=False)


# --- JSON round trip -------------------------------------------------------------


def to_dict(record: Any) -> Any:
    """A record as plain JSON values (dates as ISO strings, tuples as lists)."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record) if f.name != "parse"}
    if isinstance(record, date):
        return record.isoformat()
    if isinstance(record, tuple | list):
        return [to_dict(item) for item in record]
    if isinstance(record, dict):
        return {key: to_dict(value) for key, value in record.items()}
    return record


def from_dict(cls: type[R], data: dict[str, Any]) -> R:
    """Rebuild a record of type ``cls`` from ``to_dict`` output."""
    hints = _hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values = {name: _convert(hints[name], value) for name, value in data.items() if name in known}
    return cls(**values)


def _hints(cls: type) -> dict[str, Any]:
    cached = _HINTS.get(cls)
    if cached is None:
        cached = _HINTS[cls] = typing.get_type_hints(cls)
    return cached


_HINTS: dict[type, dict[str, Any]] = {}


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _convert(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        args = typing.get_args(hint)
        item = args[0] if args else Any
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(item, v) for v in value)
        return tuple(_convert(a, v) for a, v in zip(args, value, strict=True))
    if hint is date:
        return date.fromisoformat(value)
    if dataclasses.is_dataclass(hint) and isinstance(value, dict):
        return from_dict(hint, value)  # type: ignore[arg-type]
    return value
