"""One real-world event, however many articles report it: cross-article event deduplication.

The same attack is reported the day it happens by several outlets and again, a week later, in
the background paragraph of another story. ``resolve_events`` groups such reports into one
``ResolvedEvent`` that lists them all.

Two coded events are reports of one event when

- they have the same PLOVER type and the same flags (a threatened strike is not a strike,
  a denied one neither);
- their actors agree: the same source (canonical actor id, else the phrase's head words) and
  no conflicting target, or the same target when a source is missing on either side;
- their dates agree: the day, month or year each gives overlap. A date that is only the
  article's publication date (``date_from == "published"``) says the event happened on or up
  to ``window_days`` before it, so such a report joins an explicitly dated one only when the
  two sentences share enough words (``MIN_SHARED_WORDS``) or the same trigger word. That window
  is for things that happened: a report that two leaders "did not meet", or that a committee
  "should meet", is dated by its report alone (``REPORT_DAYS``), so it never joins a like-worded
  non-event of another week ("did not meet" in Moscow on the 13th and in Berlin on the 19th);
- their places, when both have one, are the same.

Events with no actor at all ("the Berlin conference on January 19", recalled in many later
articles) have nothing to compare on that side; they are reports of one event only when both
give the same explicit day and the same place (``_anonymous_key``) -- three independent
agreements that a publication date or a month could not give.

Grouping is transitive (union-find) inside blocks of one type and one actor (or, for events
with no actor, one type, day and place), so it stays near-linear in the number of events.
Output is deterministic: groups are ordered by date, and a group's id is a hash of its
reports' event ids.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateline.model import AnnotatedArticle, Event

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

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_FROM_RANK = {"explicit": 0, "narrative": 1, "published": 2}
_WORD = re.compile(r"[a-z][a-z'\-]+")
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
    """The first and last day a TIMEX3 calendar value (2020-01-19, 2020-01, 2020) can mean."""
    if not value:
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


def _anonymous_key(item: _Item) -> tuple[str, str, str] | None:
    """(type, day, place) of an event with no actor, an explicit day and a place; else None."""
    event = item.event
    if item.source or item.target or not event.place or not event.date:
        return None
    if event.date_from != "explicit" or event.date_precision != "day":
        return None
    return event.type, event.date, event.place


def _same(a: _Item, b: _Item, min_shared: float) -> bool:
    ea, eb = a.event, b.event
    if ea.article_id == eb.article_id and ea.sentence == eb.sentence:
        return False  # two events of one sentence are two events
    if (ea.type, ea.negated, ea.hypothetical, ea.future) != (eb.type, eb.negated, eb.hypothetical, eb.future):
        return False
    if a.source and b.source and a.source != b.source:
        return False
    if a.target and b.target and a.target != b.target:
        return False
    if not (a.source and b.source) and not (a.target and b.target and a.target == b.target):
        anonymous = _anonymous_key(a)
        if anonymous is None or anonymous != _anonymous_key(b):
            return False
    if ea.place and eb.place and ea.place != eb.place:
        return False
    if a.interval is None or b.interval is None:
        return False
    if a.interval[1] < b.interval[0] or b.interval[1] < a.interval[0]:
        return False
    if "published" in (ea.date_from, eb.date_from):
        shared = len(a.words & b.words) / max(len(a.words | b.words), 1)
        return shared >= min_shared or (_trigger_word(ea) == _trigger_word(eb) and shared >= min_shared / 2)
    return True


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
        items.append(
            _Item(
                event,
                _key(event.source, event.source_text),
                _key(event.target, event.target_text),
                _interval(event, window_days),
                _words(text),
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
        for actor in {item.source, item.target} - {None}:
            blocks[(item.event.type, str(actor))].append(i)
        anonymous = _anonymous_key(item)
        if anonymous is not None:
            blocks[("", *anonymous)].append(i)
    for members in blocks.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if find(i) != find(j) and _same(items[i], items[j], min_shared):
                    parent[find(i)] = find(j)
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
