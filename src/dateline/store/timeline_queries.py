"""The SQL that timelines need: which articles a query selects, and their dated sentences.

Small functions over an open connection (``Store.db``), each returning plain rows, so the
timeline package never writes SQL. Near-duplicates (``duplicate_of``) and undated
articles are always left out: a story reprinted ten times must not count ten times.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from dateline.store import fts_query

__all__ = [
    "actor_sentences",
    "article_rows",
    "dated_article_count",
    "fts_article_ids",
    "place_sentences",
    "sentence_quotes",
    "sentence_rows",
    "timex_rows",
    "undated_article_count",
]

# SQLite allows at least 32766 bound parameters since 3.32; stay far below for older builds.
_CHUNK = 500


def _rows_in(db: sqlite3.Connection, sql: str, ids: Sequence[str], params: Sequence[Any] = ()) -> Iterator[Any]:
    """The rows of ``sql`` (whose ``{ids}`` stands for the marks of an ``IN``) for ``ids``, in
    chunks that stay under SQLite's limit on bound parameters; ``params`` follow the ids."""
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        yield from db.execute(sql.format(ids=", ".join("?" * len(chunk))), [*chunk, *params])


def _range(column: str, date_from: str | None, date_to: str | None) -> tuple[str, list[Any]]:
    where, params = [], []
    if date_from:
        where.append(f"{column} >= ?")
        params.append(date_from)
    if date_to:
        where.append(f"{column} <= ?")
        params.append(date_to)
    return (" AND " + " AND ".join(where) if where else ""), params


def article_rows(
    db: sqlite3.Connection,
    ids: Iterable[str] | None = None,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
) -> list[dict[str, Any]]:
    """id, published, source, title of the dated originals (all, or those in ``ids``) published in range."""
    extra, params = _range("published", date_from, date_to)
    base = "SELECT id, published, source, title FROM articles WHERE published IS NOT NULL AND duplicate_of IS NULL"
    if ids is None:
        return [dict(row) for row in db.execute(f"{base}{extra} ORDER BY published, rowid", params)]
    out = [dict(row) for row in _rows_in(db, f"{base} AND id IN ({{ids}}){extra}", sorted(set(ids)), params)]
    out.sort(key=lambda row: (row["published"], row["id"]))
    return out


def fts_article_ids(db: sqlite3.Connection, query: str) -> set[str]:
    """Ids of the articles whose title or text match a full-text query (FTS5, porter stemming)."""
    rows = db.execute(
        "SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ?",
        (fts_query(query),),
    )
    return {str(row[0]) for row in rows}


def actor_sentences(db: sqlite3.Connection, actor: str) -> set[tuple[str, int]]:
    """(article id, sentence index) of every mention of an actor, by id, name, alias or mention text."""
    pattern = actor.strip().lower()
    ids = {
        str(row[0])
        for row in db.execute(
            "SELECT id FROM actors WHERE lower(id) = ? OR lower(name) = ? OR EXISTS "
            "(SELECT 1 FROM json_each(actors.aliases) WHERE lower(json_each.value) = ?)",
            (pattern, pattern, pattern),
        )
    }
    found = {
        (str(row[0]), int(row[1]))
        for row in db.execute(
            "SELECT article_id, sentence FROM entities WHERE lower(text) = ? OR lower(actor) = ?", (pattern, pattern)
        )
    }
    sql = "SELECT article_id, sentence FROM entities WHERE actor IN ({ids})"
    found.update((str(row[0]), int(row[1])) for row in _rows_in(db, sql, sorted(ids)))
    return found


def place_sentences(db: sqlite3.Connection, place: str) -> set[tuple[str, int]]:
    """(article id, sentence index) of every mention of a place, by its gazetteer name or as written."""
    pattern = place.strip().lower()
    return {
        (str(row[0]), int(row[1]))
        for row in db.execute(
            "SELECT article_id, sentence FROM places WHERE lower(name) = ? OR lower(text) = ? "
            "OR CAST(geonameid AS TEXT) = ?",
            (pattern, pattern, pattern),
        )
    }


def sentence_rows(db: sqlite3.Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The sentences of the articles in ``ids`` with the day each talks about, in text order."""
    sql = (
        'SELECT article_id, "index", text, date, date_precision, date_from, date_confidence '
        'FROM sentences WHERE article_id IN ({ids}) ORDER BY article_id, "index"'
    )
    return [dict(row) for row in _rows_in(db, sql, list(ids))]


def timex_rows(db: sqlite3.Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    """article_id, sentence, type, value, how of the DATE and TIME expressions of the articles in ``ids``."""
    sql = (
        "SELECT article_id, sentence, type, value, how FROM timexes "
        "WHERE article_id IN ({ids}) AND type IN ('DATE', 'TIME')"
    )
    return [dict(row) for row in _rows_in(db, sql, list(ids))]


def sentence_quotes(db: sqlite3.Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    """article_id, sentence, content, speaker, speaker_text of the quotes of the articles in ``ids``."""
    sql = (
        "SELECT q.article_id, q.sentence, q.content, q.speaker, q.speaker_text, a.name AS speaker_name "
        "FROM quotes q LEFT JOIN actors a ON a.id = q.speaker WHERE q.article_id IN ({ids}) "
        "ORDER BY q.article_id, q.start"
    )
    return [dict(row) for row in _rows_in(db, sql, list(ids))]


def dated_article_count(db: sqlite3.Connection, *, date_from: str | None = None, date_to: str | None = None) -> int:
    """Original articles with a publication date, in range."""
    extra, params = _range("published", date_from, date_to)
    sql = f"SELECT count(*) FROM articles WHERE published IS NOT NULL AND duplicate_of IS NULL{extra}"
    return int(db.execute(sql, params).fetchone()[0])


def undated_article_count(db: sqlite3.Connection) -> int:
    """Original articles stored without a publication date."""
    sql = "SELECT count(*) FROM articles WHERE published IS NULL AND duplicate_of IS NULL"
    return int(db.execute(sql).fetchone()[0])
