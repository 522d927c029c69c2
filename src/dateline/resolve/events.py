"""One real-world event, however many articles report it: cross-article event deduplication.

The same attack is reported the day it happens by several outlets and again, a week later, in
the background paragraph of another story. ``resolve_events`` groups such reports into one
``ResolvedEvent`` that lists them all.

Two coded events are reports of one event when

- they have the same PLOVER type and the same flags (a threatened strike is not a strike,
  a denied one neither);
- their actors agree: the same source (canonical actor id, else the phrase's head words) and
  no conflicting target, or the same target when a source is missing on either side. A leader
  and the body their role heads at the time (the actor list's roles: "Commander of the Libyan
  National Army", a head of state and the country) count as one actor: reports say "Haftar's
  offensive" and "the LNA's offensive" of one offensive;
- their dates agree: the day, month or year each gives overlap. A date that is only the
  article's publication date (``date_from == "published"``) says the event happened on or up
  to ``window_days`` before it, so such a report joins an explicitly dated one only when the
  two sentences share enough words (``MIN_SHARED_WORDS``) or the same trigger word. That window
  is for things that happened: a report that two leaders "did not meet", or that a committee
  "should meet", is dated by its report alone (``REPORT_DAYS``), so it never joins a like-worded
  non-event of another week ("did not meet" in Moscow on the 13th and in Berlin on the 19th);
- their places, when both have one, are the same. A town given as source or target ("captured
  Tarhuna", "Ankara signed") counts as a place: it never conflicts with an actor, though the same
  town on both sides still matches them.

A date of year precision ("earlier this year") is, like a publication date, too vague alone: such
a report needs the shared words too.

Reports of one event often disagree on its actors (several parties, a source in one report and a
target in the other, a description instead of a name). Two reports both dated explicitly, on the
same day or a day and its month (or both in one month), are one event too when (``_same_explicit``)
they have the same type and flags (a planned event joins the one held), no conflicting places,
compatible actors (they share an actor id, or one names its actors only in words: "rival
authorities"; in material conflict a source or target named on both sides must agree, and a pure
swap is an attack and its reply) and their sentences share at least ``MIN_COMMON_WORDS`` content
words besides weekdays and months (``MIN_COMMON_WORDS_MONTH`` when a month is involved), making at
least ``MIN_OVERLAP`` of the shorter sentence's words.

Events that identify no actor ("the Berlin conference on January 19", recalled in many later
articles; "world leaders meeting in Berlin on Sunday": a description identifies nobody) have
nothing to compare on that side; they are reports of one event only when both give the same
explicit day and the same place (``_anonymous_key``) -- three independent agreements that a
publication date or a month could not give.

Grouping is transitive (union-find) inside blocks of one type and one actor (or, for events
with no actor, one type, day and place; for explicitly dated ones, one type and day, a month's
reports against the month's days), compared in date order only while intervals can overlap, so it
stays near-linear in the number of events (``benchmarks/resolve_events.py``).
Output is deterministic: groups are ordered by date, and a group's id is a hash of its
reports' event ids.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateline.model import AnnotatedArticle, Event
from dateline.resources.actors import extra_paths, load_actors
from dateline.resources.plover import MATERIAL_CONFLICT_TYPES, noun_lemma, verb_lemma

__all__ = [
    "MIN_SHARED_WORDS",
    "REPORT_DAYS",
    "Report",
    "ResolvedEvent",
    "date_range",
    "resolve_articles",
    "resolve_events",
]

# How long before publication an event dated only by its article may have happened. Four weeks:
# background paragraphs mostly recall the last few weeks' events; older ones usually carry a date.
WINDOW_DAYS = 28
# Jaccard overlap of content words two sentences need for a publication-dated report to join.
# 0.3: two wordings of one attack share actors, place and weapon words well above this, while two
# different attacks by the same group differ in place and numbers (checked on our sample articles).
MIN_SHARED_WORDS = 0.3
# A non-occurrence, a plan or a possibility dated only by its article happened at no earlier time:
# it is that report's (the publication day, or the day before for a story filed overnight), so two
# such reports join only across a republication, never across the four-week window.
REPORT_DAYS = 1

# Two explicitly dated reports of one type and one day (or a day and its month) whose actors are
# compatible are one event when their sentences share at least ``MIN_COMMON_WORDS`` content words,
# weekdays and months aside, making at least ``MIN_OVERLAP`` of the shorter sentence's words (the
# overlap coefficient: a background clause recalls an event in a few of its report's words).
MIN_COMMON_WORDS = 3
MIN_OVERLAP = 0.35
# A day-precise report and a month-precise one, or two month-precise ones, could be any of some
# thirty days' events: they need the same trigger word and one shared word more, making 40% of the
# shorter sentence's words.
MIN_COMMON_WORDS_MONTH = 4
MIN_OVERLAP_MONTH = 0.4
PLACE_PREFIX = "place:"

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_FROM_RANK = {"explicit": 0, "narrative": 1, "published": 2}
_WORD = re.compile(r"[a-z][a-z'\-]+")
_WEEK = re.compile(r"(\d{4})-W(\d\d)$")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "and",
        "or",
        "but",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "his",
        "her",
        "they",
        "he",
        "she",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "said",
        "says",
        "say",
        "told",
        "after",
        "before",
        "over",
        "into",
        "than",
        "as",
        "also",
    ]
)
_CALENDAR_WORDS = frozenset(
    [n.lower() for n in calendar.day_name]
    + [n.lower() for n in calendar.month_name if n]
    + ["today", "yesterday", "tomorrow", "week", "month", "year", "day", "last", "next", "earlier", "later"]
)


@dataclass(frozen=True, slots=True)
class Report:
    """One article's report of an event."""

    article_id: str
    event_id: str
    sentence: int
    date: str | None
    date_from: str | None
    confidence: float


