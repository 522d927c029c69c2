"""The public functions: every `dateline` command is a thin wrapper over one of these."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from dateline.engines.local import LocalEngine, default_workers
from dateline.engines.parquet import AnnotateReport, LoadReport, annotate_to_parquet, load_parquet
from dateline.ingest import NearDuplicates, Problem, ReadOptions, read_paths, signature
from dateline.model import Actor, AnnotatedArticle, Article, to_dict
from dateline.resolve.actors import merged_actor_ids
from dateline.resolve.events import resolve_events
from dateline.store import DEFAULT_DB, Store, corpus, open_store
from dateline.store.export import GDELT_COLUMNS, export_rows, export_table, gdelt_rows
from dateline.timeline.store import StoreTimeline, TimelineQuery, store_timeline

__all__ = [
    "IngestError",
    "IngestReport",
    "ResolveReport",
    "annotate",
    "annotate_parquet",
    "demo",
    "entities",
    "entity",
    "events",
    "explain",
    "export",
    "export_events",
    "ingest",
    "load",
    "places",
    "quotes",
    "resolve",
    "sample_corpus",
    "search",
    "show",
    "stats",
    "timeline",
    "timeml",
]

log = logging.getLogger("dateline")

Progress = Callable[[int], None]


class IngestError(RuntimeError):
    """Ingest stopped before writing anything (``strict`` and bad input)."""


@dataclass(slots=True)
class IngestReport:
    """What one ingest did: every input item is counted exactly once."""

    read: int = 0
    new: int = 0
    unchanged: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    undated: int = 0
    annotated: int = 0
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    resolution: ResolveReport | None = None

    @property
    def ok(self) -> bool:
        return not self.skipped

    def summary(self) -> str:
        reasons = Counter(p.message.split(" (")[0] for p in self.skipped)
        why = "; ".join(f"{n} {reason}" for reason, n in reasons.most_common())
        return (
            f"read {self.read}, new {self.new}, unchanged {self.unchanged}, "
            f"duplicates {self.exact_duplicates + self.near_duplicates} "
            f"({self.exact_duplicates} exact, {self.near_duplicates} near), "
            f"undated {self.undated}, skipped {len(self.skipped)}"
            + (f" ({why})" if why else "")
            + f" in {self.seconds:.1f}s"
        )

    def to_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data["skipped"] = [{"path": p.path, "line": p.line, "message": p.message} for p in self.skipped]
        data["duplicates"] = self.exact_duplicates + self.near_duplicates
        data["resolution"] = dataclasses.asdict(self.resolution) if self.resolution else None
        return data


@dataclass(frozen=True, slots=True)
class ResolveReport:
    """What corpus-level resolution did: actor ids merged, coded events grouped into real-world events."""

    actors_merged: int
    events: int
    event_groups: int
    seconds: float


def resolve(*, db: str | Path = DEFAULT_DB) -> ResolveReport:
    """Merge actors across articles and group the events that report one real-world event.

    ``ingest`` runs this after every run that annotated something; it is idempotent.
    """
    with open_store(db) as store:
        return _resolve(store)


def _resolve(store: Store) -> ResolveReport:
    began = time.perf_counter()
    known = corpus.actors(store)
    mentions = corpus.mention_counts(store)
    merges = merged_actor_ids([known], mentions=mentions)
    by_id = {actor.id: actor for actor in known}
    survivors: dict[str, Actor] = {}
    for old, new in merges.items():
        keep = survivors.get(new) or by_id.get(new)
        gone = by_id.get(old)
        if keep is None or gone is None:
            continue
        aliases = tuple(dict.fromkeys((*keep.aliases, gone.name, *gone.aliases)))
        survivors[new] = dataclasses.replace(keep, aliases=tuple(a for a in aliases if a != keep.name))
    merged = corpus.merge_actors(store, merges, survivors.values())
    coded = list(corpus.events(store))
    groups = resolve_events(coded, corpus.sentence_texts(store))
    corpus.write_event_groups(store, groups)
    return ResolveReport(merged, len(coded), len(groups), round(time.perf_counter() - began, 3))


def ingest(
    paths: Sequence[str],
    *,
    db: str | Path = DEFAULT_DB,
    options: ReadOptions = ReadOptions(),
    annotate: bool = True,
    stages: Sequence[str] | None = None,
    workers: int | None = None,
    batch_size: int = 64,
    strict: bool = False,
    allow_undated: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Read, deduplicate, annotate and store articles; each batch is one transaction.

    Idempotent: a path already read is skipped, an article already stored is not written
    again, so re-running after a crash completes the job. An article without a publication
    date is skipped with a reason unless ``allow_undated`` (then it is stored undated).
    """
    began, started = time.perf_counter(), datetime.now(UTC)
    report = IngestReport()
    items: Iterable[Article | Problem] = read_paths(paths, options)
    if not allow_undated:
        items = (_require_date(item) for item in items)
    if strict:
        items = list(items)
        problems = [item for item in items if isinstance(item, Problem)]
        if problems:
            raise IngestError(
                f"E201 {len(problems)} input(s) could not be read; nothing was stored (--strict):\n"
                + "\n".join(f"  {p}" for p in problems)
            )
    with (
        open_store(db) as store,
        LocalEngine(stages if annotate else (), workers=workers or default_workers()) as engine,
    ):
        index = NearDuplicates()
        for key, data in store.signatures():
            index.add(key, NearDuplicates.from_bytes(data))
        pending: list[Article] = []
        for item in items:
            if isinstance(item, Problem):
                report.skipped.append(item)
                log.info("skipped %s", item)
                if progress:
                    progress(1)
                continue
            pending.append(item)
            if len(pending) >= batch_size:
                _ingest_batch(pending, store, engine, index, report, progress)
                pending = []
        if pending:
            _ingest_batch(pending, store, engine, index, report, progress)
        if report.annotated:
            report.resolution = _resolve(store)
            store.db.execute("PRAGMA optimize")  # fresh statistics for the query planner
        report.seconds = time.perf_counter() - began
        store.record_run(
            "ingest",
            started,
            report.seconds,
            {k: v for k, v in report.to_json().items() if k not in {"skipped", "warnings", "stages"}},
            {(stage, "seconds"): value for stage, value in report.stages.items()},
        )
    return report


