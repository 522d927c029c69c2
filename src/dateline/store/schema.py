"""The schema, as numbered forward-only migrations. ``PRAGMA user_version`` holds the number applied."""

from __future__ import annotations

import sqlite3

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SchemaError", "migrate"]


_V1 = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    published TEXT,
    date_from TEXT NOT NULL,
    source TEXT,
    dateline_place TEXT,
    title TEXT,
    text TEXT NOT NULL,
    url TEXT,
    path TEXT,
    duplicate_of TEXT REFERENCES articles(id),
    warnings TEXT NOT NULL DEFAULT '[]',
    annotated_by TEXT NOT NULL DEFAULT '[]',
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);

-- Every input read (file, file:line, file#url) and the article it holds: re-reading a
-- path is a no-op, and an exact copy from another path is linked here, not stored twice.
CREATE TABLE copies (
    path TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    source TEXT,
    published TEXT,
    title TEXT,
    url TEXT
);
CREATE INDEX copies_article ON copies(article_id);

CREATE TABLE minhashes (article_id TEXT PRIMARY KEY REFERENCES articles(id), signature BLOB NOT NULL);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='porter unicode61'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles(id),
    "index" INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    date TEXT,
    date_precision TEXT,
    date_from TEXT,
    date_confidence REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, "index")
);
CREATE INDEX sentences_date ON sentences(date);

CREATE TABLE timexes (
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    anchor TEXT,
    how TEXT NOT NULL,
    sentence INTEGER NOT NULL,
    mod TEXT,
    stage TEXT NOT NULL
);
CREATE INDEX timexes_article ON timexes(article_id);
CREATE INDEX timexes_value ON timexes(value);

CREATE TABLE entities (
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    actor TEXT,
    sentence INTEGER NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX entities_article ON entities(article_id);
CREATE INDEX entities_actor ON entities(actor);

CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    name TEXT NOT NULL,
    geonameid INTEGER,
    country TEXT,
    latitude REAL,
    longitude REAL,
    feature TEXT NOT NULL,
    confidence REAL NOT NULL,
    sentence INTEGER NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX places_article ON places(article_id);

CREATE TABLE quotes (
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    content TEXT NOT NULL,
    speaker TEXT,
    speaker_text TEXT,
    cue TEXT,
    direct INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    speaker_start INTEGER NOT NULL,
    speaker_end INTEGER NOT NULL,
    cue_start INTEGER NOT NULL,
    cue_end INTEGER NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker);

CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    aliases TEXT NOT NULL DEFAULT '[]',
    roles TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    sentence INTEGER NOT NULL,
    type TEXT NOT NULL,
    trigger TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    mode TEXT,
    context TEXT NOT NULL DEFAULT '[]',
    cameo TEXT,
    quad_class INTEGER,
    source TEXT,
    target TEXT,
    source_text TEXT,
    target_text TEXT,
    date TEXT,
    date_precision TEXT,
    date_from TEXT,
    place TEXT,
    negated INTEGER NOT NULL,
    hypothetical INTEGER NOT NULL,
    future INTEGER NOT NULL,
    reported INTEGER NOT NULL,
    confidence REAL NOT NULL,
    rule TEXT NOT NULL,
    stage TEXT NOT NULL
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_date ON events(date);

-- What each run did, stage by stage: `dateline stats` reads it.
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    started TEXT NOT NULL,
    seconds REAL NOT NULL,
    report TEXT NOT NULL
);
CREATE TABLE stage_stats (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    stage TEXT NOT NULL,
    counter TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (run_id, stage, counter)
);
"""

# Corpus-level resolution: one row per real-world event, with the coded events that report it.
# Rebuilt as a whole after every ingest (resolution is a function of all the events stored).
_V2 = """
CREATE TABLE event_groups (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id),
    type TEXT NOT NULL,
    date TEXT,
    date_precision TEXT,
    source TEXT,
    target TEXT,
    place TEXT,
    reports INTEGER NOT NULL,
    articles INTEGER NOT NULL
);
CREATE INDEX event_groups_date ON event_groups(date);
CREATE TABLE event_reports (
    group_id TEXT NOT NULL REFERENCES event_groups(id),
    event_id TEXT NOT NULL REFERENCES events(id),
    article_id TEXT NOT NULL REFERENCES articles(id),
    PRIMARY KEY (group_id, event_id)
);
CREATE INDEX event_reports_event ON event_reports(event_id);
"""

# Indexes for the entity profile on a corpus of thousands of articles (measured on Timeline17,
# 173,000 mentions: the actors named with one actor 1.1 s -> 0.04 s, the most named actors 0.35 s -> 0.06 s).
_V3 = """
CREATE INDEX entities_sentence ON entities(article_id, sentence, actor);
CREATE INDEX entities_actor_article ON entities(actor, article_id);
DROP INDEX entities_actor;
"""

# Each entry is one migration's SQL; append, never edit one that has shipped.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3)
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaError(RuntimeError):
    """A database written by a newer dateline, or not a dateline database at all."""


def migrate(db: sqlite3.Connection) -> int:
    """Apply every migration the database has not seen, each in its own transaction."""
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"E101 the database has schema version {version}, newer than this dateline's "
            f"{SCHEMA_VERSION}: upgrade dateline"
        )
    if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise SchemaError("E102 the file is an SQLite database, but not a dateline store")
    for number in range(version, SCHEMA_VERSION):
        try:
            db.executescript(f"BEGIN;\n{MIGRATIONS[number]};\nPRAGMA user_version = {number + 1};\nCOMMIT;")
        except sqlite3.Error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION
