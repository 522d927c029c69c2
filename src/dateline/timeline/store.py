"""Timelines of a store: gather candidate sentences for a query, then select dates and sentences.

All SQL goes through ``dateline.store.timeline_queries``. A query that selects nothing is
not an error: the result is an empty timeline with a numbered message that says why.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dateline.model import TimelineEntry
from dateline.store import Store
from dateline.store import timeline_queries as q
from dateline.timeline.select import (
    DEFAULT_PARAMS,
    WRITTEN_OUT,
    Candidate,
    SelectionParams,
    TimelineError,
    build_timeline,
    relative_days,
)

__all__ = ["StoreTimeline", "TimelineQuery", "store_candidates", "store_timeline"]

_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class TimelineQuery:
    """What a timeline is about: words (full-text), an actor, a place, a range of days."""

    text: str | None = None
    actor: str | None = None
    place: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def describe(self) -> str:
        parts = [f"{self.text!r}"] if self.text else []
        if self.actor:
            parts.append(f"actor {self.actor!r}")
        if self.place:
            parts.append(f"place {self.place!r}")
        if self.date_from or self.date_to:
            parts.append(f"{self.date_from or '…'} – {self.date_to or '…'}")
        return ", ".join(parts) or "everything"


@dataclass(frozen=True, slots=True)
class StoreTimeline:
    """A timeline and what it was built from; ``message`` says why it is empty, when it is."""

    query: TimelineQuery
    entries: tuple[TimelineEntry, ...]
    articles: int
    message: str | None = None
    n_dates: int = 0
    n_sentences: int = 0
    stats: dict[str, Any] = field(default_factory=dict)


def store_candidates(store: Store, query: TimelineQuery) -> tuple[list[Candidate], int, str | None]:
    """Candidate sentences of the articles the query selects, how many articles, and why none if none.

    Articles published before ``date_from`` are left out; articles published after
    ``date_to`` stay in, because a later story recalling a day in range ("On January 19 ...")
    is evidence about that day. Only near-duplicate-free, dated articles are read.
    """
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise TimelineError(f"E602 the date range is empty: {query.date_from} is after {query.date_to}")
    db = store.db
    date_from = query.date_from.isoformat() if query.date_from else None
    if q.dated_article_count(db) == 0:
        undated = q.undated_article_count(db)
        if undated:
            return (
                [],
                0,
                (
                    f"E610 the store holds {undated} article(s) but none has a publication date, so no day "
                    "can be placed: ingest them again with --date or from dated files"
                ),
            )
        return [], 0, "E611 the store holds no articles: run `dateline ingest` first"
    ids: set[str] | None = None
    focus: set[tuple[str, int]] | None = None
    if query.text:
        ids = q.fts_article_ids(db, query.text)
        if not ids:
            return [], 0, f"E612 no article matches {query.text!r}"
    if query.actor:
        mentions = q.actor_sentences(db, query.actor)
        if not mentions:
            return [], 0, f"E613 no article mentions the actor {query.actor!r}"
        ids = {a for a, _ in mentions} if ids is None else ids & {a for a, _ in mentions}
        focus = mentions
    if query.place:
        mentions = q.place_sentences(db, query.place)
        if not mentions:
            return [], 0, f"E614 no article mentions the place {query.place!r}"
        ids = {a for a, _ in mentions} if ids is None else ids & {a for a, _ in mentions}
        focus = mentions if focus is None else focus & mentions
    # A day-before margin: an article published the day after the range may report its last day.
    articles = q.article_rows(db, ids, date_from=_minus_one(date_from))
    if not articles:
        return [], 0, f"E615 no dated article is about {query.describe()}"
    candidates = _candidates(db, articles, query, focus)
    return candidates, len(articles), None


def _minus_one(day: str | None) -> str | None:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat() if day else None


def _candidates(
    db: Any, articles: Sequence[dict[str, Any]], query: TimelineQuery, focus: set[tuple[str, int]] | None
) -> list[Candidate]:
    ids = [row["id"] for row in articles]
    by_id = {row["id"]: row for row in articles}
    mentions: dict[tuple[str, int], list[str]] = defaultdict(list)
    written: dict[tuple[str, int], set[str]] = defaultdict(set)
    for row in q.timex_rows(db, ids):
        if _DAY.match(row["value"]):
            mentions[(row["article_id"], row["sentence"])].append(row["value"][:10])
            if row["how"] in WRITTEN_OUT:
                written[(row["article_id"], row["sentence"])].add(row["value"][:10])
    quotes: dict[tuple[str, int], dict[str, Any]] = {}
    for row in q.sentence_quotes(db, ids):
        quotes.setdefault((row["article_id"], row["sentence"]), row)
    words = {w.lower() for w in _WORD.findall(query.text or "") if len(w) > 2 and w.upper() not in _FTS_WORDS}
    out = []
    for row in q.sentence_rows(db, ids):
        article = by_id[row["article_id"]]
        key = (row["article_id"], row["index"])
        day = row["date"] if row["date"] and row["date_precision"] == "day" else None
        quote = quotes.get(key)
        relevant = key in focus if focus is not None else _mentions_words(row["text"], words)
        out.append(
            Candidate(
                article_id=row["article_id"],
                sentence=row["index"],
                text=row["text"],
                date=day,
                date_from=row["date_from"] if day else None,
                published=article["published"],
                source=article["source"],
                title=article["title"],
                confidence=row["date_confidence"] or 0.0,
                mentions=tuple(dict.fromkeys(mentions.get(key, ()))),
                relative=relative_days(mentions.get(key, ()), written.get(key, set())),
                relevant=relevant,
                quote=quote["content"] if quote else None,
                speaker=(quote["speaker_name"] or quote["speaker_text"] or quote["speaker"]) if quote else None,
            )
        )
    return out


_FTS_WORDS = frozenset({"AND", "OR", "NOT", "NEAR"})


def _mentions_words(text: str, words: set[str]) -> bool:
    """A sentence is on the query when it holds one of its words (or a longer form: "talk" -> "talks")."""
    if not words:
        return True
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(word)}", lowered) for word in words)


def store_timeline(
    store: Store,
    query: TimelineQuery = TimelineQuery(),
    n_dates: int | None = None,
    n_sentences: int | None = None,
    *,
    params: SelectionParams = DEFAULT_PARAMS,
) -> StoreTimeline:
    """The timeline of what ``query`` selects in ``store`` (see ``build_timeline``)."""
    candidates, articles, message = store_candidates(store, query)
    if message:
        return StoreTimeline(query, (), articles, message)
    entries = build_timeline(candidates, n_dates, n_sentences, start=query.date_from, end=query.date_to, params=params)
    if not entries:
        return StoreTimeline(query, (), articles, _why_empty(candidates, articles, query))
    return StoreTimeline(
        query,
        tuple(entries),
        articles,
        None,
        n_dates=len(entries),
        n_sentences=max(len(e.sentences) for e in entries),
        stats={"candidates": len(candidates)},
    )


def _why_empty(candidates: Sequence[Candidate], articles: int, query: TimelineQuery) -> str:
    dated = sorted(c.date for c in candidates if c.date)
    if not dated:
        return (
            f"E616 no sentence of the {articles} selected article(s) is dated to a day: "
            "were they annotated with temporal grounding (dateline.timex.v1)?"
        )
    if query.date_from or query.date_to:
        return (
            f"E617 nothing in the {articles} selected article(s) is dated between {query.date_from or '…'} "
            f"and {query.date_to or '…'}; their sentences talk about {dated[0]} to {dated[-1]}"
        )
    newest = max((c.published for c in candidates if c.published), default=None)
    plans = sorted({day for day in dated if newest is not None and day > newest})
    if plans:
        return (
            f"E618 the {articles} selected article(s) hold no sentence fit for a timeline; the days after the "
            f"newest of them ({newest}) that they name, {plans[0]} to {plans[-1]}, are plans, not yet news"
        )
    return f"E618 the {articles} selected article(s) hold no sentence fit for a timeline"