def _require_date(item: Article | Problem) -> Article | Problem:
    if isinstance(item, Article) and item.published is None:
        return Problem(
            item.path or item.id,
            "no publication date (give --date, a dated file or folder name, or --allow-undated)",
        )
    return item


def _ingest_batch(
    batch: list[Article],
    store: Store,
    engine: LocalEngine,
    index: NearDuplicates,
    report: IngestReport,
    progress: Progress | None,
) -> None:
    """Decide what each article is (new, copy, near-duplicate), annotate the new ones, write all."""
    copies: list[tuple[str, Article]] = []
    originals: list[Article] = []
    duplicates: list[Article] = []
    signatures: list[tuple[str, bytes]] = []
    seen: dict[str, Article] = {}
    for article in batch:
        report.read += 1
        path = article.path or article.id
        if store.path_article(path) is not None:
            report.unchanged += 1
            continue
        copies.append((path, article))
        if article.id in seen or store.has_article(article.id):
            report.exact_duplicates += 1
            continue
        seen[article.id] = article
        report.warnings.extend(f"{path}: {w}" for w in article.warnings)
        if article.published is None:
            report.undated += 1
        minhash = signature(article.text)
        signatures.append((article.id, NearDuplicates.to_bytes(minhash)))
        original = index.original_of(minhash)
        if original is not None:
            duplicates.append(dataclasses.replace(article, duplicate_of=original))
            report.near_duplicates += 1
        else:
            index.add(article.id, minhash)
            originals.append(article)
    docs = list(engine.annotate(originals)) if engine.stages else [AnnotatedArticle(a) for a in originals]
    for doc in docs:
        for stage, counter, value in doc.stats:
            if counter == "seconds":
                report.stages[stage] = report.stages.get(stage, 0.0) + value
    report.annotated += len(docs) if engine.stages else 0
    report.new += len(docs) + len(duplicates)
    # Duplicates first would break the foreign key to their originals: write originals first.
    store.write_batch([*docs, *(AnnotatedArticle(a) for a in duplicates)], copies=copies, signatures=signatures)
    if progress:
        progress(len(batch))


def annotate(
    paths: Sequence[str],
    *,
    options: ReadOptions = ReadOptions(),
    stages: Sequence[str] | None = None,
    workers: int = 1,
    problems: list[Problem] | None = None,
) -> Iterator[dict[str, Any]]:
    """Read and annotate without a store: one JSON-ready object per article (the public contract)."""
    articles: list[Article] = []
    for item in read_paths(paths, options):
        if isinstance(item, Problem):
            if problems is not None:
                problems.append(item)
            continue
        articles.append(item)
    with LocalEngine(stages, workers=workers) as engine:
        for doc in engine.annotate(articles):
            yield annotated_json(doc)