@dataclass(frozen=True, slots=True)
class ResolvedEvent:
    """A real-world event with every report of it; ``event`` is the best-dated, most confident report."""

    id: str
    event: Event
    reports: tuple[Report, ...]

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.article_id for r in self.reports))


def date_range(value: str | None, precision: str | None = None) -> tuple[date, date] | None:
    """The first and last day a TIMEX3 calendar value (2020-01-19, 2020-W04, 2020-01, 2020) can mean."""
    if not value:
        return None
    week = _WEEK.match(value)
    if week is not None:
        try:
            year, number = int(week.group(1)), int(week.group(2))
            return date.fromisocalendar(year, number, 1), date.fromisocalendar(year, number, 7)
        except ValueError:
            return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
    except ValueError:
        return None
    if len(parts) >= 3 and precision not in ("month", "year"):
        day = date(parts[0], parts[1], parts[2])
        return day, day
    if len(parts) >= 2 and precision != "year":
        last = calendar.monthrange(parts[0], parts[1])[1]
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def _interval(event: Event, window_days: int) -> tuple[date, date] | None:
    found = date_range(event.date, event.date_precision)
    if found is None:
        return None
    if event.date_from == "published":
        if not _occurred(event):
            # A meeting that did not happen, or one that may or will: its report's day is all it has.
            return found[0] - timedelta(days=REPORT_DAYS), found[1]
        # Only the publication date is known: the event happened then or shortly before.
        return found[0] - timedelta(days=window_days), found[1]
    return found


def _occurred(event: Event) -> bool:
    """Whether the event is reported as having happened (not denied, planned or possible)."""
    return not (event.negated or event.hypothetical or event.future)


def _is_place_id(actor: str | None) -> bool:
    return bool(actor and actor.startswith(PLACE_PREFIX))


def _key(actor: str | None, text: str | None) -> str | None:
    if actor:
        return actor
    if not text:
        return None
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return " ".join(words[-2:]) if words else None


def _words(text: str | None) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall((text or "").lower()) if w not in _STOP)


def _trigger_word(event: Event) -> str:
    words = _WORD.findall(event.trigger.lower())
    return words[-1].rstrip("s") if words else ""


