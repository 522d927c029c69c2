"""Corpus-level reads and writes: actors merged across articles, events grouped into real-world events.

Resolution itself (who is the same actor, which reports are one event) lives in ``dateline.resolve``;
this module only moves its inputs out of the store and its results back in, each in one transaction.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from dateline.model import Actor, Event, Role
from dateline.store import Store, StoreError

__all__ = [
    "FIRST_DAY_SQL",
    "EventFilter",
    "actor_rows",
    "actors",
    "event_group_ids",
    "event_rows",
    "event_where",
    "events",
    "explain",
    "mention_counts",
    "merge_actors",
    "place_rows",
    "quote_rows",
    "sentence_texts",
    "write_event_groups",
]


def actors(store: Store) -> list[Actor]:
    """Every actor of the store as a record."""
    return [
        Actor(
            id=row["id"],
            name=row["name"],
            kind=row["kind"],
            country=row["country"],
            sector=row["sector"],
            aliases=tuple(json.loads(row["aliases"])),
            roles=tuple(Role(**role) for role in json.loads(row["roles"])),
        )
        for row in store.db.execute("SELECT * FROM actors ORDER BY id")
    ]


def mention_counts(store: Store) -> Counter[str]:
    """How many entity mentions each actor has."""
    return Counter(
        dict(store.db.execute("SELECT actor, count(*) FROM entities WHERE actor IS NOT NULL GROUP BY actor").fetchall())
    )


def merge_actors(store: Store, merges: Mapping[str, str], merged: Iterable[Actor] = ()) -> int:
    """Point every mention, quote and event of an old actor id at its merged id; returns ids merged.

    ``merged`` are the surviving actors with their unioned aliases; the old rows are removed.
    """
    pairs = [(new, old) for old, new in merges.items() if old != new]
    if not pairs:
        return 0
    db = store.db
    db.execute("BEGIN IMMEDIATE")
    try:
        db.executemany("UPDATE entities SET actor = ? WHERE actor = ?", pairs)
        db.executemany("UPDATE quotes SET speaker = ? WHERE speaker = ?", pairs)
        db.executemany("UPDATE events SET source = ? WHERE source = ?", pairs)
        db.executemany("UPDATE events SET target = ? WHERE target = ?", pairs)
        db.executemany("DELETE FROM actors WHERE id = ?", [(old,) for _, old in pairs])
        db.executemany(
            "INSERT INTO actors (id, name, kind, country, sector, aliases, roles) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET aliases = excluded.aliases, roles = excluded.roles, "
            "country = coalesce(actors.country, excluded.country), sector = coalesce(actors.sector, excluded.sector)",
            [
                (
                    a.id,
                    a.name,
                    a.kind,
                    a.country,
                    a.sector,
                    json.dumps(list(a.aliases)),
                    json.dumps([dataclasses.asdict(r) for r in a.roles]),
                )
                for a in merged
            ],
        )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return len(pairs)


_EVENT_FIELDS = tuple(f.name for f in dataclasses.fields(Event))


def _event(row: Mapping[str, Any]) -> Event:
    values = {name: row[name] for name in _EVENT_FIELDS}
    values["context"] = tuple(json.loads(values["context"] or "[]"))
    for flag in ("negated", "hypothetical", "future", "reported"):
        values[flag] = bool(values[flag])
    return Event(**values)


def events(store: Store) -> Iterator[Event]:
    """Every coded event of the originals (duplicates are never annotated), in stored order."""
    for row in store.db.execute("SELECT * FROM events ORDER BY rowid"):
        yield _event(row)


def sentence_texts(store: Store) -> dict[tuple[str, int], str]:
    """(article id, sentence index) -> text, for the sentences that carry events."""
    return {
        (row[0], row[1]): row[2]
        for row in store.db.execute(
            'SELECT s.article_id, s."index", s.text FROM sentences s '
            "JOIN (SELECT DISTINCT article_id, sentence FROM events) e "
            'ON e.article_id = s.article_id AND e.sentence = s."index"'
        )
    }


def write_event_groups(store: Store, groups: Sequence[Any]) -> None:
    """Replace the real-world events (``dateline.resolve.events.ResolvedEvent``) in one transaction."""
    db = store.db
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("DELETE FROM event_reports")
        db.execute("DELETE FROM event_groups")
        db.executemany(
            "INSERT INTO event_groups VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    g.id,
                    g.event.id,
                    g.event.type,
                    g.event.date,
                    g.event.date_precision,
                    g.event.source,
                    g.event.target,
                    g.event.place,
                    len(g.reports),
                    len(g.articles),
                )
                for g in groups
            ],
        )
        db.executemany(
            "INSERT OR IGNORE INTO event_reports VALUES (?, ?, ?)",
            [(g.id, r.event_id, r.article_id) for g in groups for r in g.reports],
        )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


@dataclasses.dataclass(frozen=True, slots=True)
class EventFilter:
    """Which real-world events to list; every field is optional and they combine with AND."""

    actor: str | None = None  # an actor id, or words of its name or an alias
    country: str | None = None  # ISO alpha-3 of the source or target actor
    type: str | None = None  # PLOVER type
    place: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    include_negated: bool = False
    # The confidence of the report shown (a ranking score, not a probability), at least this.
    min_confidence: float | None = None
    limit: int | None = None

    def __post_init__(self) -> None:
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise StoreError(f"E111 minimum confidence {self.min_confidence} is outside 0..1")


# An event date as text that sorts: an ISO week ("2019-W48") becomes its Monday (the week of January 4
# is week 1); days, months and years are themselves.
FIRST_DAY_SQL = (
    "(CASE WHEN g.date GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]' THEN date(substr(g.date, 1, 4) || '-01-04', "
    "'-' || ((CAST(strftime('%w', substr(g.date, 1, 4) || '-01-04') AS INTEGER) + 6) % 7) || ' days', "
    "'+' || ((CAST(substr(g.date, 7, 2) AS INTEGER) - 1) * 7) || ' days') ELSE g.date END)"
)


def event_where(where: EventFilter) -> tuple[str, dict[str, Any]]:
    """The WHERE clause (or "") and its named parameters for ``event_groups g``, ``events e`` and the
    source and target actors ``sa`` and ``ta``: shared by the CLI/API listing and the web explorer."""
    clauses: list[str] = []
    if where.actor:
        actor_ids = "SELECT id FROM actors WHERE id = :actor OR name LIKE :actor_like OR aliases LIKE :actor_like"
        clauses.append(f"(g.source IN ({actor_ids}) OR g.target IN ({actor_ids}))")
    if where.type:
        clauses.append("g.type = :type")
    if where.country:
        clauses.append("(sa.country = :country OR ta.country = :country)")
    if where.place:
        clauses.append("g.place LIKE :place")
    # A date bound of any precision ("2020", "2020-01") compares with the same-length prefix of the date
    # (a week's, "2020-W01", is its first day's).
    if where.date_from:
        clauses.append(f"substr({FIRST_DAY_SQL}, 1, length(:date_from)) >= :date_from")
    if where.date_to:
        clauses.append(f"substr({FIRST_DAY_SQL}, 1, length(:date_to)) <= :date_to")
    if not where.include_negated:
        clauses.append("e.negated = 0")
    if where.min_confidence is not None:
        clauses.append("e.confidence >= :min_confidence")
    params = {
        "actor": where.actor,
        "actor_like": f"%{where.actor}%",
        "type": (where.type or "").upper(),
        "country": (where.country or "").upper(),
        "place": f"%{where.place}%",
        "date_from": where.date_from,
        "date_to": where.date_to,
        "min_confidence": where.min_confidence,
    }
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def event_rows(store: Store, where: EventFilter = EventFilter()) -> list[dict[str, Any]]:
    """Real-world events with their best report, actors, sentence and every reporting article, by date."""
    sql = [
        "SELECT g.id AS id, g.date, g.date_precision, g.type, e.mode, e.cameo, e.quad_class,",
        "  g.source, sa.name AS source_name, sa.country AS source_country, sa.sector AS source_sector,",
        "  e.source_text, g.target, ta.name AS target_name, ta.country AS target_country,",
        "  ta.sector AS target_sector, e.target_text, g.place, e.trigger, e.negated, e.hypothetical,",
        "  e.future, e.reported, e.confidence, e.rule, e.date_from, g.reports, g.articles,",
        "  e.article_id, e.sentence, s.text AS sentence_text, a.published, a.source AS outlet, a.url,",
        "  e.id AS event_id, p.latitude AS place_latitude, p.longitude AS place_longitude,",
        "  p.country AS place_country, p.geonameid AS place_geonameid",
        "FROM event_groups g JOIN events e ON e.id = g.event_id",
        "JOIN articles a ON a.id = e.article_id",
        'LEFT JOIN sentences s ON s.article_id = e.article_id AND s."index" = e.sentence',
        "LEFT JOIN actors sa ON sa.id = g.source LEFT JOIN actors ta ON ta.id = g.target",
        "LEFT JOIN places p ON p.rowid = (SELECT min(rowid) FROM places",
        "  WHERE article_id = e.article_id AND (name = g.place OR text = g.place))",
    ]
    clause, params = event_where(where)
    if clause:
        sql.append(clause)
    sql.append("ORDER BY g.date IS NULL, g.date, g.type, g.id")
    if where.limit:
        sql.append(f"LIMIT {int(where.limit)}")
    rows = [dict(row) for row in store.db.execute("\n".join(sql), params)]
    if rows:
        reports: dict[str, list[dict[str, Any]]] = {}
        for row in store.db.execute(
            "SELECT r.group_id, r.article_id, a.source, a.published, e.sentence FROM event_reports r "
            "JOIN articles a ON a.id = r.article_id JOIN events e ON e.id = r.event_id ORDER BY a.published"
        ):
            reports.setdefault(row[0], []).append(
                {"article": row[1], "outlet": row[2], "published": row[3], "sentence": row[4]}
            )
        for row in rows:
            row["sources"] = reports.get(row["id"], [])
            for flag in ("negated", "hypothetical", "future", "reported"):
                row[flag] = bool(row[flag])
    return rows


def event_group_ids(store: Store) -> dict[str, str]:
    """The real-world event (group id) each coded event was resolved into."""
    return dict(store.db.execute("SELECT event_id, group_id FROM event_reports").fetchall())


def explain(store: Store, event_id: str) -> dict[str, Any] | None:
    """A coded event (by its id, its real-world event's id, or a unique prefix of either) and why it was coded.

    Returns the event, the sentence with the trigger and actor phrases, the rule steps that fired,
    the date and how it was found, and every report of the same real-world event.
    """
    if len(event_id) < 4:
        return None
    like = (f"{event_id}%",)
    ids = [row[0] for row in store.db.execute("SELECT id FROM events WHERE id LIKE ? LIMIT 2", like)]
    if not ids:
        ids = [row[0] for row in store.db.execute("SELECT event_id FROM event_groups WHERE id LIKE ? LIMIT 2", like)]
    if len(ids) != 1:
        return None
    row = store.db.execute(
        "SELECT e.*, s.text AS sentence_text, s.start AS sentence_start, a.published, a.source AS outlet, "
        "a.title, g.id AS group_id FROM events e JOIN articles a ON a.id = e.article_id "
        'LEFT JOIN sentences s ON s.article_id = e.article_id AND s."index" = e.sentence '
        "LEFT JOIN event_reports r ON r.event_id = e.id LEFT JOIN event_groups g ON g.id = r.group_id "
        "WHERE e.id = ?",
        (ids[0],),
    ).fetchone()
    record = dict(row)
    record["context"] = json.loads(record["context"] or "[]")
    for flag in ("negated", "hypothetical", "future", "reported"):
        record[flag] = bool(record[flag])
    record["steps"] = [step.strip() for step in (record["rule"] or "").split(";") if step.strip()]
    for side in ("source", "target"):
        actor = store.db.execute("SELECT name, kind, country, sector FROM actors WHERE id = ?", (record[side],))
        found = actor.fetchone()
        record[f"{side}_actor"] = dict(found) if found else None
    record["reports"] = [
        dict(report)
        for report in store.db.execute(
            "SELECT r.event_id, r.article_id, a.published, a.source AS outlet, e.date, e.date_from, s.text "
            "FROM event_reports r JOIN events e ON e.id = r.event_id JOIN articles a ON a.id = r.article_id "
            'LEFT JOIN sentences s ON s.article_id = e.article_id AND s."index" = e.sentence '
            "WHERE r.group_id = ? ORDER BY a.published, r.article_id",
            (record["group_id"],),
        )
    ]
    return record


def actor_rows(
    store: Store,
    *,
    kind: str | Sequence[str] | None = None,
    country: str | None = None,
    words: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Actors with their mention and article counts and the first and last day they were reported, most named first.

    ``kind`` is one kind or several; ``words`` matches the id, name or aliases.
    """
    clauses, params = ["a.duplicate_of IS NULL"], []
    kinds = [kind] if isinstance(kind, str) else list(kind or ())
    if kinds:
        clauses.append(f"r.kind IN ({', '.join('?' * len(kinds))})")
        params += [k.upper() for k in kinds]
    if country:
        clauses.append("r.country = ?")
        params.append(country.upper())
    if words:
        clauses.append("(r.id = ? OR r.name LIKE ? OR r.aliases LIKE ?)")
        params += [words, f"%{words}%", f"%{words}%"]
    page = " LIMIT ? OFFSET ?" if limit else ""
    rows = store.db.execute(
        "SELECT r.id, r.name, r.kind, r.country, r.sector, r.aliases, count(*) AS mentions, "
        "count(DISTINCT e.article_id) AS articles, min(a.published) AS first, max(a.published) AS last "
        "FROM actors r JOIN entities e ON e.actor = r.id JOIN articles a ON a.id = e.article_id "
        f"WHERE {' AND '.join(clauses)} GROUP BY r.id ORDER BY mentions DESC, r.name{page}",
        [*params, *([limit, offset] if limit else [])],
    )
    return [{**dict(row), "aliases": json.loads(row["aliases"])} for row in rows]


def quote_rows(
    store: Store,
    *,
    speaker: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int | None = 100,
) -> list[dict[str, Any]]:
    """Who said what: quotes with their speaker (actor name where resolved) and article, by publication date."""
    clauses, params = ["a.duplicate_of IS NULL"], []
    if speaker:
        clauses.append("(q.speaker = ? OR r.name LIKE ? OR r.aliases LIKE ? OR q.speaker_text LIKE ?)")
        params += [speaker, *[f"%{speaker}%"] * 3]
    if date_from:
        clauses.append("a.published >= ?")
        params.append(date_from)
    if date_to:
        clauses.append("a.published <= ?")
        params.append(date_to)
    rows = store.db.execute(
        "SELECT a.published, a.source AS outlet, q.article_id, q.sentence, q.speaker, r.name AS speaker_name, "
        "r.country AS speaker_country, q.speaker_text, q.cue, q.direct, q.content, q.start, q.end "
        "FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN actors r ON r.id = q.speaker "
        f"WHERE {' AND '.join(clauses)} ORDER BY a.published, q.article_id, q.start" + (" LIMIT ?" if limit else ""),
        [*params, *([limit] if limit else [])],
    )
    return [{**dict(row), "direct": bool(row["direct"])} for row in rows]


def place_rows(store: Store, *, country: str | None = None, limit: int | None = 100) -> list[dict[str, Any]]:
    """Places named in the corpus, one row per gazetteer entry (or name when unresolved), most named first."""
    clauses, params = ["a.duplicate_of IS NULL"], []
    if country:
        clauses.append("p.country = ?")
        params.append(country.upper())
    rows = store.db.execute(
        "SELECT coalesce(CAST(p.geonameid AS TEXT), p.name) AS key, p.name, p.geonameid, p.country, p.feature, "
        "avg(p.latitude) AS latitude, avg(p.longitude) AS longitude, count(*) AS mentions, "
        "count(DISTINCT p.article_id) AS articles FROM places p JOIN articles a ON a.id = p.article_id "
        f"WHERE {' AND '.join(clauses)} GROUP BY key ORDER BY mentions DESC, p.name" + (" LIMIT ?" if limit else ""),
        [*params, *([limit] if limit else [])],
    )
    return [dict(row) for row in rows]