def annotated_json(doc: AnnotatedArticle) -> dict[str, Any]:
    """The JSON shape of an annotated article (see DESIGN.md, "JSON output")."""
    data: dict[str, Any] = to_dict(doc.article)
    for name in ("sentences", "entities", "timexes", "places", "quotes", "actors", "events"):
        data[name] = to_dict(getattr(doc, name))
    data["stages"] = list(doc.done)
    return data


def search(query: str, *, db: str | Path = DEFAULT_DB, limit: int = 20, **filters: Any) -> list[dict[str, Any]]:
    """Full-text search over article titles and texts (FTS5), best match first."""
    with open_store(db, readonly=True) as store:
        return store.search(query, limit=limit, **filters)


def show(article_id: str, *, db: str | Path = DEFAULT_DB) -> dict[str, Any] | None:
    """One article by id (or a unique prefix of it) with all its annotations."""
    with open_store(db, readonly=True) as store:
        return store.article(article_id)


def stats(*, db: str | Path = DEFAULT_DB) -> dict[str, Any]:
    """What the store holds and what the last runs did."""
    with open_store(db, readonly=True) as store:
        return {"counts": store.counts(), "runs": store.last_runs()}


def export(table: str, format: str, *, db: str | Path = DEFAULT_DB, out: str | Path | None = None) -> int:
    """Write a table as CSV, JSON lines or Parquet; returns the number of rows."""
    with open_store(db, readonly=True) as store:
        return export_table(store, table, format, out)