@dataclass(slots=True)
class _Item:
    event: Event
    source: str | None
    target: str | None
    interval: tuple[date, date] | None
    words: frozenset[str]
    actors: frozenset[str]  # canonical actor ids, source and target, never a town
    source_leads: frozenset[str]  # the bodies the source heads at the event's date (``ActorIndex.led``)
    target_leads: frozenset[str]
    reach: frozenset[str]  # the actors and the bodies they head
    places: frozenset[str]  # the event's place and any town given as its source or target
    described: frozenset[str]  # head words of the actor phrases that have no actor id


def _led(actor: str | None, on: date | None) -> frozenset[str]:
    """The bodies a person heads on a date, by the actor list's roles (none for anyone else)."""
    return load_actors(extra_paths()).led(actor, on) if actor and actor.startswith("person:") else frozenset()


def _places(event: Event) -> frozenset[str]:
    names = [event.place or ""]
    names += [a[len(PLACE_PREFIX) :] for a in (event.source, event.target) if a and _is_place_id(a)]
    return frozenset(filter(None, (n.lower().replace(" ", "-") for n in names)))


def _described(event: Event) -> frozenset[str]:
    pairs = ((event.source, event.source_text), (event.target, event.target_text))
    keys = [_key(None, text) for actor, text in pairs if actor is None]
    return frozenset(w for key in keys if key for w in key.split())


def _explicit(event: Event) -> str | None:
    """The calendar key of an explicitly dated event ("2020-01-19" or "2020-01"), else None."""
    if event.date_from != "explicit" or not event.date or event.date_precision not in ("day", "month"):
        return None
    found = date_range(event.date, event.date_precision)
    if found is None:
        return None
    return found[0].isoformat() if found[0] == found[1] else found[0].isoformat()[:7]


def _anonymous_key(item: _Item) -> tuple[str, str, str] | None:
    """(type, day, place) of an event that names no actor, with an explicit day and a place; else None.

    Words that only describe who ("world leaders", "gunmen") identify nobody: they neither make
    such an event less anonymous nor conflict with another's.
    """
    event = item.event
    if item.actors or not event.place or not event.date:
        return None
    if event.date_from != "explicit" or event.date_precision != "day":
        return None
    return event.type, event.date, event.place


def _one_actor(x: str | None, y: str | None, x_leads: frozenset[str], y_leads: frozenset[str]) -> bool:
    """The same actor, or a leader and the body they head ("Haftar's offensive", "the LNA's offensive")."""
    return bool(x and y and (x == y or y in x_leads or x in y_leads))


def _conflict(x: str | None, y: str | None, x_leads: frozenset[str], y_leads: frozenset[str]) -> bool:
    """Two different actors in one role; a town is not one ("captured Tarhuna" and "captured Haftar's
    last stronghold" are one capture), though the same town in both may still match them."""
    return bool(x and y and not _one_actor(x, y, x_leads, y_leads) and not (_is_place_id(x) or _is_place_id(y)))


def _same(a: _Item, b: _Item, min_shared: float) -> bool:
    ea, eb = a.event, b.event
    if ea.article_id == eb.article_id and ea.sentence == eb.sentence:
        return False  # two events of one sentence are two events
    if (ea.type, ea.negated, ea.hypothetical, ea.future) != (eb.type, eb.negated, eb.hypothetical, eb.future):
        return False
    anonymous = _anonymous_key(a)
    if anonymous is None or anonymous != _anonymous_key(b):
        if _conflict(a.source, b.source, a.source_leads, b.source_leads) or _conflict(
            a.target, b.target, a.target_leads, b.target_leads
        ):
            return False
        if not _one_actor(a.source, b.source, a.source_leads, b.source_leads) and not _one_actor(
            a.target, b.target, a.target_leads, b.target_leads
        ):
            return False
    if not _same_time_and_place(a, b):
        return False
    if "published" in (ea.date_from, eb.date_from) or "year" in (ea.date_precision, eb.date_precision):
        shared = len(a.words & b.words) / max(len(a.words | b.words), 1)
        return shared >= min_shared or (_trigger_word(ea) == _trigger_word(eb) and shared >= min_shared / 2)
    return True


