"""The reads behind the web explorer: small functions over a read-only connection, plain rows out.

Every value reaches SQL as a bound parameter; the only text spliced into a statement is a
column name taken from a fixed table (``EVENT_SORTS``) or a count of ``?`` marks. Near-duplicates
(``duplicate_of``) are left out of counts and lists so a reprinted story counts once.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from dateline.store import search_where
from dateline.store.corpus import FIRST_DAY_SQL, EventFilter, event_where

__all__ = [
    "EVENT_SORTS",
    "MAX_LIMIT",
    "actor",
    "actor_events",
    "actor_mentions_by_month",
    "actor_names",
    "actor_quotes",
    "co_actors",
    "event_counts",
    "event_page",
    "event_types",
    "map_events",
    "map_places",
    "recent_articles",
    "search_articles",
    "search_facets",
]

# The largest page any list returns; bigger requests are refused by the web layer, not truncated silently.
MAX_LIMIT = 500

# Snippet markers that cannot occur in article text, so highlighting never confuses a literal "[".
MARK_START, MARK_END = "\x02", "\x03"

# Sort keys of the events table -> the SQL expression they order by (the only SQL taken from input).
EVENT_SORTS: dict[str, str] = {
    "date": "g.date",
    "type": "g.type",
    "source": "coalesce(sa.name, g.source)",
    "target": "coalesce(ta.name, g.target)",
    "place": "g.place",
    "reports": "g.reports",
    "articles": "g.articles",
    "confidence": "e.confidence",
}


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


# --- home -----------------------------------------------------------------------------------


def recent_articles(db: sqlite3.Connection, limit: int = 10) -> list[dict[str, Any]]:
    """The latest original articles by publication date."""
    return _rows(
        db.execute(
            "SELECT id, published, source, title, dateline_place FROM articles WHERE duplicate_of IS NULL "
            "ORDER BY published IS NULL, published DESC, rowid DESC LIMIT ?",
            (limit,),
        )
    )


# --- search ---------------------------------------------------------------------------------


def search_articles(
    db: sqlite3.Connection,
    query: str,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    source: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Matching originals, best first; ``snippet`` marks hits with ``MARK_START``/``MARK_END``.

    Raises ``sqlite3.OperationalError`` on a query FTS5 cannot parse.
    """
    where, params = search_where(query, date_from, date_to, source)
    return _rows(
        db.execute(
            "SELECT a.id, a.published, a.source, a.title, a.dateline_place, "
            f"snippet(articles_fts, 1, '{MARK_START}', '{MARK_END}', ' … ', 24) AS snippet, "
            "bm25(articles_fts) AS rank FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            f"WHERE {where} ORDER BY rank LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
    )


def search_facets(
    db: sqlite3.Connection,
    query: str,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    """How many originals match, by source (ignoring the source filter, to switch between them) and by month."""
    where, params = search_where(query, date_from, date_to, source)
    base = f"FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE {where}"
    total = int(db.execute(f"SELECT count(*) {base}", params).fetchone()[0])
    months = [
        (str(row[0]), int(row[1]))
        for row in db.execute(
            f"SELECT substr(a.published, 1, 7) AS month, count(*) {base} AND a.published IS NOT NULL "
            "GROUP BY month ORDER BY month",
            params,
        )
    ]
    where_all, params_all = search_where(query, date_from, date_to, None)
    sources = [
        (row[0] or "", int(row[1]))
        for row in db.execute(
            "SELECT a.source, count(*) FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            f"WHERE {where_all} GROUP BY a.source ORDER BY count(*) DESC, a.source LIMIT 50",
            params_all,
        )
    ]
    return {"total": total, "months": months, "sources": sources}


# --- events ---------------------------------------------------------------------------------


_EVENT_FROM = (
    "FROM event_groups g JOIN events e ON e.id = g.event_id "
    "LEFT JOIN actors sa ON sa.id = g.source LEFT JOIN actors ta ON ta.id = g.target "
)


def event_page(
    db: sqlite3.Connection,
    query: EventFilter,
    *,
    sort: str = "date",
    descending: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """One page of real-world events, sorted, and how many match in all."""
    if sort not in EVENT_SORTS:
        raise ValueError(f"unknown sort {sort!r}; sorts: {', '.join(EVENT_SORTS)}")
    where, params = event_where(query)
    total = int(db.execute(f"SELECT count(*) {_EVENT_FROM}{where}", params).fetchone()[0])
    direction = "DESC" if descending else "ASC"
    rows = _rows(
        db.execute(
            "SELECT g.id, g.date, g.date_precision, g.type, e.mode, e.cameo, g.source, sa.name AS source_name, "
            "sa.country AS source_country, e.source_text, g.target, ta.name AS target_name, "
            "ta.country AS target_country, e.target_text, g.place, e.trigger, e.negated, e.hypothetical, "
            "e.future, e.confidence, g.reports, g.articles, e.article_id, e.sentence, e.id AS event_id "
            f"{_EVENT_FROM}{where} "
            f"ORDER BY {EVENT_SORTS[sort]} IS NULL, {EVENT_SORTS[sort]} {direction}, g.date, g.id "
            "LIMIT :limit OFFSET :offset",
            {**params, "limit": limit, "offset": offset},
        )
    )
    for row in rows:
        for flag in ("negated", "hypothetical", "future"):
            row[flag] = bool(row[flag])
    return rows, total


def event_counts(db: sqlite3.Connection, query: EventFilter) -> list[tuple[str, int]]:
    """How many matching events happened each month (events without a date are left out)."""
    where, params = event_where(query)
    extra = ("AND" if where else "WHERE") + " g.date IS NOT NULL"
    return [
        (str(row[0]), int(row[1]))
        for row in db.execute(
            f"SELECT substr({FIRST_DAY_SQL}, 1, 7) AS month, count(*) {_EVENT_FROM}{where} {extra} "
            "GROUP BY month ORDER BY month",
            params,
        )
    ]


def event_types(db: sqlite3.Connection) -> list[str]:
    """The PLOVER types present in the store."""
    return [str(row[0]) for row in db.execute("SELECT DISTINCT type FROM event_groups ORDER BY type")]


# --- actors ---------------------------------------------------------------------------------


def _decode_actor(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("aliases", "roles"):
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    return row


def actor(db: sqlite3.Connection, actor_id: str) -> dict[str, Any] | None:
    """One actor with its aliases and roles decoded, or None."""
    rows = _rows(db.execute("SELECT * FROM actors WHERE id = ?", (actor_id,)))
    return _decode_actor(rows[0]) if rows else None


def actor_names(db: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    """id -> name of the actors in ``ids`` that exist."""
    unique = sorted(set(ids))
    out: dict[str, str] = {}
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        out.update(
            (str(r[0]), str(r[1])) for r in db.execute(f"SELECT id, name FROM actors WHERE id IN ({marks})", chunk)
        )
    return out


def actor_mentions_by_month(db: sqlite3.Connection, actor_id: str) -> list[tuple[str, int]]:
    """Mentions of an actor per month of publication of the articles that hold them."""
    return [
        (str(row[0]), int(row[1]))
        for row in db.execute(
            "SELECT substr(a.published, 1, 7) AS month, count(*) FROM entities e "
            "JOIN articles a ON a.id = e.article_id WHERE e.actor = ? AND a.published IS NOT NULL "
            "GROUP BY month ORDER BY month",
            (actor_id,),
        )
    ]


def actor_quotes(db: sqlite3.Connection, actor_id: str, limit: int = 50) -> list[dict[str, Any]]:
    """What an actor is quoted as saying, latest first."""
    return _rows(
        db.execute(
            "SELECT q.article_id, q.sentence, q.content, q.cue, q.direct, a.published, a.source, a.title "
            "FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker = ? "
            "ORDER BY a.published DESC, q.start LIMIT ?",
            (actor_id, limit),
        )
    )


def actor_events(db: sqlite3.Connection, actor_id: str, role: str, limit: int = 100) -> list[dict[str, Any]]:
    """Real-world events where an actor is the ``source`` or the ``target``, by date."""
    column, other = {"source": ("g.source", "g.target"), "target": ("g.target", "g.source")}[role]
    return _rows(
        db.execute(
            f"SELECT g.id, g.date, g.type, {other} AS other, o.name AS other_name, g.place, e.trigger, "
            "g.reports, e.article_id, e.sentence FROM event_groups g JOIN events e ON e.id = g.event_id "
            f"LEFT JOIN actors o ON o.id = {other} WHERE {column} = ? AND e.negated = 0 "
            "ORDER BY g.date IS NULL, g.date, g.id LIMIT ?",
            (actor_id, limit),
        )
    )


def co_actors(db: sqlite3.Connection, actor_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """The actors most often mentioned in the same sentences as an actor."""
    return _rows(
        db.execute(
            "WITH here AS (SELECT DISTINCT article_id, sentence FROM entities WHERE actor = ?) "
            "SELECT a.id, a.name, a.kind, count(DISTINCT e.article_id || ':' || e.sentence) AS sentences, "
            "count(DISTINCT e.article_id) AS articles FROM entities e "
            "JOIN here h ON h.article_id = e.article_id AND h.sentence = e.sentence "
            "JOIN actors a ON a.id = e.actor WHERE e.actor <> ? "
            "GROUP BY a.id ORDER BY sentences DESC, a.name LIMIT ?",
            (actor_id, actor_id, limit),
        )
    )


# --- map ------------------------------------------------------------------------------------


def map_places(db: sqlite3.Connection, limit: int = MAX_LIMIT) -> list[dict[str, Any]]:
    """Places with coordinates, most mentioned first: one row per gazetteer entry."""
    return _rows(
        db.execute(
            "SELECT coalesce(CAST(p.geonameid AS TEXT), p.name) AS key, p.name, p.country, p.feature, "
            "avg(p.latitude) AS latitude, avg(p.longitude) AS longitude, count(*) AS mentions, "
            "count(DISTINCT p.article_id) AS articles FROM places p "
            "WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL GROUP BY key "
            "ORDER BY mentions DESC, p.name LIMIT ?",
            (limit,),
        )
    )


def map_events(db: sqlite3.Connection, limit: int = MAX_LIMIT) -> list[dict[str, Any]]:
    """Real-world events per located place: where the event's place resolves in its own article."""
    return _rows(
        db.execute(
            "WITH located AS (SELECT g.id, g.type, g.place, "
            "(SELECT p.rowid FROM places p WHERE p.article_id = e.article_id AND p.latitude IS NOT NULL "
            " AND (p.name = g.place OR p.text = g.place) ORDER BY p.start LIMIT 1) AS place_row "
            "FROM event_groups g JOIN events e ON e.id = g.event_id WHERE e.negated = 0 AND g.place IS NOT NULL) "
            "SELECT p.name, p.country, p.latitude, p.longitude, count(*) AS events, "
            "group_concat(DISTINCT l.type) AS types FROM located l JOIN places p ON p.rowid = l.place_row "
            "GROUP BY p.name, p.latitude, p.longitude ORDER BY events DESC, p.name LIMIT ?",
            (limit,),
        )
    )