def events(
    *,
    db: str | Path = DEFAULT_DB,
    actor: str | None = None,
    country: str | None = None,
    type: str | None = None,
    place: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    include_negated: bool = False,
    min_confidence: float | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Real-world events (each with every article reporting it), by the date they happened.

    ``min_confidence`` (0..1) keeps the events whose shown report has at least that confidence: a
    score that ranks events, not a probability; on news outside conflict reporting, 0.5 is a fair cut.
    """
    where = corpus.EventFilter(
        actor, country, type, place, date_from, date_to, include_negated, min_confidence=min_confidence, limit=limit
    )
    with open_store(db, readonly=True) as store:
        return corpus.event_rows(store, where)


def export_events(rows: list[dict[str, Any]], format: str, out: str | Path | None = None) -> int:
    """Write event rows (from ``events``) as CSV, JSON lines, Parquet or GDELT 2.0 event columns."""
    if format == "gdelt":
        return export_rows(gdelt_rows(rows), "csv", out, columns=list(GDELT_COLUMNS))
    return export_rows(rows, format, out, columns=list(rows[0]) if rows else ["id"])


def explain(event_id: str, *, db: str | Path = DEFAULT_DB) -> dict[str, Any] | None:
    """Why an event (a real-world event id or a coded event id, or a unique prefix) was coded as it was."""
    with open_store(db, readonly=True) as store:
        return corpus.explain(store, event_id)


def timeline(
    query: str | None = None,
    *,
    db: str | Path = DEFAULT_DB,
    actor: str | None = None,
    place: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    n_dates: int | None = None,
    n_sentences: int | None = None,
) -> StoreTimeline:
    """The N most important days for a query, actor or place, each summarised by its K best sentences."""
    with open_store(db, readonly=True) as store:
        return store_timeline(store, TimelineQuery(query, actor, place, date_from, date_to), n_dates, n_sentences)


def entities(
    *,
    db: str | Path = DEFAULT_DB,
    kind: str | None = None,
    country: str | None = None,
    words: str | None = None,
    limit: int | None = 50,
) -> list[dict[str, Any]]:
    """Canonical actors (people, organisations, groups, countries) by how often they are named."""
    with open_store(db, readonly=True) as store:
        return corpus.actor_rows(store, kind=kind, country=country, words=words, limit=limit)


def entity(name: str, *, db: str | Path = DEFAULT_DB) -> dict[str, Any] | None:
    """One actor's profile, by id, name or alias (the most named match): aliases, roles, country and
    sector, mentions per month, quotes, events as source and as target, and the actors named with it."""
    from dateline.store import web_queries as q

    with open_store(db, readonly=True) as store:
        found = corpus.actor_rows(store, words=name, limit=1)
        if not found:
            return None
        actor_id = found[0]["id"]
        profile = q.actor(store.db, actor_id) or {}
        return {
            **profile,
            **found[0],
            "mentions_by_month": q.actor_mentions_by_month(store.db, actor_id),
            "quotes": q.actor_quotes(store.db, actor_id),
            "events_as_source": q.actor_events(store.db, actor_id, "source"),
            "events_as_target": q.actor_events(store.db, actor_id, "target"),
            "co_actors": q.co_actors(store.db, actor_id),
        }


def quotes(
    *,
    db: str | Path = DEFAULT_DB,
    speaker: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int | None = 100,
) -> list[dict[str, Any]]:
    """Who said what: quotes with their speakers, cues and articles, by publication date."""
    with open_store(db, readonly=True) as store:
        return corpus.quote_rows(store, speaker=speaker, date_from=date_from, date_to=date_to, limit=limit)


def places(*, db: str | Path = DEFAULT_DB, country: str | None = None, limit: int | None = 100) -> list[dict[str, Any]]:
    """Places named in the corpus with coordinates and counts, most named first."""
    with open_store(db, readonly=True) as store:
        return corpus.place_rows(store, country=country, limit=limit)


def annotate_parquet(
    paths: Sequence[str],
    out: str | Path,
    *,
    engine: str = "local",
    workers: int = 1,
    master: str | None = None,
    options: ReadOptions = ReadOptions(),
    stages: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> AnnotateReport:
    """Annotate on the local engine or on Spark and write Parquet tables to ``out`` (docs/spark.md)."""
    return annotate_to_parquet(
        paths, out, engine=engine, workers=workers, master=master, stages=stages, options=options, progress=progress
    )


def load(folder: str | Path, *, db: str | Path = DEFAULT_DB) -> LoadReport:
    """Bring a Parquet output of ``annotate --out`` into a store (idempotent), then resolve the corpus."""
    began, started = time.perf_counter(), datetime.now(UTC)
    with open_store(db) as store:
        report = load_parquet(folder, store)
        if report.annotated:
            report.resolution = dataclasses.asdict(_resolve(store))
        store.record_run("load", started, time.perf_counter() - began, report.to_json(), {})
    return report


def timeml(in_dir: str | Path, out_dir: str | Path) -> list[Problem]:
    """Tag every TempEval-3 ``.tml`` file of ``in_dir`` with our TIMEX3s into ``out_dir``; returns problems."""
    from dateline.evaluate.timeml import tag_directory

    return tag_directory(in_dir, out_dir)


def sample_corpus() -> Path:
    """The folder of the bundled sample corpus's articles (Libya, December 2019 – October 2020)."""
    return Path(str(resources.files("dateline") / "samples" / "libya" / "articles"))


def demo(*, db: str | Path = "dateline-demo.db", workers: int | None = None) -> dict[str, Any]:
    """Build a fresh store from the sample corpus and gather what is worth showing from it."""
    path = Path(db)
    if path.exists():
        with open_store(path):  # refuses a file that is not a dateline store before it is removed
            pass
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    report = ingest([str(sample_corpus())], db=path, workers=workers)
    with open_store(path, readonly=True) as store:
        counts = store.counts()
        recalled = store.recalled_sentences(limit=5)
        example = store.search("Berlin conference", limit=1) or store.search("Libya", limit=1)
        actors = corpus.actor_rows(store, kind=("PERSON", "ORG", "GROUP"), limit=8)
        story = store_timeline(store, TimelineQuery(), n_sentences=1)
        reported = corpus.event_rows(store, corpus.EventFilter())
    return {
        "ingest": report,
        "counts": counts,
        "recalled": [
            {
                "date": r["date"],
                "published": r["published"],
                "source": r["source"],
                "text": r["text"],
                "article": r["id"],
            }
            for r in recalled
        ],
        "actors": actors,
        "events": len(reported),
        "events_with_several_reports": sum(1 for e in reported if e["articles"] > 1),
        "event_types": dict(Counter(e["type"] for e in reported).most_common()),
        "timeline": [to_dict(entry) for entry in story.entries],
        "example_id": example[0]["id"] if example else "",
        "example_event": next((e["id"] for e in reported if e["articles"] > 1), reported[0]["id"] if reported else ""),
    }