def _same_time_and_place(a: _Item, b: _Item) -> bool:
    """Whether two reports' dates overlap and their places, where both name some, share one."""
    if a.places and b.places and not a.places & b.places:
        return False
    if a.interval is None or b.interval is None:
        return False
    return not (a.interval[1] < b.interval[0] or b.interval[1] < a.interval[0])


def _compatible_actors(a: _Item, b: _Item) -> bool:
    """Whether two reports may name one event's actors: one names them only in words, or they share one.

    Reports of one event disagree on its actors -- several parties, a source in one and a target in
    the other, a description instead of a name -- so any shared actor will do, but not a pure swap
    ("A attacked B" and "B attacked A" the same day are an attack and its reply). In material
    conflict the attacker and the attacked are what tell one strike from another: there a source or
    a target named on both sides must be the same.
    """
    ea, eb = a.event, b.event
    if ea.type in MATERIAL_CONFLICT_TYPES:
        for x, y, x_leads, y_leads in (
            (ea.source, eb.source, a.source_leads, b.source_leads),
            (ea.target, eb.target, a.target_leads, b.target_leads),
        ):
            if _conflict(x, y, x_leads, y_leads):
                return False
    if not a.actors or not b.actors:
        # An actor named but not identified ("the rival authorities") is one the other report names
        # in the same words; no actor at all is no evidence.
        vague, named = (a, b) if not a.actors else (b, a)
        return bool(named.actors and vague.described and vague.described <= named.words)
    if not (a.actors & b.reach or b.actors & a.reach):
        return False
    swapped = ea.source and ea.target and ea.source != ea.target
    return not (swapped and ea.source == eb.target and ea.target == eb.source)


def _same_explicit(a: _Item, b: _Item) -> bool:
    """Two reports dated explicitly on one day, or a day and its month: one event when actors and words agree.

    A planned event ("will meet in Cairo on Thursday") joins the event reported as held that day.
    """
    ea, eb = a.event, b.event
    if ea.article_id == eb.article_id and ea.sentence == eb.sentence:
        return False
    if (ea.type, ea.negated, ea.hypothetical) != (eb.type, eb.negated, eb.hypothetical):
        return False
    if not (a.actors or b.actors):
        return False  # nobody named on either side: only the anonymous rule (day and place) can join them
    if not _same_time_and_place(a, b):
        return False
    if not _compatible_actors(a, b):
        return False
    wa, wb = a.words - _CALENDAR_WORDS, b.words - _CALENDAR_WORDS
    common = len(wa & wb)
    if ea.date_precision == eb.date_precision == "day":
        return common >= MIN_COMMON_WORDS and common >= MIN_OVERLAP * min(len(wa), len(wb))
    if not _heads(ea) & _heads(eb):
        return False  # within a month, a meeting and a meeting, not a meeting and a visit
    return common >= MIN_COMMON_WORDS_MONTH and common >= MIN_OVERLAP_MONTH * min(len(wa), len(wb))


def _heads(event: Event) -> frozenset[str]:
    """The trigger's head word as a verb and as a noun lemma ("met" -> meet, "ceasefires" -> ceasefire)."""
    words = _WORD.findall(event.trigger.lower())
    return frozenset((verb_lemma(words[-1]), noun_lemma(words[-1]))) if words else frozenset()


def _best(events: Sequence[Event]) -> Event:
    return min(
        events,
        key=lambda e: (
            _FROM_RANK.get(e.date_from or "", 3),
            _PRECISION_RANK.get(e.date_precision or "", 3),
            -e.confidence,
            e.article_id,
            e.sentence,
            e.id,
        ),
    )


