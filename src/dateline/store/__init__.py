"""The embedded store: one SQLite file, the only module that speaks SQL."""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dateline.model import (
    Actor,
    AnnotatedArticle,
    Article,
    Entity,
    Event,
    Place,
    Quote,
    Sentence,
    TimeExpr,
    to_dict,
)
from dateline.store.schema import SCHEMA_VERSION, SchemaError, migrate

__all__ = [
    "ANNOTATION_TABLES",
    "DEFAULT_DB",
    "SCHEMA_VERSION",
    "SchemaError",
    "Store",
    "StoreError",
    "fts_query",
    "open_store",
    "search_where",
]

DEFAULT_DB = "dateline.db"

# Record type of every annotation table; columns are the record's fields.
ANNOTATION_TABLES: dict[str, type] = {
    "sentences": Sentence,
    "timexes": TimeExpr,
    "entities": Entity,
    "places": Place,
    "quotes": Quote,
    "events": Event,
}
_ARTICLE_COLUMNS = (
    "id",
    "published",
    "date_from",
    "source",
    "dateline_place",
    "title",
    "text",
    "url",
    "path",
    "duplicate_of",
    "warnings",
    "annotated_by",
    "ingested_at",
)


class StoreError(RuntimeError):
    """The store cannot be opened or read as asked."""


def open_store(path: str | Path = DEFAULT_DB, *, readonly: bool = False) -> Store:
    """Open (creating and migrating if needed) the store at ``path``."""
    return Store(path, readonly=readonly)


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, tuple | list | dict):
        return json.dumps(to_dict(value), ensure_ascii=False)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _row(record: Any) -> tuple[Any, ...]:
    return tuple(_value(getattr(record, f.name)) for f in dataclasses.fields(record))


def _columns(cls: type) -> str:
    return ", ".join(f'"{f.name}"' for f in dataclasses.fields(cls))