def _join(
    members: Sequence[int],
    items: Sequence[_Item],
    find: Callable[[int], int],
    parent: list[int],
    same: Callable[[_Item, _Item], bool],
    others: Sequence[int] = (),
) -> None:
    """Union every pair of ``members`` (and every member with each of ``others``) that ``same`` accepts.

    Pairs are visited in date order and only while their intervals can overlap.
    """
    dated = [(interval, i) for i in members if (interval := items[i].interval) is not None]
    dated.sort(key=lambda pair: pair[0][0])  # undated reports join nothing
    for x, (interval, i) in enumerate(dated):
        for later, j in dated[x + 1 :]:
            if later[0] > interval[1]:
                break
            if find(i) != find(j) and same(items[i], items[j]):
                parent[find(i)] = find(j)
        for j in others:
            if find(i) != find(j) and same(items[i], items[j]):
                parent[find(i)] = find(j)


def resolve_events(
    events: Iterable[Event],
    sentences: Mapping[tuple[str, int], str] | None = None,
    window_days: int = WINDOW_DAYS,
    min_shared: float = MIN_SHARED_WORDS,
) -> list[ResolvedEvent]:
    """Events from many articles grouped into real-world events, each listing its reports.

    ``sentences`` maps (article id, sentence index) to the sentence text; without it the words
    compared are those of the trigger and the actor phrases only.
    """
    items = []
    for event in events:
        text = (sentences or {}).get((event.article_id, event.sentence))
        if text is None:
            text = " ".join(filter(None, (event.trigger, event.source_text, event.target_text, event.place)))
        actors = frozenset(a for a in (event.source, event.target) if a and not _is_place_id(a))
        interval = _interval(event, window_days)
        on = interval[1] if interval is not None else None
        source_leads, target_leads = _led(event.source, on), _led(event.target, on)
        items.append(
            _Item(
                event,
                _key(event.source, event.source_text),
                _key(event.target, event.target_text),
                interval,
                _words(text),
                actors,
                source_leads,
                target_leads,
                actors | source_leads | target_leads,
                _places(event),
                _described(event),
            )
        )
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for actor in ({item.source, item.target} | item.reach) - {None}:
            blocks[(item.event.type, str(actor))].append(i)
        anonymous = _anonymous_key(item)
        if anonymous is not None:
            blocks[("", *anonymous)].append(i)
    for members in blocks.values():
        _join(members, items, find, parent, lambda a, b: _same(a, b, min_shared))
    # Explicitly dated reports: one block per type and month, days compared with their own day and
    # with month-precise reports only, so a busy month costs (days x their reports) + (month reports x all).
    months: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, item in enumerate(items):
        day = _explicit(item.event)
        if day is not None:
            months[(item.event.type, day[:7])][day].append(i)
    for by_day in months.values():
        whole_month = by_day.pop(next((d for d in by_day if len(d) == 7), ""), [])
        for members in by_day.values():
            _join(members, items, find, parent, _same_explicit)
        if whole_month:
            others = [i for members in by_day.values() for i in members]
            _join(whole_month, items, find, parent, _same_explicit, others)
    groups: dict[int, list[Event]] = defaultdict(list)
    for i, item in enumerate(items):
        groups[find(i)].append(item.event)
    resolved = []
    for group in groups.values():
        group.sort(key=lambda e: (e.date or "", e.article_id, e.sentence, e.id))
        best = _best(group)
        reports = tuple(Report(e.article_id, e.id, e.sentence, e.date, e.date_from, e.confidence) for e in group)
        digest = hashlib.sha256("|".join(sorted(e.id for e in group)).encode("utf-8")).hexdigest()[:16]
        resolved.append(ResolvedEvent(digest, best, reports))
    resolved.sort(key=lambda r: (r.event.date or "", r.event.type, r.id))
    return resolved


def resolve_articles(docs: Iterable[AnnotatedArticle], window_days: int = WINDOW_DAYS) -> list[ResolvedEvent]:
    """``resolve_events`` over the events of annotated articles, comparing their sentences."""
    events: list[Event] = []
    sentences: dict[tuple[str, int], str] = {}
    for doc in docs:
        events.extend(doc.events)
        for sentence in doc.sentences:
            sentences[(doc.article.id, sentence.index)] = sentence.text
    return resolve_events(events, sentences, window_days)