class Store:
    """A dateline database. Writes happen in batches, one transaction each."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            if not self.path.exists():
                raise StoreError(f"E103 no database at {self.path}: run `dateline ingest` first")
            uri = f"file:{self.path.resolve()}?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            if self.path.parent and not self.path.parent.exists():
                raise StoreError(f"E104 folder {self.path.parent} does not exist")
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.row_factory = sqlite3.Row
        try:
            if readonly:
                version = self.db.execute("PRAGMA user_version").fetchone()[0]
                if 0 < version < SCHEMA_VERSION and os.access(self.path, os.W_OK):
                    # A store written by an older dateline: migrations only add, so bring it forward once.
                    Store(self.path).close()
                    version = self.db.execute("PRAGMA user_version").fetchone()[0]
                if version != SCHEMA_VERSION:
                    raise SchemaError(
                        f"E105 {self.path} has schema version {version}, this dateline reads "
                        f"{SCHEMA_VERSION}: open it once for writing to migrate (e.g. `dateline ingest`)"
                    )
            else:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                migrate(self.db)
            self.db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as error:
            self.db.close()
            raise StoreError(f"E106 {self.path} is not a dateline database ({error})") from None
        except SchemaError:
            self.db.close()
            raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing --------------------------------------------------------------------------

    def write_batch(
        self,
        docs: Sequence[AnnotatedArticle],
        *,
        copies: Iterable[tuple[str, Article]] = (),
        signatures: Iterable[tuple[str, bytes]] = (),
        actors: Iterable[Actor] = (),
    ) -> None:
        """Store articles with all their annotations, and linked copies, in one transaction.

        Re-writing an article that is already stored changes nothing (upsert by content hash).
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            for doc in docs:
                article = doc.article
                cursor = db.execute(
                    f"INSERT OR IGNORE INTO articles ({', '.join(_ARTICLE_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(_ARTICLE_COLUMNS))})",
                    (
                        article.id,
                        _value(article.published),
                        article.date_from,
                        article.source,
                        article.dateline_place,
                        article.title,
                        article.text,
                        article.url,
                        article.path,
                        article.duplicate_of,
                        _value(article.warnings),
                        _value(doc.done),
                        now,
                    ),
                )
                if cursor.rowcount == 0:
                    continue
                self._write_annotations(doc)
            db.executemany(
                "INSERT OR IGNORE INTO copies (path, article_id, source, published, title, url) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(path, a.id, a.source, _value(a.published), a.title, a.url) for path, a in copies],
            )
            db.executemany("INSERT OR IGNORE INTO minhashes VALUES (?, ?)", list(signatures))
            self._write_actors(actors)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def replace_annotations(self, docs: Sequence[AnnotatedArticle]) -> None:
        """Replace every annotation of already stored articles with those of ``docs``, in one transaction.

        Real-world events citing a replaced event are removed: run resolution afterwards to rebuild them.
        """
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            for doc in docs:
                key = (doc.article.id,)
                groups = [
                    (row[0],)
                    for row in db.execute(
                        "SELECT r.group_id FROM event_reports r JOIN events e ON e.id = r.event_id "
                        "WHERE e.article_id = ? UNION SELECT g.id FROM event_groups g "
                        "JOIN events e ON e.id = g.event_id WHERE e.article_id = ?",
                        key * 2,
                    )
                ]
                db.executemany("DELETE FROM event_reports WHERE group_id = ?", groups)
                db.executemany("DELETE FROM event_groups WHERE id = ?", groups)
                for table in ANNOTATION_TABLES:
                    db.execute(f"DELETE FROM {table} WHERE article_id = ?", key)
                db.execute("UPDATE articles SET annotated_by = ? WHERE id = ?", (_value(doc.done), *key))
                self._write_annotations(doc)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _write_annotations(self, doc: AnnotatedArticle) -> None:
        for table, cls in ANNOTATION_TABLES.items():
            records = getattr(doc, table)
            if records:
                self.db.executemany(
                    f"INSERT OR IGNORE INTO {table} ({_columns(cls)}) "
                    f"VALUES ({', '.join('?' * len(dataclasses.fields(cls)))})",
                    [_row(record) for record in records],
                )
        self._write_actors(doc.actors)

    def _write_actors(self, actors: Iterable[Actor]) -> None:
        self.db.executemany(
            f"INSERT INTO actors ({_columns(Actor)}) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET aliases = excluded.aliases, roles = excluded.roles",
            [_row(actor) for actor in actors],
        )

    def record_run(
        self,
        command: str,
        started: datetime,
        seconds: float,
        report: dict[str, Any],
        stage_stats: dict[tuple[str, str], float],
    ) -> int:
        """Keep what a run did, so `dateline stats` can show where time and documents went."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            cursor = self.db.execute(
                "INSERT INTO runs (command, started, seconds, report) VALUES (?, ?, ?, ?)",
                (command, started.isoformat(timespec="seconds"), seconds, json.dumps(report)),
            )
            run_id = int(cursor.lastrowid or 0)
            self.db.executemany(
                "INSERT INTO stage_stats VALUES (?, ?, ?, ?)",
                [(run_id, stage, counter, value) for (stage, counter), value in stage_stats.items()],
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return run_id

    # --- reading --------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def duplicate_of(self, article_id: str) -> str | None:
        """The original a stored article is a near-duplicate of; None for originals and unknown ids."""
        row = self.db.execute("SELECT duplicate_of FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else row[0]

    def path_article(self, path: str) -> str | None:
        """The article a path was read into before, if it was."""
        row = self.db.execute("SELECT article_id FROM copies WHERE path = ?", (path,)).fetchone()
        return None if row is None else str(row[0])

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """MinHash signatures of every original (non-duplicate) article."""
        yield from self.db.execute(
            "SELECT m.article_id, m.signature FROM minhashes m JOIN articles a ON a.id = m.article_id "
            "WHERE a.duplicate_of IS NULL ORDER BY a.rowid"
        )

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article (by id or unique id prefix) with its annotations, copies and duplicates."""
        rows = self.db.execute("SELECT * FROM articles WHERE id LIKE ? || '%' LIMIT 2", (article_id,)).fetchall()
        if len(rows) != 1 or len(article_id) < 4:
            return None
        record = _decode(dict(rows[0]))
        key = record["id"]
        for table in ANNOTATION_TABLES:
            order = {"sentences": '"index"', "events": "sentence, trigger_start"}.get(table, "start")
            record[table] = [
                _decode(dict(row))
                for row in self.db.execute(f"SELECT * FROM {table} WHERE article_id = ? ORDER BY {order}", (key,))
            ]
        record["copies"] = [
            dict(row)
            for row in self.db.execute(
                "SELECT path, source, published, title, url FROM copies WHERE article_id = ? ORDER BY path", (key,)
            )
        ]
        record["duplicates"] = [
            dict(row)
            for row in self.db.execute(
                "SELECT id, source, published, title, path FROM articles WHERE duplicate_of = ? ORDER BY rowid", (key,)
            )
        ]
        return record

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        date_from: str | None = None,
        date_to: str | None = None,
        source: str | None = None,
        include_duplicates: bool = False,
    ) -> list[dict[str, Any]]:
        """Articles matching a full-text query, best first, with a highlighted snippet."""
        where, params = search_where(query, date_from, date_to, source, include_duplicates=include_duplicates)
        sql = (
            "SELECT a.id, a.published, a.source, a.title, a.dateline_place, a.path, "
            "snippet(articles_fts, 1, '[', ']', ' … ', 24) AS snippet, bm25(articles_fts) AS rank "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            f"WHERE {where} ORDER BY rank LIMIT ? OFFSET ?"
        )
        try:
            rows = self.db.execute(sql, (*params, limit, offset)).fetchall()
        except sqlite3.OperationalError as error:
            raise StoreError(f"E107 cannot search for {query!r}: {error}") from None
        return [dict(row) for row in rows]

    def counts(self) -> dict[str, Any]:
        """How much the store holds."""
        one = self.db.execute
        result: dict[str, Any] = {
            "articles": one("SELECT count(*) FROM articles").fetchone()[0],
            "originals": one("SELECT count(*) FROM articles WHERE duplicate_of IS NULL").fetchone()[0],
            "near_duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0],
            "exact_copies": one(
                "SELECT count(*) FROM copies c JOIN articles a ON a.id = c.article_id WHERE c.path IS NOT a.path"
            ).fetchone()[0],
            "undated": one("SELECT count(*) FROM articles WHERE published IS NULL").fetchone()[0],
        }
        span = one("SELECT min(published), max(published) FROM articles").fetchone()
        result["first_published"], result["last_published"] = span[0], span[1]
        for table in (*ANNOTATION_TABLES, "actors"):
            result[table] = one(f"SELECT count(*) FROM {table}").fetchone()[0]
        result["sources"] = {
            row[0] or "(unknown)": row[1]
            for row in one(
                "SELECT source, count(*) FROM articles WHERE duplicate_of IS NULL "
                "GROUP BY source ORDER BY count(*) DESC, source LIMIT 20"
            )
        }
        return result

    def recalled_sentences(self, limit: int = 8) -> list[dict[str, Any]]:
        """Sentences explicitly dated to a day before their article's publication day.

        These are what publication-day dating gets wrong; one per date, earliest first.
        """
        rows = self.db.execute(
            "SELECT s.date, s.text, a.published, a.source, a.id FROM sentences s "
            "JOIN articles a ON a.id = s.article_id "
            "WHERE s.date_from = 'explicit' AND s.date_precision = 'day' AND s.date < a.published "
            "AND a.duplicate_of IS NULL GROUP BY s.date ORDER BY s.date LIMIT ?",
            (limit,),
        )
        return [dict(row) for row in rows]

    def last_runs(self, limit: int = 5) -> list[dict[str, Any]]:
        runs = []
        for row in self.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,)):
            run = dict(row)
            run["report"] = json.loads(run["report"])
            run["stages"] = [
                dict(stat)
                for stat in self.db.execute(
                    "SELECT stage, counter, value FROM stage_stats WHERE run_id = ? ORDER BY stage, counter",
                    (run["id"],),
                )
            ]
            runs.append(run)
        return runs

    def rows(self, table: str, *, where: str = "", params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Every row of a table as plain values (JSON columns decoded), in stored order."""
        if table not in EXPORT_TABLES:
            raise StoreError(f"E108 unknown table {table!r}; tables: {', '.join(EXPORT_TABLES)}")
        sql = f"SELECT * FROM {table}" + (f" WHERE {where}" if where else "") + " ORDER BY rowid"
        for row in self.db.execute(sql, tuple(params)):
            yield _decode(dict(row))


EXPORT_TABLES = ("articles", "copies", *ANNOTATION_TABLES, "actors")
_JSON_COLUMNS = frozenset({"warnings", "annotated_by", "aliases", "roles", "context"})


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for key in _JSON_COLUMNS & row.keys():
        if isinstance(row[key], str):
            row[key] = json.loads(row[key])
    return row


def search_where(
    query: str,
    date_from: str | None = None,
    date_to: str | None = None,
    source: str | None = None,
    *,
    include_duplicates: bool = False,
) -> tuple[str, list[Any]]:
    """The WHERE clause (over ``articles_fts`` joined to ``articles a``) of a full-text search, and its parameters."""
    where = ["articles_fts MATCH ?"]
    params: list[Any] = [fts_query(query)]
    if not include_duplicates:
        where.append("a.duplicate_of IS NULL")
    for clause, value in (("a.published >= ?", date_from), ("a.published <= ?", date_to), ("a.source = ?", source)):
        if value:
            where.append(clause)
            params.append(value)
    return " AND ".join(where), params


def fts_query(query: str) -> str:
    """A user's words as an FTS5 query: bare words are ANDed, quoted phrases kept, syntax allowed.

    Plain input such as ``al-Sarraj's`` would be an FTS5 syntax error; each bare word is quoted
    unless the user clearly wrote FTS5 (AND/OR/NOT/NEAR, a trailing *, or a column filter).
    """
    tokens = _tokens(query)
    if any(t in {"AND", "OR", "NOT"} or t.startswith("NEAR(") or t.endswith("*") for t in tokens):
        return query
    return " ".join(t if t.startswith('"') else '"' + t.replace('"', "") + '"' for t in tokens)


def _tokens(query: str) -> list[str]:
    out, current, quoted = [], "", False
    for char in query:
        if char == '"':
            current += char
            quoted = not quoted
            if not quoted:
                out.append(current)
                current = ""
        elif char.isspace() and not quoted:
            if current:
                out.append(current)
            current = ""
        else:
            current += char
    if current.strip('"'):
        out.append(current if not quoted else current + '"')
    return out
